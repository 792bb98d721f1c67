"""Search matches whole words, stemmed as English, on SQLite as on PostgreSQL, and SQLite's index keeps up."""
import zipfile

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.engine import Engine

from ideabox import create_app
from ideabox.extensions import db
from ideabox.ideas import queries, services
from ideabox.models import Board
from tests import factories
from tests.test_search_page import titles as page_titles

EXPORTS = {"Export tasks to CSV", "Scheduled exports", "Exporting a board to PDF"}
TASKS = {"Export tasks to CSV", "Recurring task"}
MODES = {"Dark mode", "Colour modes"}
OTHERS = {"Two-factor authentication", "Duplicate a project", "A cat in the empty state"}
ALL = EXPORTS | TASKS | MODES | OTHERS


def found(board, terms) -> set[str]:
    return {idea.title for idea in db.session.scalars(queries.board_ideas(board, "new", terms=terms))}


@pytest.fixture
def ideas(board, customer):
    bodies = {
        "Export tasks to CSV": "For the monthly report",
        "Scheduled exports": "Every Monday morning",
        "Exporting a board to PDF": "",
        "Recurring task": "Repeat it every week",
        "Dark mode": "Easier on the eyes at night",
        "Colour modes": "High contrast and sepia",
        "Two-factor authentication": "Codes from a phone app",
        "Duplicate a project": "Copy its settings",
        "A cat in the empty state": "",
    }
    return {title: factories.make_idea(board, customer, title=title, body=body) for title, body in bodies.items()}


@pytest.mark.parametrize("terms, expected", [
    ("exports", EXPORTS), ("export", EXPORTS), ("exporting", EXPORTS), ("EXPORTED", EXPORTS),
    ("task", TASKS), ("tasks", TASKS),
    ("mode", MODES), ("modes", MODES),
    ("repeats", {"Recurring task"}),  # in the body
])
def test_a_word_finds_its_plurals_and_inflections(board, ideas, terms, expected):
    assert found(board, terms) == expected


@pytest.mark.parametrize("terms, expected", [
    ("cat", {"A cat in the empty state"}),  # not authentication, not duplicate
    ("port", set()),  # not export
    ("xport", set()),
    ("dupl", set()),
])
def test_a_word_is_not_found_inside_other_words(board, ideas, terms, expected):
    assert found(board, terms) == expected


def test_the_search_page_finds_a_plural_and_no_word_inside_another(client, ideas):
    assert set(page_titles(client.get("/search?q=exports"))) == EXPORTS
    assert page_titles(client.get("/search?q=cat")) == ["A cat in the empty state"]


@pytest.mark.parametrize("terms, expected", [
    ('"export tasks"', {"Export tasks to CSV"}),
    ('"exporting task"', {"Export tasks to CSV"}),  # a phrase is stemmed too
    ('"tasks export"', set()),
    ('"monthly report"', {"Export tasks to CSV"}),
    ('"dark mode" "easier"', {"Dark mode"}),
])
def test_a_quoted_phrase_needs_its_words_in_order(board, ideas, terms, expected):
    assert found(board, terms) == expected


@pytest.mark.parametrize("terms, expected", [
    ("export -csv", EXPORTS - {"Export tasks to CSV"}),
    ("export -csv -pdf", {"Scheduled exports"}),
    ('export -"monthly report"', EXPORTS - {"Export tasks to CSV"}),
    ("-export", ALL - EXPORTS),  # exclusions alone: every idea without the word
    ("-export -modes -task", OTHERS),
    ("-task or mode", ALL - TASKS),
    ("cat or -export", ALL - EXPORTS),
])
def test_a_minus_excludes_even_alone(board, ideas, terms, expected):
    assert found(board, terms) == expected


@pytest.mark.parametrize("terms, expected", [
    ("csv or pdf", {"Export tasks to CSV", "Exporting a board to PDF"}),
    ("CSV OR sepia", {"Export tasks to CSV", "Colour modes"}),
    ("export csv or dark", {"Export tasks to CSV", "Dark mode"}),
    ("or cat or", {"A cat in the empty state"}),
])
def test_or_between_alternatives(board, ideas, terms, expected):
    assert found(board, terms) == expected


@pytest.mark.parametrize("terms", ["csv*", "^csv", "csv:", "(csv)", "{csv}", "csv +", "'csv'", 'csv"'])
def test_search_syntax_characters_are_punctuation(board, ideas, terms):
    assert found(board, terms) == {"Export tasks to CSV"}


@pytest.mark.parametrize("terms", ["?!", "-", "*", '""', "or", "-^"])
def test_a_search_of_punctuation_only_is_no_search(board, ideas, terms):
    assert found(board, terms) == set(ideas)


