"""`flask seed-demo`: a believable, consistent, reproducible demo community."""
import random
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ideabox.auth.passwords import verify_password
from ideabox.backers import recount
from ideabox.demo.catalog import catalog_size, choose_ideas, clusters, parse, singles
from ideabox.demo.content import (
    BOARDS,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    MERGED_WITHOUT_THEME,
    TAGS,
    THEMES,
    TOPIC_COMMENTS,
)
from ideabox.demo.services import seed_demo
from ideabox.extensions import db
from ideabox.models import (
    AuditEvent,
    Board,
    Comment,
    CommentReaction,
    Idea,
    IdeaStatus,
    Merge,
    Notification,
    ProxyVote,
    Release,
    Role,
    StatusChange,
    Theme,
    User,
    Vote,
)
from tests import factories

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
SMALL = 60


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def summary(app):
    """A small demo, seeded through the service at a fixed moment and committed."""
    result = seed_demo(seed=7, idea_count=SMALL, now=NOW)
    db.session.commit()
    return result


# --- the written corpus -------------------------------------------------------------------


def test_corpus_has_a_few_hundred_ideas_with_25_to_40_duplicate_groups():
    assert 300 <= catalog_size() <= 400
    assert 25 <= len(clusters()) <= 40
    assert all(2 <= len(group) <= 8 for group in clusters())


def test_corpus_texts_fit_the_model_and_name_real_boards_and_tags():
    ideas = [idea for group in clusters() for idea in group] + list(singles())
    titles = [idea.title.lower() for idea in ideas]
    assert len(set(titles)) == len(titles)
    assert all(0 < len(idea.title) <= 140 and len(idea.body) <= 10_000 for idea in ideas)
    assert {idea.board for idea in ideas} == {slug for slug, *_ in BOARDS}
    assert {tag for idea in ideas for tag in idea.tags} <= {slug for slug, *_ in TAGS}
    keys = {group[0].cluster for group in clusters()}
    assert {key for theme in THEMES for key in theme["clusters"]} <= keys
    assert set(TOPIC_COMMENTS) | set(MERGED_WITHOUT_THEME) <= keys
    assert {title for theme in THEMES for title in theme.get("related", ())} <= {idea.title for idea in singles()}


def test_corpus_format_reads_boards_tags_and_markdown_lists():
    text = "[k] mobile | ui, tasks\nFirst\n  Intro:\n  - one\n  - two\n@reporting Second\n@mention people\n"
    [group] = parse(text)
    assert [(idea.title, idea.board, idea.cluster) for idea in group] == [
        ("First", "mobile", "k"), ("Second", "reporting", "k"), ("@mention people", "mobile", "k")]
    assert group[0].body == "Intro:\n\n- one\n- two"
    assert group[0].tags == ("ui", "tasks") and group[1].body == ""


def test_some_duplicate_groups_span_several_boards():
    spanning = [group for group in clusters() if len({idea.board for idea in group}) > 1]
    assert len(spanning) >= 10


# --- the command --------------------------------------------------------------------------


def test_command_creates_one_demo_account_per_role_that_can_sign_in(runner):
    result = runner.invoke(args=["seed-demo", "--ideas", str(SMALL)])
    assert result.exit_code == 0, result.output
    for email, _name, role, account in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.role == Role(role)
        assert verify_password(user.password_hash, DEMO_PASSWORD)
        assert not verify_password(user.password_hash, "wrong password")
        assert (user.customer_account.name if user.customer_account else None) == account
        assert email in result.output
    assert DEMO_PASSWORD in result.output
    assert {role for role in db.session.scalars(select(User.role))} == set(Role)
    assert 150 <= count(User) <= 250


def test_if_empty_run_twice_adds_nothing_the_second_time(runner):
    first = runner.invoke(args=["seed-demo", "--if-empty", "--ideas", str(SMALL)])
    assert first.exit_code == 0, first.output
    before = [count(model) for model in (User, Idea, Vote, Comment, Board)]
    second = runner.invoke(args=["seed-demo", "--if-empty", "--ideas", str(SMALL)])
    assert second.exit_code == 0
    assert "already" in second.output
    assert [count(model) for model in (User, Idea, Vote, Comment, Board)] == before


