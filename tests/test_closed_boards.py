"""Boards closed to new ideas: readable, votable and commentable, but nobody posts on them (staff reopen first)."""
import re

import pytest
from flask_babel import force_locale
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select, text

from ideabox import create_app
from ideabox.admin import services as admin_services
from ideabox.errors import FieldError
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas import services
from ideabox.models import AuditEvent, Board, Comment, Follow, Idea, Vote
from tests import factories
from tests.conftest import ROLES, login
from tests.test_ideas_actions import assert_sent_to_sign_in

MESSAGE = "Legacy app is retired: ideas for the new one go on the Mobile app board."
SIGNED_IN = [role for role in ROLES if role != "anonymous"]
STAFF = ["pm", "admin"]


@pytest.fixture(autouse=True)
def default_locale(app):
    """Services translate their messages; outside a request there is no browser language to pick."""
    with force_locale("en"):
        yield


@pytest.fixture
def legacy(app):
    """A retired product's board, closed to new ideas, with the message PMs left on it."""
    return factories.make_board(name="Legacy app", slug="legacy", accepts_ideas=False, closed_message=MESSAGE)


@pytest.fixture
def old_idea(legacy, other_customer):
    return factories.make_idea(legacy, other_customer, title="Export reports to CSV", body="Our finance team wants spreadsheets.")


def text_of(response) -> str:
    return response.get_data(as_text=True)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def board_state(board_id) -> tuple:
    db.session.expire_all()
    board = db.session.get(Board, board_id)
    return board.accepts_ideas, board.closed_message


# --- the service, without HTTP ------------------------------------------------------------


@pytest.mark.parametrize("role", SIGNED_IN)
def test_submit_idea_refuses_a_closed_board_for_every_role(legacy, role):
    author = factories.make_user(role=role)
    with pytest.raises(DomainError) as refused:
        services.submit_idea(legacy, author, "A new idea", "Details")
    assert refused.value.message == f"“Legacy app” is closed to new ideas. {MESSAGE}"
    db.session.rollback()
    assert count(Idea) == 0 and count(Vote) == 0 and count(Follow) == 0


def test_without_a_message_the_refusal_still_says_why(customer):
    quiet = factories.make_board(name="Beta", slug="beta", accepts_ideas=False)
    with pytest.raises(DomainError) as refused:
        services.submit_idea(quiet, customer, "A new idea")
    assert refused.value.message == "“Beta” is closed to new ideas."


def test_a_reopened_board_takes_ideas_again(legacy, pm, customer):
    admin_services.save_board(pm, legacy, name=legacy.name, slug=legacy.slug, accepts_ideas=True, closed_message=MESSAGE)
    db.session.commit()
    idea = services.submit_idea(legacy, customer, "Back in business")
    assert idea.board_id == legacy.id and idea.backer_count == 1


def test_saving_a_board_closes_it_on_the_audit_log(pm, board):
    admin_services.save_board(pm, board, name=board.name, slug=board.slug, accepts_ideas=False, closed_message=f"  {MESSAGE} ")
    db.session.commit()
    assert board_state(board.id) == (False, MESSAGE)
    event = db.session.scalars(select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.subject_id) == ("board.saved", pm.id, board.id)
    assert (event.details["accepts_ideas"], event.details["closed_message"]) == (False, MESSAGE)


def test_boards_accept_ideas_unless_told_otherwise(pm):
    board = admin_services.save_board(pm, None, name="Web", slug="web")
    db.session.commit()
    assert board_state(board.id) == (True, "")


def test_save_board_refuses_a_message_over_300_characters(pm, board):
    with pytest.raises(FieldError) as refused:
        admin_services.save_board(pm, board, name=board.name, slug=board.slug, accepts_ideas=False, closed_message="m" * 301)
    assert refused.value.field == "closed_message" and refused.value.message == "Use at most 300 characters."
    db.session.rollback()
    assert board_state(board.id) == (True, "") and count(AuditEvent) == 0


