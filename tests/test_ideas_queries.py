"""Board queries on the database in use: Trending in SQL, search per dialect, filters, home previews."""
import pytest
from sqlalchemy import event, select

from ideabox.extensions import db
from ideabox.ideas import queries
from ideabox.ideas.ranking import trending_scores
from ideabox.models import IdeaStatus, utcnow
from tests import factories
from tests.factories_ideas import add_votes


def titles(query):
    return [idea.title for idea in db.session.scalars(query)]


def test_trending_prefers_many_recent_votes_on_an_old_idea(board, customer):
    old = factories.make_idea(board, customer, title="Old idea, hot again")
    old.created_at = utcnow().replace(year=utcnow().year - 1)
    add_votes(old, 6, hours_ago=1)
    fresh = factories.make_idea(board, customer, title="Brand new idea")
    add_votes(fresh, 2, hours_ago=0)
    stale = factories.make_idea(board, customer, title="Popular last month")
    add_votes(stale, 40, hours_ago=24 * 30)
    assert titles(queries.board_ideas(board, "trending")) == ["Old idea, hot again", "Brand new idea", "Popular last month"]
    assert titles(queries.board_ideas(board, "top")) == ["Popular last month", "Old idea, hot again", "Brand new idea"]
    assert titles(queries.board_ideas(board, "new")) == ["Popular last month", "Brand new idea", "Old idea, hot again"]


def test_trending_score_decays_with_vote_age(board, customer):
    now_idea = factories.make_idea(board, customer, title="now")
    add_votes(now_idea, 1, hours_ago=0)
    day_idea = factories.make_idea(board, customer, title="day")
    add_votes(day_idea, 1, hours_ago=24)
    trending = trending_scores()
    scores = dict(db.session.execute(select(trending.c.idea_id, trending.c.score)).all())
    assert scores[now_idea.id] == pytest.approx(2 ** -1.5, rel=0.02)
    assert scores[day_idea.id] == pytest.approx(26 ** -1.5, rel=0.02)


def test_trending_counts_votes_of_merged_duplicates_for_the_primary(board, customer):
    primary = factories.make_idea(board, customer, title="Primary")
    duplicate = factories.make_idea(board, customer, title="Duplicate", merged_into_id=primary.id)
    add_votes(duplicate, 3, hours_ago=1)
    rival = factories.make_idea(board, customer, title="Rival")
    add_votes(rival, 2, hours_ago=1)
    assert titles(queries.board_ideas(board, "trending")) == ["Primary", "Rival"]


def test_trending_is_one_sql_statement(board, customer):
    for n in range(5):
        add_votes(factories.make_idea(board, customer), n + 1, hours_ago=n)
    statements = []
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert len(titles(queries.board_ideas(board, "trending"))) == 5
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    ordering = [s for s in statements if "FROM ideas" in s and "ORDER BY" in s]
    assert len(ordering) == 1 and "sum(" in ordering[0].lower()


def test_search_needs_every_word_in_title_or_body(board, customer):
    factories.make_idea(board, customer, title="Export reports to CSV", body="Finance needs spreadsheets")
    factories.make_idea(board, customer, title="Dark mode", body="Easier on the eyes at night; export themes")
    factories.make_idea(board, customer, title="Slack alerts", body="Post to a channel")
    assert titles(queries.board_ideas(board, "new", terms="export csv")) == ["Export reports to CSV"]
    assert titles(queries.board_ideas(board, "new", terms="EXPORT Spreadsheets")) == ["Export reports to CSV"]
    assert set(titles(queries.board_ideas(board, "new", terms="export"))) == {"Export reports to CSV", "Dark mode"}
    assert titles(queries.board_ideas(board, "new", terms="kanban")) == []


def test_search_dialect_behaviour(board, customer):
    factories.make_idea(board, customer, title="Exporting reports", body="")
    factories.make_idea(board, customer, title="100% match_rate", body="")
    # Web-search syntax on both: -word excludes.
    assert titles(queries.board_ideas(board, "new", terms="export report")) == ["Exporting reports"]
    assert titles(queries.board_ideas(board, "new", terms="reports -exporting")) == []
    # Stemming on both (SQLite through its FTS5 index, migration 0038); whole words, never a part of one.
    assert titles(queries.board_ideas(board, "new", terms="exported")) == ["Exporting reports"]
    assert titles(queries.board_ideas(board, "new", terms="export")) == ["Exporting reports"]
    assert titles(queries.board_ideas(board, "new", terms="xport")) == []
    assert titles(queries.board_ideas(board, "new", terms="a_e")) == []


@pytest.fixture
def demo_like(board, customer):
    """Ideas worded as the demo's, and one with both "dark" and "mode", far apart."""
    factories.make_idea(board, customer, title="Dark mode",
                        body="A dark colour scheme for the web and mobile apps, following the system setting.")
    factories.make_idea(board, customer, title="Timeline (Gantt) view", body="Plan a project's tasks on a timeline.")
    factories.make_idea(board, customer, title="Mode switcher", body="Switch between list and board view in the dark.")


