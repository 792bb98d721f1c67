"""Importing ideas from another tool, as services: reading, presets, mapping, the all-or-nothing rule, undo."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from ideabox.errors import DomainError, FieldError
from ideabox.extensions import db
from ideabox.imports import services
from ideabox.imports.planning import PLACEHOLDER_EMAIL
from ideabox.imports.presets import detect_preset, guess_mapping
from ideabox.models import (
    AuditEvent, Board, Follow, Idea, IdeaStatus, Import, Notification, OutboxEmail, StatusChange, Tag, User, Vote,
    WebhookDelivery,
)
from ideabox.people import reputation
from ideabox.backers import recount
from tests import factories
from tests.factories_imports import GENERIC_HEADER, count, csv_bytes
from tests.factories_webhooks import make_webhook

ROW = {"title": "Dark mode", "description": "Easier on the eyes", "status": "planned",
       "author email": "Jane@Example.com", "author name": "Jane Roe", "created": "2023-04-05T06:07:08Z",
       "voters": "bo@example.com; casey@example.com al@example.com", "tags": "UI, Accessibility",
       "official response": "On our list for spring."}


def stage(admin, rows, board=None, **kwargs):
    imp = services.start_import(admin, "ideas.csv", kwargs.pop("content", None) or csv_bytes(rows, **kwargs), board=board)
    db.session.commit()
    return imp


def run(imp, admin):
    plan = services.run_import(imp, admin)
    db.session.commit()
    return plan


# --- reading the file ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n", "empty"),
    ("title\nCaf\u00e9".encode("latin-1"), "UTF-8"),
    (b"title,description\n", "no ideas"),
    (b"name,color\nfoo,red\n", "No column looks like a title"),
    (b"title,description\n\"unclosed,x\n", "not a readable CSV"),
])
def test_a_file_that_cannot_be_imported_is_refused_and_nothing_is_stored(admin, board, content, message):
    with pytest.raises(FieldError) as refused:
        services.start_import(admin, "bad.csv", content, board=board)
    assert message in refused.value.message and refused.value.field == "file"
    db.session.rollback()
    assert count(Import) == 0 and count(Idea) == 0


def test_a_file_over_the_size_cap_is_refused(admin, board, monkeypatch):
    monkeypatch.setattr("ideabox.imports.reading.MAX_BYTES", 100)
    with pytest.raises(FieldError, match="larger than"):
        services.start_import(admin, "big.csv", csv_bytes([ROW] * 5), board=board)


def test_excel_bom_and_semicolons_are_read(admin, board):
    imp = stage(admin, [ROW], board=board, delimiter=";", bom=True)
    assert imp.settings["delimiter"] == ";" and imp.settings["mapping"]["title"] == "title"
    plan = services.preview(imp)
    assert [idea.title for idea in plan.new] == ["Dark mode"] and plan.errors == []


def test_only_admins_import(pm, board):
    from ideabox.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.start_import(pm, "ideas.csv", csv_bytes([ROW]), board=board)


# --- presets and mapping ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("header, preset, expected", [
    (["number", "title", "description", "created_at", "created_by", "votes_count", "comments_count", "status",
      "responded_by", "responded_at", "response", "original_number", "original_title", "tags"], "fider",
     {"title": "title", "body": "description", "author_name": "created_by", "vote_count": "votes_count",
      "response": "response", "created_at": "created_at", "status": "status", "tags": "tags"}),
    (["suggestion.id", "suggestion.title", "suggestion.body", "suggestion.forum.name", "suggestion.status.name",
      "suggestion.labels.name", "suggestion.created_timestamp"], "uservoice",
     {"title": "suggestion.title", "body": "suggestion.body", "board": "suggestion.forum.name",
      "status": "suggestion.status.name", "tags": "suggestion.labels.name",
      "created_at": "suggestion.created_timestamp"}),
    (["Title", "Details", "Board", "Status", "Author Name", "Author Email", "Created At", "Votes", "Voters", "Tags"],
     "canny", {"title": "Title", "body": "Details", "board": "Board", "author_email": "Author Email",
               "author_name": "Author Name", "voters": "Voters", "vote_count": "Votes", "created_at": "Created At"}),
    (["title", "content", "author", "authorEmail", "upvotes", "postCategory", "postStatus", "postTags", "date"],
     "featurebase", {"title": "title", "body": "content", "author_name": "author", "author_email": "authorEmail",
                     "vote_count": "upvotes", "board": "postCategory", "status": "postStatus", "tags": "postTags",
                     "created_at": "date"}),
    (GENERIC_HEADER, None, {"title": "title", "body": "description", "status": "status", "board": "board",
                            "author_email": "author email", "author_name": "author name", "created_at": "created",
                            "voters": "voters", "vote_count": "votes", "tags": "tags",
                            "response": "official response"}),
])
def test_each_tool_is_recognised_from_its_header_row(header, preset, expected):
    detected = detect_preset(header)
    assert (detected.key if detected else None) == preset
    mapping = guess_mapping(header, detected)
    assert {field: mapping.get(field) for field in expected} == expected


def test_statuses_of_other_tools_map_onto_ideabox_and_unknown_ones_are_row_errors(admin, board):
    rows = [dict(ROW, title=f"Idea {status}", status=status)
            for status in ["complete", "closed", "started", "Under Review", "", "someday"]]
    imp = stage(admin, rows, board=board)
    assert imp.settings["statuses"] == {"complete": "shipped", "closed": "declined", "started": "in_progress",
                                        "Under Review": "under_review", "": "open", "someday": ""}
    plan = services.preview(imp)
    assert [idea.status for idea in plan.new] == [IdeaStatus.SHIPPED, IdeaStatus.DECLINED, IdeaStatus.IN_PROGRESS,
                                                  IdeaStatus.UNDER_REVIEW, IdeaStatus.OPEN]
    assert plan.errors == [(7, ["Unknown status “someday”: choose what it becomes under Statuses."])]
    services.change_settings(imp, admin, imp.settings["mapping"], {"someday": "planned", "closed": "open"}, board,
                             False, False)
    plan = services.preview(imp)
    assert plan.errors == [] and [idea.status for idea in plan.new][1::4] == [IdeaStatus.OPEN, IdeaStatus.PLANNED]


def test_the_admin_remaps_a_column(admin, board):
    imp = stage(admin, [["Short", "The real title", "ok"]], header=["title", "headline", "note"], board=board)
    services.change_settings(imp, admin, {"title": "headline", "body": "note", "status": "no such column"}, {}, board,
                             False, False)
    assert imp.settings["mapping"] == {"title": "headline", "body": "note"}
    assert [(i.title, i.body) for i in services.preview(imp).new] == [("The real title", "ok")]
    with pytest.raises(FieldError):
        services.change_settings(imp, admin, {"body": "note"}, {}, board, False, False)


# --- row errors and the all-or-nothing rule -----------------------------------------------------------------------

BAD_ROWS = [
    (dict(ROW, title=""), "No title."),
    (dict(ROW, title="x" * 141), "The title has 141 characters; at most 140 fit."),
    (dict(ROW, description="x" * 10_001), "The description has 10001 characters; at most 10000 fit."),
    (dict(ROW, **{"author email": "not-an-email"}), "“not-an-email” is not an email address."),
    (dict(ROW, voters="ok@example.com, nope"), "Not email addresses among the voters: nope."),
    (dict(ROW, board="Nowhere"), "No board is named “Nowhere”"),
    (dict(ROW, created="31/12/2020"), "“31/12/2020” is not a date"),
    (dict(ROW, created="2999-01-01"), "in the future"),
    (dict(ROW, votes="many"), "“many” is not a number of votes."),
    (dict(ROW, **{"official response": "x" * 5001}), "The official response has 5001 characters"),
]


@pytest.mark.parametrize("bad, message", BAD_ROWS)
def test_a_row_error_names_its_line_and_means_nothing_is_written(admin, board, bad, message):
    imp = stage(admin, [ROW | {"title": "Fine idea"}, bad], board=board)
    plan = services.preview(imp)
    assert len(plan.errors) == 1 and plan.errors[0][0] == 3 and message in plan.errors[0][1][0]
    users_before = count(User)
    with pytest.raises(DomainError, match="1 row has an error"):
        services.run_import(imp, admin)
    db.session.rollback()
    assert count(Idea) == 0 and count(User) == users_before and count(Vote) == 0 and count(Tag) == 0
    assert db.session.get(Import, imp.id).state == "previewed"


def test_no_board_is_a_row_error(admin):
    imp = stage(admin, [dict(ROW, board="")])
    assert services.preview(imp).errors == [(2, ["No board: choose the board ideas go to."])]


def test_skip_rows_with_errors_imports_the_others(admin, board):
    imp = stage(admin, [dict(ROW, title="Good one"), dict(ROW, title=""), dict(ROW, title="Good two")], board=board)
    services.change_settings(imp, admin, imp.settings["mapping"], {}, board, False, True)
    plan = run(imp, admin)
    assert sorted(i.title for i in db.session.scalars(select(Idea))) == ["Good one", "Good two"]
    assert imp.counts["errors"] == 1 and imp.counts["ideas"] == 2 and len(plan.errors) == 1


# --- what gets created --------------------------------------------------------------------------------------------

def test_an_import_creates_ideas_accounts_votes_history_and_tags(admin, board, customer):
    factories.make_tag("Accessibility")
    imp = stage(admin, [ROW], board=board)
    run(imp, admin)
    idea = db.session.scalar(select(Idea))
    assert (idea.title, idea.body, idea.status, idea.board_id, idea.import_id) == (
        "Dark mode", "Easier on the eyes", IdeaStatus.PLANNED, board.id, imp.id)
    assert idea.created_at == datetime(2023, 4, 5, 6, 7, 8, tzinfo=timezone.utc)
    author = idea.author
    assert (author.email, author.display_name, author.password_hash, author.role) == (
        "jane@example.com", "Jane Roe", None, "customer")
    voters = {vote.user.email for vote in db.session.scalars(select(Vote).where(Vote.idea_id == idea.id))}
    assert voters == {"jane@example.com", "bo@example.com", "casey@example.com", "al@example.com"}
    assert db.session.scalar(select(User).where(User.email == "casey@example.com")).id == customer.id  # matched
    assert imp.counts == {"ideas": 1, "accounts": 3, "votes": 4, "boards": 1, "new_boards": 0, "already_here": 0,
                          "errors": 0}
    assert sorted(imp.created) == ["boards", "tags", "users"] and len(imp.created["users"]) == 3
    assert [tag.name for tag in idea.tags] == ["Accessibility", "UI"] and len(imp.created["tags"]) == 1
    change = db.session.scalar(select(StatusChange))
    assert (change.from_status, change.to_status, change.note, change.changed_by_id, change.created_at) == (
        IdeaStatus.OPEN, IdeaStatus.PLANNED, "On our list for spring.", None, idea.created_at)
    assert db.session.scalar(select(Follow.user_id)) == author.id
    assert db.session.scalar(select(AuditEvent.action)) == "import.ran"


def test_counters_and_reputation_match_the_apps_own_recompute(admin, board, customer):
    other = factories.make_idea(board, customer, title="Existing idea")
    rows = [ROW, dict(ROW, title="Second", status="complete", voters="zed@example.com")]
    run(stage(admin, rows, board=board), admin)
    ideas = list(db.session.scalars(select(Idea).where(Idea.import_id.isnot(None))))
    stored = [(i.vote_count, i.backer_count, i.comment_count) for i in ideas]
    assert stored == [(4, 4, 0), (2, 2, 0)]
    reputations = {u.id: u.reputation for u in db.session.scalars(select(User))}
    for idea in [*ideas, other]:
        recount(idea)
    assert [(i.vote_count, i.backer_count, i.comment_count) for i in ideas] == stored
    reputation.refresh_everyone()
    assert {u.id: u.reputation for u in db.session.scalars(select(User))} == reputations
    assert reputations[ideas[0].author_id] == 3 + 1 + 10 + 25  # three backers + one, planned + shipped


def test_boards_named_in_the_file_are_matched_by_name_or_slug_and_created_when_asked(admin, board):
    factories.make_board(name="Web app", slug="web")
    rows = [dict(ROW, title="A", board="WEB APP"), dict(ROW, title="B", board="mobile"),
            dict(ROW, title="C", board="Integrations")]
    imp = stage(admin, rows, board=board)
    assert [line for line, _ in services.preview(imp).errors] == [4]
    services.change_settings(imp, admin, imp.settings["mapping"], {}, board, True, False)
    run(imp, admin)
    boards = {i.title: i.board.name for i in db.session.scalars(select(Idea))}
    assert boards == {"A": "Web app", "B": "Mobile app", "C": "Integrations"}
    assert imp.counts["new_boards"] == 1 and db.session.scalar(select(Board.slug).where(Board.name == "Integrations")) == "integrations"


def test_rows_without_an_author_email_go_to_one_placeholder_account(admin, board):
    rows = [dict(ROW, title="A", **{"author email": ""}), dict(ROW, title="B", **{"author email": ""})]
    run(stage(admin, rows, board=board), admin)
    authors = {i.author.email for i in db.session.scalars(select(Idea))}
    assert authors == {PLACEHOLDER_EMAIL}
    assert db.session.scalar(select(User).where(User.email == PLACEHOLDER_EMAIL)).email_confirmed_at is None


def test_reimporting_the_same_file_skips_what_is_already_here(admin, board):
    content = csv_bytes([ROW, dict(ROW, title="Second")])
    run(stage(admin, [], board=board, content=content), admin)
    again = stage(admin, [], board=board, content=content + csv_bytes([dict(ROW, title="Third")])[len(",".join(GENERIC_HEADER)) + 2:])
    plan = services.preview(again)
    assert (len(plan.new), plan.already_here) == (1, 2)
    run(again, admin)
    assert count(Idea) == 3 and again.counts["already_here"] == 2
    with pytest.raises(DomainError, match="nothing new"):
        services.run_import(stage(admin, [], board=board, content=content), admin)


def test_an_import_tells_nobody(admin, board, customer, pm):
    make_webhook("https://example.com/hook")
    run(stage(admin, [dict(ROW, voters="casey@example.com pat@example.com")], board=board), admin)
    assert count(Notification) == 0 and count(OutboxEmail) == 0 and count(WebhookDelivery) == 0


# --- undo ---------------------------------------------------------------------------------------------------------

def test_undo_removes_exactly_what_the_import_created(admin, board, customer):
    kept = factories.make_idea(board, customer, title="Kept")
    imp = stage(admin, [ROW, dict(ROW, title="Second", board="New board")], board=board)
    services.change_settings(imp, admin, imp.settings["mapping"], {}, board, True, False)
    run(imp, admin)
    bo = db.session.scalar(select(User).where(User.email == "bo@example.com"))
    bo.password_hash = "set-by-forgot-password"  # bo came back and set a password: the account stays
    users_before = {u.email for u in db.session.scalars(select(User))}
    db.session.commit()
    removed = services.undo_import(imp, admin)
    db.session.commit()
    assert removed == {"ideas": 2, "accounts": 2, "boards": 1, "tags": 2}
    assert [i.title for i in db.session.scalars(select(Idea))] == ["Kept"] and kept.board_id == board.id
    assert users_before - {u.email for u in db.session.scalars(select(User))} == {"jane@example.com", "al@example.com"}
    assert count(Vote) == 0 and count(StatusChange) == 0 and count(Tag) == 0 and count(Board) == 1
    assert imp.state == "undone" and [e.action for e in db.session.scalars(select(AuditEvent))] == [
        "import.ran", "import.undone"]
    with pytest.raises(DomainError):
        services.undo_import(imp, admin)