def test_without_if_empty_a_filled_database_is_refused_untouched(runner):
    runner.invoke(args=["seed-demo", "--ideas", str(SMALL)])
    ideas = count(Idea)
    result = runner.invoke(args=["seed-demo", "--ideas", str(SMALL)])
    assert result.exit_code != 0
    assert "already has boards or ideas" in result.output
    assert count(Idea) == ideas


def test_if_empty_leaves_an_app_with_boards_alone(runner):
    factories.make_board(name="Roadmap", slug="roadmap")
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert "already has boards or ideas" in result.output
    assert count(User) == count(Idea) == 0


def test_an_existing_account_with_a_demo_email_is_reused_untouched(runner):
    admin = factories.make_user(role="admin", email="admin@demo.example.com", display_name="Real Admin")
    result = runner.invoke(args=["seed-demo", "--ideas", str(SMALL)])
    assert result.exit_code == 0, result.output
    assert "password unchanged" in result.output
    db.session.refresh(admin)
    assert admin.display_name == "Real Admin"
    assert verify_password(admin.password_hash, factories.PASSWORD)
    assert db.session.scalar(select(func.count()).where(User.email == "admin@demo.example.com")) == 1


@pytest.mark.parametrize("ideas", ["0", "100000", "many"])
def test_an_impossible_idea_count_is_refused_and_writes_nothing(runner, ideas):
    result = runner.invoke(args=["seed-demo", "--ideas", ideas])
    assert result.exit_code == 2
    assert "--ideas" in result.output
    assert count(User) == count(Idea) == 0


# --- what the demo holds ------------------------------------------------------------------


def test_boards_include_exactly_one_private_board(summary):
    boards = db.session.scalars(select(Board)).all()
    assert len(boards) == summary.boards == len(BOARDS)
    assert [board.slug for board in boards if board.is_private] == ["enterprise"]


def test_private_board_ideas_are_written_and_voted_on_by_staff_only(summary):
    private = select(Idea.id).join(Board).where(Board.is_private)
    assert db.session.scalar(select(func.count()).select_from(private.subquery())) > 0
    customers_on_private = select(func.count()).select_from(Vote).join(User).where(
        Vote.idea_id.in_(private), User.role == Role.CUSTOMER)
    assert db.session.scalar(customers_on_private) == 0
    customer_authors = select(func.count()).select_from(Idea).join(User, Idea.author_id == User.id).where(
        Idea.id.in_(private), User.role == Role.CUSTOMER)
    assert db.session.scalar(customer_authors) == 0


def test_ideas_are_spread_over_months_of_history(summary):
    created = db.session.scalars(select(Idea.created_at)).all()
    assert len(created) == summary.ideas == SMALL
    assert max(created) - min(created) > timedelta(days=180)
    assert len({(moment.year, moment.month) for moment in created}) >= 6
    assert all(moment.tzinfo is not None and moment <= NOW for moment in created)


def test_duplicate_groups_hold_differently_worded_ideas(summary):
    groups = {key: ids for key, ids in summary.clusters.items() if len(ids) >= 2}
    assert len(groups) >= 10
    for ids in groups.values():
        titles = db.session.scalars(select(Idea.title).where(Idea.id.in_(ids))).all()
        assert len(set(titles)) == len(ids)
    boards_per_group = [
        len(set(db.session.scalars(select(Idea.board_id).where(Idea.id.in_(ids))))) for ids in groups.values()
    ]
    assert max(boards_per_group) > 1


def test_counts_match_the_rows_and_the_backers_rule(summary):
    ideas = db.session.scalars(select(Idea)).all()
    stored = {idea.id: (idea.vote_count, idea.backer_count, idea.comment_count) for idea in ideas}
    for idea in ideas:
        votes = db.session.scalar(select(func.count()).where(Vote.idea_id == idea.id))
        public = select(func.count()).where(Comment.idea_id == idea.id, Comment.is_internal.is_(False))
        recount(idea)
        assert stored[idea.id] == (votes, idea.backer_count, db.session.scalar(public))
    assert count(Vote) == summary.votes
    assert count(Comment, Comment.is_internal.is_(False)) == summary.comments
    assert count(Comment, Comment.is_internal.is_(True)) == summary.internal_notes > 0
    assert count(ProxyVote) == summary.proxy_votes > 0
    logged = select(func.count()).where(AuditEvent.action == "proxy_vote")
    assert db.session.scalar(logged) == summary.proxy_votes