# --- the new-idea page of a closed board, for every role ------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_closed_page_instead_of_the_form(client, as_role, legacy, role):
    as_role(role)
    response = client.get("/b/legacy/new")
    page = text_of(response)
    assert response.status_code == 200
    assert "Legacy app takes no new ideas" in page and "Closed to new ideas" in page and MESSAGE in page
    assert 'id="idea-form"' not in page and 'data-testid="unposted-draft"' not in page
    assert ('data-testid="reopen-board"' in page) == (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_s_post_is_refused_and_shown_back_unposted(client, as_role, legacy, role):
    as_role(role)
    response = client.post_form("/b/legacy/new", {"title": "Dark <b>mode</b> please", "body": "Line one\nLine two"})
    page = text_of(response)
    assert response.status_code == 409 and MESSAGE in page
    draft = page.split('data-testid="unposted-draft"')[1]
    assert "Your idea was not posted" in draft
    assert 'value="Dark &lt;b&gt;mode&lt;/b&gt; please"' in draft and ">Line one\nLine two</textarea>" in draft
    assert count(Idea) == 0


def test_an_empty_post_shows_no_draft(client, legacy, customer):
    login(client, customer)
    response = client.post_form("/b/legacy/new", {"title": "", "body": ""})
    assert response.status_code == 409 and 'data-testid="unposted-draft"' not in text_of(response)


def test_the_closed_page_offers_only_boards_open_to_ideas(client, legacy, board, private_board, customer, pm):
    factories.make_board(name="Old beta", slug="old-beta", accepts_ideas=False)
    login(client, customer)
    offered = text_of(client.get("/b/legacy/new")).split('data-testid="open-boards"')[1].split("</aside>")[0]
    assert 'href="/b/mobile/new"' in offered
    assert "/b/old-beta/new" not in offered and "/b/legacy/new" not in offered and "/b/internal/new" not in offered
    login(client, pm)
    offered = text_of(client.get("/b/legacy/new")).split('data-testid="open-boards"')[1].split("</aside>")[0]
    assert 'href="/b/internal/new"' in offered and "/b/old-beta/new" not in offered


def test_a_closed_private_board_stays_hidden_from_customers(client, customer):
    factories.make_board(name="Internal", slug="internal", is_private=True, accepts_ideas=False, closed_message=MESSAGE)
    login(client, customer)
    assert client.get("/b/internal/new").status_code == 404
    assert client.post_form("/b/internal/new", {"title": "Hmm"}).status_code == 404


def test_open_boards_still_send_visitors_to_sign_in(client, board):
    assert_sent_to_sign_in(client.get("/b/mobile/new"), "/b/mobile/new")


def test_posting_to_a_closed_board_needs_a_csrf_token(client, legacy, customer):
    login(client, customer)
    response = client.post("/b/legacy/new", data={"title": "Sneaky"})
    assert response.status_code == 400 and "Reload the page" in text_of(response)
    assert count(Idea) == 0


# --- the admin form ------------------------------------------------------------------------


def board_form(board, **changes) -> dict:
    data = {"name": board.name, "slug": board.slug, "description": board.description,
            "accepts_ideas": "y" if board.accepts_ideas else "", "closed_message": board.closed_message}
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


@pytest.mark.parametrize("role", ROLES)
def test_only_pms_and_admins_close_a_board(client, as_role, board, role):
    as_role(role)
    response = client.post_form(f"/admin/boards/{board.id}/edit", board_form(board, accepts_ideas="", closed_message=MESSAGE))
    if role in STAFF:
        assert response.status_code == 303 and board_state(board.id) == (False, MESSAGE)
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert board_state(board.id) == (True, "")


def test_the_form_offers_the_setting_on_by_default_and_shows_a_closed_board_as_closed(client, pm, legacy):
    login(client, pm)
    new = text_of(client.get("/admin/boards/new"))
    assert "Accept new ideas" in new and "Message when closed" in new and _ticked(new)
    edit = text_of(client.get(f"/admin/boards/{legacy.id}/edit"))
    assert not _ticked(edit) and f"{MESSAGE}</textarea>" in edit


def _ticked(page) -> bool:
    """Whether the page's "Accept new ideas" checkbox is ticked."""
    return "checked" in re.search(r'<input[^>]*id="accepts_ideas"[^>]*>', page).group(0)


def test_a_pm_closes_and_reopens_a_board_through_the_form(client, pm, board):
    login(client, pm)
    client.post_form(f"/admin/boards/{board.id}/edit", board_form(board, accepts_ideas="", closed_message=MESSAGE))
    assert board_state(board.id) == (False, MESSAGE)
    listing = text_of(client.get("/admin/boards"))
    assert 'data-testid="board-closed-pill"' in listing
    client.post_form(f"/admin/boards/{board.id}/edit", board_form(board, accepts_ideas="y"))
    assert board_state(board.id) == (True, MESSAGE)  # kept for the next time it closes; shown only while closed
    assert 'data-testid="board-closed-pill"' not in text_of(client.get("/admin/boards"))
    assert [e.details["accepts_ideas"] for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))] == [False, True]