def test_an_edited_idea_is_found_by_its_new_words_only(board, ideas, customer):
    idea = ideas["Dark mode"]
    services.edit_idea(idea, customer, title="Night theme", body="Easier on the eyes after sunset")
    db.session.commit()
    assert found(board, "dark") == set()
    assert found(board, "night") == {"Night theme"} and found(board, "sunsets") == {"Night theme"}
    assert found(board, "modes") == {"Colour modes"}
    ideas["Colour modes"].vote_count += 1  # a recount writes the idea, not its words
    db.session.commit()
    assert found(board, "modes") == {"Colour modes"}
    _assert_index_in_step()


def test_a_withdrawn_idea_is_not_found_and_a_deleted_one_leaves_nothing_behind(board, ideas, customer):
    services.withdraw_idea(ideas["Recurring task"], customer)
    db.session.commit()
    assert found(board, "task") == {"Export tasks to CSV"}
    last = ideas["A cat in the empty state"]
    last_id = last.id
    db.session.delete(last)
    db.session.commit()
    # SQLite gives the next idea the deleted one's id: the index must not lend it the deleted words
    newer = factories.make_idea(board, customer, title="Kanban board", body="Columns for each status")
    assert found(board, "cat") == set() and found(board, "kanban") == {"Kanban board"}
    if db.engine.dialect.name == "sqlite":
        assert newer.id == last_id
    _assert_index_in_step()


def test_a_backup_leaves_the_index_out_and_a_restore_into_sqlite_rebuilds_it(board, customer, runner,
                                                                             empty_database, tmp_path):
    """From a SQLite or a PostgreSQL site alike: the restored ideas fill the index through its triggers."""
    from tests.test_backup import back_up, restore_into

    factories.make_idea(board, customer, title="Export tasks to CSV")
    back_up(runner, tmp_path / "site.zip")
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        assert [name for name in archive.namelist() if "ideas_fts" in name] == []
    target, result = restore_into(empty_database("sqlite"), tmp_path / "site.zip", tmp_path)
    assert result.exit_code == 0, result.output
    with target.app_context():
        restored = db.session.scalar(select(Board).where(Board.slug == board.slug))
        assert found(restored, "exports") == {"Export tasks to CSV"}
        _assert_index_in_step()
        db.session.remove()
        db.engine.dispose()


def test_the_index_keeps_up_on_a_sqlite_built_to_distrust_schemas(board, customer):
    """Some builds of SQLite start each connection with trusted_schema OFF, where the triggers may not write."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a setting of SQLite's")

    def distrust(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA trusted_schema=OFF")

    event.listen(Engine, "connect", distrust, insert=True)  # before the app's own settings, as a build default
    try:
        db.session.remove()
        db.engine.dispose()
        idea = factories.make_idea(board, customer, title="Export tasks to CSV")
        services.edit_idea(idea, customer, title="Scheduled exports")
        db.session.commit()
        assert found(board, "export") == {"Scheduled exports"}
        db.session.delete(idea)
        db.session.commit()
        _assert_index_in_step()
    finally:
        event.remove(Engine, "connect", distrust)
        db.session.remove()
        db.engine.dispose()


def _assert_index_in_step():
    """SQLite checks its search index against the ideas it indexes (an error if they differ)."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO ideas_fts(ideas_fts, rank) VALUES ('integrity-check', 1)"))


def test_migration_0038_indexes_the_ideas_already_there(tmp_path):
    """An existing SQLite database: its ideas are found stemmed after the upgrade; the downgrade takes it away."""
    from flask_migrate import downgrade, upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "SECRET_KEY": "k"})
    with app.app_context():
        upgrade(revision="0037")
        board = factories.make_board(name="Web", slug="web")
        author = factories.make_user()
        factories.make_idea(board, author, title="Export tasks to CSV", body="For the monthly report")
        factories.make_idea(board, author, title="Two-factor authentication")
        upgrade(revision="0038")
        assert found(board, "exports") == {"Export tasks to CSV"}
        assert found(board, "reports") == {"Export tasks to CSV"} and found(board, "cat") == set()
        factories.make_idea(board, author, title="Dark modes")
        assert found(board, "mode") == {"Dark modes"}
        _assert_index_in_step()
        downgrade(revision="0037")
        with db.engine.connect() as connection:
            left = connection.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'ideas_fts%'")).all()
        assert left == []
        factories.make_idea(board, author, title="Posted after the downgrade")  # no trigger left pointing nowhere
        db.session.remove()
        db.engine.dispose()