def test_merged_duplicates_are_hidden_and_their_votes_count_on_the_primary(summary):
    merged = db.session.scalars(select(Idea).where(Idea.merged_into_id.is_not(None))).all()
    assert merged
    for idea in merged:
        merge = db.session.scalar(select(Merge).where(Merge.merged_idea_id == idea.id))
        assert merge.primary_idea_id == idea.merged_into_id
        assert merge.previous_state["merged_into_id"] is None
        assert idea.merged_into.merged_into_id is None  # no chains
        assert db.session.scalar(select(func.count()).where(
            AuditEvent.action == "merge", AuditEvent.subject_id == idea.merged_into_id)) >= 1
        late = select(func.count()).where(Vote.idea_id == idea.id, Vote.created_at > idea.merged_at)
        assert db.session.scalar(late) == 0
    primaries = {idea.merged_into for idea in merged}
    assert any(primary.backer_count > primary.vote_count for primary in primaries)


def test_nothing_happens_to_an_idea_before_it_was_posted(summary):
    for model in (Vote, Comment, StatusChange, ProxyVote):
        early = select(func.count()).select_from(model).join(Idea, Idea.id == model.idea_id).where(
            model.created_at < Idea.created_at)
        assert db.session.scalar(early) == 0, model.__name__
    assert count(Vote) > 10 * SMALL


def test_every_triaged_idea_has_a_status_history_ending_in_its_status(summary):
    triaged = db.session.scalars(select(Idea).where(Idea.status != IdeaStatus.OPEN, Idea.merged_into_id.is_(None)))
    triaged = triaged.all()
    assert {idea.status for idea in triaged} >= {IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS, IdeaStatus.SHIPPED}
    for idea in triaged:
        history = db.session.scalars(
            select(StatusChange).where(StatusChange.idea_id == idea.id).order_by(StatusChange.created_at)).all()
        assert history[0].from_status == IdeaStatus.OPEN
        assert history[-1].to_status == idea.status
        assert all(a.to_status == b.from_status for a, b in zip(history, history[1:]))
        assert all(change.changed_by.is_staff for change in history)
    replies = db.session.scalars(select(StatusChange.note).where(StatusChange.note != "")).all()
    assert len(replies) >= len(triaged) // 2


def test_shipped_themes_have_releases_and_planned_ones_are_on_the_roadmap(summary):
    themes = db.session.scalars(select(Theme)).all()
    assert {theme.status for theme in themes} >= {IdeaStatus.SHIPPED, IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS}
    for theme in themes:
        members = db.session.scalars(select(Idea).where(Idea.theme_id == theme.id)).all()
        assert members and all(idea.status == theme.status for idea in members)
        releases = db.session.scalars(select(Release).where(Release.theme_id == theme.id)).all()
        if theme.status == IdeaStatus.SHIPPED:
            assert len(releases) == 1 and releases[0].published_at == theme.shipped_at
            assert releases[0].body.strip()
        else:
            assert releases == [] and theme.roadmap_pinned
    shipped_ideas = select(Idea.id).where(Idea.status == IdeaStatus.SHIPPED, Idea.theme_id.is_(None))
    for idea_id in db.session.scalars(shipped_ideas):
        assert db.session.scalar(select(func.count()).where(Release.idea_id == idea_id)) == 1


def test_recent_bursts_make_trending_differ_from_top(app):
    seed_demo(seed=7, idea_count=200, now=NOW)
    db.session.commit()
    recent = select(Vote.idea_id, func.count().label("n")).where(Vote.created_at > NOW - timedelta(days=10))
    recent = recent.group_by(Vote.idea_id).order_by(func.count().desc(), Vote.idea_id).limit(5)
    trending = [row.idea_id for row in db.session.execute(recent)]
    top = db.session.scalars(select(Idea.id).where(Idea.merged_into_id.is_(None))
                             .order_by(Idea.backer_count.desc(), Idea.id).limit(5)).all()
    assert trending != top
    revived = [db.session.get(Idea, idea_id) for idea_id in trending]
    assert any(NOW - idea.created_at > timedelta(days=120) for idea in revived)