def test_a_message_too_long_is_refused_clearly_and_nothing_is_saved(client, pm, board):
    login(client, pm)
    response = client.post_form(f"/admin/boards/{board.id}/edit", board_form(board, name="Renamed", accepts_ideas="",
                                                                            closed_message="m" * 301))
    page = text_of(response)
    assert response.status_code == 200 and "Use at most 300 characters." in page
    assert 'id="closed_message-errors"' in page
    assert board_state(board.id) == (True, "") and db.session.get(Board, board.id).name == "Mobile app"
    assert count(AuditEvent) == 0


def test_closing_a_board_needs_a_csrf_token(client, pm, board):
    login(client, pm)
    response = client.post(f"/admin/boards/{board.id}/edit", data=board_form(board, accepts_ideas="", closed_message=MESSAGE))
    assert response.status_code == 400 and board_state(board.id) == (True, "")


# --- what stays open on a closed board ------------------------------------------------------


def test_votes_comments_and_follows_still_work(client, old_idea, customer):
    login(client, customer)
    assert client.post_form(f"/ideas/{old_idea.id}/vote").status_code == 303
    assert client.post_form(f"/ideas/{old_idea.id}/comments", {"body": "We still use it daily."}).status_code == 303
    db.session.expire_all()
    assert count(Vote, Vote.idea_id == old_idea.id, Vote.user_id == customer.id) == 1
    assert db.session.get(Idea, old_idea.id).backer_count == 1
    assert count(Comment, Comment.idea_id == old_idea.id, Comment.author_id == customer.id) == 1
    assert count(Follow, Follow.idea_id == old_idea.id, Follow.user_id == customer.id) == 1  # commenting follows
    assert client.post_form(f"/ideas/{old_idea.id}/follow").status_code == 303
    assert count(Follow, Follow.idea_id == old_idea.id, Follow.user_id == customer.id) == 0
    response = client.htmx_post(f"/ideas/{old_idea.id}/vote", {"next": "/b/legacy"})
    assert response.status_code == 200 and count(Vote, Vote.idea_id == old_idea.id) == 0


def test_its_ideas_can_still_be_edited_by_their_author(client, old_idea, other_customer):
    login(client, other_customer)
    response = client.post_form(f"/ideas/{old_idea.id}/edit", {"title": "Export every report to CSV"})
    assert response.status_code == 303 and db.session.get(Idea, old_idea.id).title == "Export every report to CSV"


@pytest.mark.parametrize("role", STAFF)
def test_staff_still_move_ideas_into_a_closed_board(client, as_role, board, legacy, customer, role):
    idea = factories.make_idea(board, customer, title="Offline mode for the old app")
    as_role(role)
    page = text_of(client.get(f"/ideas/{idea.id}"))
    assert f'<option value="{legacy.id}">Legacy app (closed to new ideas)</option>' in page
    assert client.post_form(f"/ideas/{idea.id}/move", {"board": str(legacy.id)}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).board_id == legacy.id