@pytest.mark.parametrize("terms, expected", [
    ("dark mode", ["Dark mode", "Mode switcher"]),
    ("Dark mode!", ["Dark mode", "Mode switcher"]),
    ("dark-mode", ["Dark mode", "Mode switcher"]),
    ("mode,", ["Dark mode", "Mode switcher"]),
    ('"dark"', ["Dark mode", "Mode switcher"]),
    ('"dark mode"', ["Dark mode"]),
    ("gantt?", ["Timeline (Gantt) view"]),
    ("(gantt) OR switcher...", ["Timeline (Gantt) view", "Mode switcher"]),
    ('"dark mode" -colour', []),
])
def test_search_reads_words_as_people_mean_them_on_both_databases(board, demo_like, terms, expected):
    assert sorted(titles(queries.board_ideas(board, "new", terms=terms))) == sorted(expected)


@pytest.mark.parametrize("terms", ["?!", "%", "-", '""', "or", "… — !"])
def test_a_search_without_a_word_is_no_search(board, demo_like, terms):
    assert titles(queries.board_ideas(board, "new", terms=terms)) == titles(queries.board_ideas(board, "new"))


def test_search_reads_percent_and_underscore_as_word_breaks_and_still_finds_the_idea(board, customer):
    for title in ("50% off for charities", "500 seats", "snake_case field names", "snakeycase"):
        factories.make_idea(board, customer, title=title)
    assert titles(queries.board_ideas(board, "new", terms="50%")) == ["50% off for charities"]
    assert titles(queries.board_ideas(board, "new", terms="snake_case")) == ["snake_case field names"]


def test_search_on_postgresql_can_use_the_search_index(board, customer):
    """The search's SQL must hold the index's expression, or PostgreSQL reads every idea of the board."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the GIN index is PostgreSQL's; SQLite searches its FTS5 table")
    from sqlalchemy import text

    from ideabox.ideas.search import search_condition
    from ideabox.models import Idea

    factories.make_idea(board, customer, title="Exporting reports", body="to CSV")
    factories.make_idea(board, customer, title="Dark mode", body="")
    db.session.commit()
    query = select(Idea.title).where(search_condition("export csv"))
    with db.engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))  # two rows would be read whole anyway
        plan = "\n".join(connection.execute(text("EXPLAIN " + str(query.compile(
            db.engine, compile_kwargs={"literal_binds": True})))).scalars())
        found = connection.execute(query).scalars().all()
    assert "ix_ideas_search" in plan
    assert found == ["Exporting reports"]


def test_filters_by_status_and_tag_and_hides_withdrawn_and_merged(board, customer):
    tag = factories.make_tag("Reports")
    planned = factories.make_idea(board, customer, title="Planned one", status=IdeaStatus.PLANNED)
    planned.tags = [tag]
    factories.make_idea(board, customer, title="Open one")
    factories.make_idea(board, customer, title="Withdrawn", withdrawn_at=utcnow())
    factories.make_idea(board, customer, title="Merged", merged_into_id=planned.id)
    db.session.commit()
    assert set(titles(queries.board_ideas(board, "top"))) == {"Planned one", "Open one"}
    assert titles(queries.board_ideas(board, "top", status=IdeaStatus.PLANNED)) == ["Planned one"]
    assert titles(queries.board_ideas(board, "top", tag=tag)) == ["Planned one"]
    assert queries.status_counts(board) == {IdeaStatus.PLANNED: 1, IdeaStatus.OPEN: 1}
    assert queries.board_tags(board) == [tag]


def test_home_counts_and_previews(board, customer, pm, executive):
    other = factories.make_board(name="Web", slug="web")
    private = factories.make_board(name="Internal", slug="internal", is_private=True)
    for n in range(5):
        idea = factories.make_idea(board, customer, title=f"Mobile {n}")
        add_votes(idea, n)
    factories.make_idea(other, customer, title="Web only")
    factories.make_idea(board, customer, title="Gone", withdrawn_at=utcnow())
    boards = [board, other, private]
    ids = [b.id for b in boards]
    assert queries.idea_counts(ids) == {board.id: 5, other.id: 1}
    previews = queries.top_ideas_by_board(ids)
    assert [i.title for i in previews[board.id]] == ["Mobile 4", "Mobile 3", "Mobile 2"]
    assert [i.title for i in previews[other.id]] == ["Web only"]
    assert previews[private.id] == []
    assert [b.slug for b in db.session.scalars(queries.visible_boards(customer))] == ["mobile", "web"]
    assert [b.slug for b in db.session.scalars(queries.visible_boards(executive))] == ["mobile", "web", "internal"]