def test_demo_customer_has_a_living_account(summary):
    casey = db.session.scalar(select(User).where(User.email == "customer@demo.example.com"))
    assert db.session.scalar(select(func.count()).where(Vote.user_id == casey.id)) >= 5
    assert casey.last_seen_at is not None and casey.last_seen_at <= NOW
    notes = db.session.scalars(select(Notification).where(Notification.user_id == casey.id)).all()
    assert notes and all(note.link.startswith("/ideas/") for note in notes)
    assert any(note.read_at is None for note in notes) and any(note.read_at for note in notes)


def test_same_seed_same_demo_and_another_seed_another(app):
    seed_demo(seed=11, idea_count=40, now=NOW)
    first = db.session.execute(select(Idea.title, Idea.vote_count).order_by(Idea.created_at)).all()
    db.session.rollback()
    assert count(Idea) == 0
    seed_demo(seed=11, idea_count=40, now=NOW)
    again = db.session.execute(select(Idea.title, Idea.vote_count).order_by(Idea.created_at)).all()
    assert [tuple(row) for row in again] == [tuple(row) for row in first]
    titles = {row.title for row in first}
    assert {idea.title for idea in choose_ideas(random.Random(12), 40)} != titles


def test_a_newcomer_sees_a_living_roadmap_and_changelog(summary, client):
    roadmap = client.get("/roadmap").get_data(as_text=True)
    for theme in db.session.scalars(select(Theme).where(Theme.status != IdeaStatus.SHIPPED)):
        assert theme.title in roadmap
    changelog = client.get("/changelog").get_data(as_text=True)
    for release in db.session.scalars(select(Release).where(Release.theme_id.is_not(None))):
        assert release.title.replace("'", "&#39;") in changelog
    assert client.get("/b/feature-requests").status_code == 200
    assert client.get("/b/enterprise").status_code == 404  # the private board stays private


def test_most_roadmap_cards_still_to_ship_carry_an_eta_from_this_month_on(summary):
    ideas = db.session.scalars(select(Idea).where(Idea.theme_id.is_(None), Idea.merged_into_id.is_(None))).all()
    cards = [c for c in [*db.session.scalars(select(Theme)), *ideas]
             if c.status in (IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS)]
    dated = [c for c in cards if c.eta]
    assert cards and len(dated) >= len(cards) / 2
    this_month = NOW.date().replace(day=1)  # the demo was seeded "now" = NOW
    assert all(c.eta.day == 1 and this_month <= c.eta <= this_month.replace(year=this_month.year + 1) for c in dated)


def test_the_demo_pm_finds_ideas_assigned_to_them(app):
    seed_demo()
    db.session.commit()
    owned = db.session.scalars(select(Idea).where(Idea.owner_id.is_not(None))).all()
    assert owned and all(idea.owner.role in (Role.PM, Role.ADMIN) for idea in owned)
    assert all(idea.status.value in ("under_review", "planned", "in_progress") for idea in owned)
    demo_pm = db.session.scalar(select(User).where(User.email == "pm@demo.example.com"))
    assert any(idea.owner_id == demo_pm.id for idea in owned)


def test_comments_collect_reactions_from_others_and_work_is_sized(summary):
    rows = db.session.execute(select(CommentReaction.user_id, Comment.author_id, Comment.is_internal,
                                     CommentReaction.created_at, Comment.created_at)
                              .join(Comment, Comment.id == CommentReaction.comment_id)).all()
    assert rows and all(user != author and not internal for user, author, internal, _at, _posted in rows)
    assert all(posted <= at <= NOW for *_rest, at, posted in rows)
    unshipped = db.session.scalars(select(Theme).where(Theme.status != IdeaStatus.SHIPPED)).all()
    assert any(theme.effort for theme in unshipped)
    assert all(theme.effort in (None, 1, 2, 3, 5, 8) for theme in unshipped)
    kinds = db.session.scalars(select(Release.kind)).all()
    assert kinds and set(kinds) <= {"new", "improved", "fixed"}
    sized = db.session.scalars(select(Idea).where(Idea.effort.is_not(None))).all()
    assert sized and all(not (idea.theme_id or idea.merged_into_id) for idea in sized)