def test_the_move_service_accepts_a_closed_board(board, legacy, customer, pm):
    idea = factories.make_idea(board, customer)
    services.move_idea(idea, legacy, pm)
    db.session.commit()
    assert idea.board_id == legacy.id


# --- the home and board pages ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_home_shows_the_badge_and_message_instead_of_the_post_link(client, as_role, board, legacy, role):
    as_role(role)
    page = text_of(client.get("/"))
    cards = page.split('data-testid="board-card"')[1:]
    closed, open_ = (next(card for card in cards if f'href="/b/{slug}"' in card) for slug in ("legacy", "mobile"))
    assert 'data-testid="board-closed"' in closed and "Closed to new ideas" in closed and MESSAGE in closed
    assert "/b/legacy/new" not in page and "Post an idea" not in closed
    assert 'href="/b/mobile/new"' in open_ and 'data-testid="board-closed"' not in open_


@pytest.mark.parametrize("role", ROLES)
def test_the_board_page_shows_the_badge_and_message_and_no_post_link(client, as_role, old_idea, role):
    as_role(role)
    page = text_of(client.get("/b/legacy"))
    assert 'data-testid="board-closed"' in page and "Closed to new ideas" in page and MESSAGE in page
    assert "/b/legacy/new" not in page and 'data-testid="new-idea"' not in page and "Post an idea" not in page
    assert "Export reports to CSV" in page and f'action="/ideas/{old_idea.id}/vote"' in page


def test_an_empty_closed_board_does_not_invite_a_first_idea(client, legacy):
    page = text_of(client.get("/b/legacy"))
    assert "No ideas yet" in page and "This board takes no new ideas." in page and "Be the first" not in page
    assert "/b/legacy/new" not in page


def test_the_message_is_plain_text(client):
    factories.make_board(name="Old", slug="old", accepts_ideas=False, closed_message="<script>alert(1)</script> **bold**")
    page = text_of(client.get("/b/old"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in page and "<script>alert(1)" not in page


def test_an_open_board_keeps_its_post_links(client, board):
    page = text_of(client.get("/b/mobile"))
    assert 'data-testid="new-idea"' in page and 'data-testid="board-closed"' not in page


# --- similar ideas while typing -------------------------------------------------------------


def test_similar_ideas_on_another_board_still_find_a_closed_board_s_ideas(client, board, old_idea, customer):
    login(client, customer)
    response = client.get("/similar", query_string={"title": "Download reports as a CSV spreadsheet", "board": "mobile"},
                          headers={"HX-Request": "true"})
    results = text_of(response)
    assert "Export reports to CSV" in results and "in Legacy app" in results
    assert f'formaction="/ideas/{old_idea.id}/vote"' in results
    client.post_form(f"/ideas/{old_idea.id}/vote", {"next": f"/ideas/{old_idea.id}"})
    assert count(Vote, Vote.idea_id == old_idea.id, Vote.user_id == customer.id) == 1


def test_the_similar_page_of_a_closed_board_does_not_offer_to_post(client, legacy, board):
    for slug, offered in (("legacy", False), ("mobile", True)):
        page = text_of(client.get("/similar", query_string={"title": "Something nobody asked for", "board": slug}))
        assert (f'href="/b/{slug}/new"' in page) == offered


# --- the migration --------------------------------------------------------------------------


def test_migration_0020_keeps_existing_boards_open_and_downgrades(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "SECRET_KEY": "k"})
    with app.app_context():
        upgrade(revision="0019")
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO boards (slug, name, description, is_private, created_at)"
                                    " VALUES ('old', 'Old', '', 0, '2026-01-01 00:00:00')"))
        upgrade(revision="0020")
        with db.engine.connect() as connection:
            assert tuple(connection.execute(text("SELECT accepts_ideas, closed_message FROM boards")).one()) == (1, "")
        downgrade(revision="0019")
        columns = {column["name"] for column in inspect(db.engine).get_columns("boards")}
        assert "accepts_ideas" not in columns and "closed_message" not in columns and "slug" in columns
        db.engine.dispose()
