"""An IdeaBox export imported again: formula-protected text reads back as it was, merged backers come along."""
from sqlalchemy import select

from ideabox.backers import backer_user_ids
from ideabox.extensions import db
from ideabox.imports import services
from ideabox.imports.exporting import idea_rows
from ideabox.imports.reading import read_table
from ideabox.merging.services import merge_ideas
from ideabox.models import Idea, User
from ideabox.spreadsheets import csv_text
from tests import factories
from tests.factories_merging import make_vote

# titles and bodies the export writes behind a ' (spreadsheets.FORMULA_START), and genuine apostrophes
FORMULA_LIKE = [
    ("=SUM(A1:A9) totals in reports", "=A1*2 should work in the table widget"),
    ("+1 buttons on comments", "+ a counter beside each"),
    ("-1 day offset in reports", "- start the week on Monday\n- show the offset"),
    ("@mention people in comments", "@here should notify everyone"),
    ("'-quoted' dashes in titles", "'=' is literal here"),
    ("'Tis the season for dark mode", "'quoted' first word"),
    ("Écran sombre", "Mode nuit"),  # compared lower-cased by Python: SQLite's lower() leaves É alone
]


def exported() -> bytes:
    """The file Admin → Import's export link downloads."""
    return "".join(csv_text(idea_rows())).encode()


def import_elsewhere(admin, board, content: bytes):
    """Import `content` as another IdeaBox would: the board it names is new there (this one is renamed away)."""
    board.name, board.slug = "Retired", "retired"
    db.session.commit()
    imp = services.start_import(admin, "export.csv", content)
    services.change_settings(imp, admin, imp.settings["mapping"], {}, None, True, False)
    plan = services.run_import(imp, admin)
    db.session.commit()
    return plan, imp


def test_reimporting_the_export_counts_formula_like_ideas_as_already_here(runner, board, customer, tmp_path):
    for title, body in FORMULA_LIKE:
        factories.make_idea(board, customer, title=title, body=body)
    factories.make_idea(board, customer, title="\tTabbed title", body="\tindented code")  # stored by no form
    path = tmp_path / "export.csv"
    path.write_bytes(exported())
    dry = runner.invoke(args=["import-ideas", str(path), "--board", board.slug, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"0 idea(s), 0 new account(s), 0 vote(s), 0 board(s) (0 new), {len(FORMULA_LIKE) + 1} already here" \
        in dry.output


def test_formula_like_titles_and_bodies_come_back_unchanged_on_another_site(admin, board, customer):
    for title, body in FORMULA_LIKE:
        make_vote(factories.make_idea(board, customer, title=title, body=body), customer)
    factories.make_idea(board, customer, title="\tTabbed title", body="\tindented code")
    plan, imp = import_elsewhere(admin, board, exported())
    assert (len(plan.new), plan.already_here) == (len(FORMULA_LIKE) + 1, 0)
    imported = {(idea.title, idea.body) for idea in db.session.scalars(select(Idea).where(Idea.import_id == imp.id))}
    # the tab comes back as submit_idea cleans any title and description
    assert imported == {*FORMULA_LIKE, ("Tabbed title", "indented code")}


def test_the_export_lists_every_backer_of_a_merged_family_once_and_the_import_keeps_them(admin, board, pm):
    author, other, *voters = (factories.make_user() for _ in range(5))
    primary = factories.make_idea(board, author, title="SAML SSO")
    duplicate = factories.make_idea(board, other, title="Single sign-on with Okta")
    for idea, users in ((primary, [author, *voters[:2]]), (duplicate, [other, *voters[1:]])):
        for user in users:
            make_vote(idea, user)
    merge_ideas(primary, [duplicate], pm)
    db.session.commit()
    content = exported()
    [(_, row)] = read_table(content).rows  # the merged duplicate has no row of its own
    family = set(db.session.scalars(select(User.email).where(User.id.in_(backer_user_ids(primary.id)))))
    assert row["title"] == "SAML SSO" and len(family) == primary.backer_count == 5
    assert sorted(row["voters"].split()) == sorted(family) and row["votes"] == "5"
    plan, imp = import_elsewhere(admin, board, content)
    moved = db.session.scalar(select(Idea).where(Idea.import_id == imp.id))
    assert (moved.title, moved.vote_count, moved.backer_count) == ("SAML SSO", 5, 5)
