"""Similarity services: the per-process index, its upkeep through signals and catch-up, and who sees what."""
import numpy as np
import pytest
from sqlalchemy import select

from ideabox import create_app
from ideabox.clustering import Document, get_encoder
from ideabox.extensions import db
from ideabox.ideas import services as idea_services
from ideabox.merging.services import merge_ideas, undo_merge
from ideabox.models import IdeaEmbedding
from ideabox.similarity import services
from ideabox.similarity.embeddings import decode_vector, encode_vector, idea_document
from ideabox.similarity.index_registry import live_index
from tests import factories
from tests.clustering.crowded import DUPLICATE, UNRELATED, board_reports, report
from tests.conftest import _test_config
from tests.factories_similarity import CATALOGUE, built_index, catch_up_on_every_lookup, post_idea, titles  # noqa: F401


@pytest.fixture
def catalogue(board, pm):
    """The catalogue posted on the public board by a PM, straight into the database (no signals)."""
    return [factories.make_idea(board, pm, title=title) for title in CATALOGUE]


def embedding_rows() -> dict[int, IdeaEmbedding]:
    return {row.idea_id: row for row in db.session.scalars(select(IdeaEmbedding))}


def test_first_lookup_builds_the_index_and_stores_missing_embeddings(app, catalogue, customer):
    assert embedding_rows() == {}

    results = services.find_similar_ideas(customer, "Download my reports as a spreadsheet")

    assert titles(results)[0] == "Export reports to CSV"
    rows = embedding_rows()
    assert set(rows) == {idea.id for idea in catalogue}
    encoder = get_encoder("hybrid")
    assert {(row.model, row.dimensions) for row in rows.values()} == {(encoder.model, encoder.dim)}
    assert len(live_index()) == len(catalogue)


def test_index_uses_stored_vectors_rather_than_recomputing(app, board, pm, customer):
    app.config["CLUSTERING_BACKEND"] = "semantic"  # scores come from the vectors alone
    encoder = get_encoder("semantic")
    export, dark = (factories.make_idea(board, pm, title=t) for t in ("Export reports to CSV", "Dark mode"))
    # Store, for the export idea, the vector of an unrelated text: the index must score with it.
    planted = encoder.embed([Document(0, "Bake sourdough bread at home")])[0]
    honest = encoder.embed([Document(0, "Dark mode")])[0]
    for idea, vector in ((export, planted), (dark, honest)):
        db.session.add(IdeaEmbedding(idea_id=idea.id, model=encoder.model, dimensions=encoder.dim,
                                     vector=encode_vector(vector)))
    db.session.commit()

    results = services.find_similar_ideas(customer, "Bake sourdough bread at home")

    assert titles(results)[0] == "Export reports to CSV"
    assert results[0].score > 0.99
    assert np.allclose(decode_vector(embedding_rows()[export.id].vector), planted)


def test_submitting_stores_the_embedding_and_adds_to_the_live_index(app, catalogue, board, customer):
    index = built_index()
    size = len(index)

    idea = post_idea(board, customer, "Let me pay invoices with PayPal", "Cards are blocked at our company.")

    assert live_index() is index and len(index) == size + 1 and idea.id in index
    assert idea.id in embedding_rows()
    found = services.find_similar_ideas(factories.make_user(), "Pay invoices through PayPal")
    assert titles(found)[0] == "Let me pay invoices with PayPal"


def test_editing_replaces_the_idea_in_the_index(app, catalogue, board, customer):
    idea = post_idea(board, customer, "Pay invoices with PayPal")
    built_index()

    idea_services.edit_idea(idea, customer, "Print boarding passes from the app")
    db.session.commit()

    assert "Print boarding passes from the app" in titles(services.find_similar_ideas(customer, "print boarding passes"))
    assert "Print boarding passes from the app" not in titles(services.find_similar_ideas(customer, "PayPal invoices"))


def test_withdrawn_ideas_leave_the_index(app, catalogue, board, customer):
    idea = post_idea(board, customer, "Pay invoices with PayPal")
    index = built_index()

    idea_services.withdraw_idea(idea, customer)
    db.session.commit()

    assert idea.id not in index
    assert services.find_similar_ideas(customer, "Pay invoices with PayPal") == []


def test_merged_ideas_leave_the_index_and_the_primary_stays(app, catalogue, board, pm, customer):
    primary = post_idea(board, customer, "Pay invoices with PayPal")
    duplicate = post_idea(board, factories.make_user(), "PayPal payments for invoices")
    index = built_index()

    with app.test_request_context():  # merges happen in a PM's request
        merge_ideas(primary, [duplicate], pm)
        db.session.commit()

    assert duplicate.id not in index and primary.id in index
    assert titles(services.find_similar_ideas(customer, "PayPal invoice payments")) == ["Pay invoices with PayPal"]


def test_undoing_a_merge_brings_the_idea_back_to_suggestions(app, catalogue, board, pm, customer):
    primary = post_idea(board, customer, "Pay invoices with PayPal")
    duplicate = post_idea(board, factories.make_user(), "PayPal payments for invoices")
    with app.test_request_context():
        [merge] = merge_ideas(primary, [duplicate], pm)
        db.session.commit()
    index = built_index()
    assert duplicate.id not in index

    with app.test_request_context():
        undo_merge(merge, pm)  # sends no signal: the catch-up notices the row changed
        db.session.commit()

    assert set(titles(services.find_similar_ideas(customer, "PayPal invoice payments"))) == {
        "Pay invoices with PayPal", "PayPal payments for invoices"}
    assert duplicate.id in index


@pytest.mark.parametrize("role, sees_private", [
    ("anonymous", False), ("customer", False), ("pm", True), ("executive", True), ("admin", True),
])
def test_private_board_ideas_are_suggested_only_to_those_who_may_see_the_board(
    app, board, private_board, pm, role, sees_private
):
    from flask_login import AnonymousUserMixin

    factories.make_idea(board, pm, title="Dark mode for the mobile app")
    factories.make_idea(private_board, pm, title="Dark mode for the admin console")
    viewer = AnonymousUserMixin() if role == "anonymous" else factories.make_user(role=role)

    found = titles(services.find_similar_ideas(viewer, "Dark mode please", board=board))

    assert "Dark mode for the mobile app" in found
    assert ("Dark mode for the admin console" in found) is sees_private


def test_the_drafts_board_comes_first_then_other_visible_boards(app, board, pm, customer):
    web = factories.make_board(name="Web app", slug="web")
    factories.make_idea(web, pm, title="Dark mode for the whole app, everywhere")
    factories.make_idea(board, pm, title="Dark mode on phones")

    results = services.find_similar_ideas(customer, "Dark mode for the whole app", board=board)

    assert titles(results) == ["Dark mode on phones", "Dark mode for the whole app, everywhere"]
    assert [r.same_board for r in results] == [True, False]
    assert results[1].score > results[0].score  # the board preference beats a better score elsewhere


def test_a_request_posted_many_times_is_suggested_once_beside_the_other_ideas_like_it(app, board, pm, customer):
    web = factories.make_board(name="Web app", slug="web")
    elsewhere = factories.make_idea(web, pm, title="Dark mode please")
    copies = [factories.make_idea(board, pm, title=title) for title in ["Dark mode please", "dark  MODE please"] * 20]
    factories.make_idea(board, pm, title="Night theme for the app")
    factories.make_idea(board, pm, title="Export reports to CSV")

    results = services.find_similar_ideas(customer, "Dark mode", board=board)

    assert titles(results).count("Dark mode please") + titles(results).count("dark  MODE please") == 1
    assert results[0].idea.id in {c.id for c in copies} and results[0].same_board  # a copy on the draft's board
    assert "Night theme for the app" in titles(results)  # found past the 41 copies
    assert elsewhere.id not in {r.idea.id for r in results}


def test_weak_matches_and_short_titles_are_not_suggested(app, catalogue, customer):
    assert services.find_similar_ideas(customer, "Pricing page is confusing") == []
    assert services.find_similar_ideas(customer, "  CSV ") == []  # under four characters
    app.config["SIMILAR_IDEAS_MIN_SCORE"] = 0.99
    assert services.find_similar_ideas(customer, "Export reports to CSV files") == []


def test_at_most_the_configured_number_of_suggestions(app, board, pm, customer):
    for n in range(8):
        factories.make_idea(board, pm, title=f"Export reports to CSV format {n}")
    app.config["SIMILAR_IDEAS_LIMIT"] = 3
    assert len(services.find_similar_ideas(customer, "Export reports to CSV")) == 3


def test_a_second_process_catches_up_with_ideas_written_by_the_first(app, catalogue, board, customer, tmp_path):
    """Two app instances on one database stand for two gunicorn workers."""
    other = create_app({**_test_config(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path), "SIMILARITY_SYNC_SECONDS": 0})
    with other.app_context():
        other_index = built_index()
        assert other_index is not live_index(app)
        assert services.find_similar_ideas(customer, "Pay invoices with PayPal") == []

    idea = post_idea(board, customer, "Pay invoices with PayPal")  # written through the first app

    with other.app_context():
        assert titles(services.find_similar_ideas(customer, "PayPal for invoices")) == ["Pay invoices with PayPal"]
        assert idea.id in other_index

    idea_services.withdraw_idea(idea, customer)
    db.session.commit()

    with other.app_context():
        assert services.find_similar_ideas(customer, "PayPal for invoices") == []
        assert idea.id not in other_index
        db.session.remove()
        db.engine.dispose()


def test_ideas_similar_to_an_idea_never_include_itself(app, catalogue, customer):
    export = catalogue[0]
    post_idea(export.board, customer, "Export my reports as CSV files")

    results = services.ideas_similar_to(export, customer)

    assert titles(results) == ["Export my reports as CSV files"]
    assert 0 < results[0].percent <= 100


def test_on_a_board_of_templated_reports_only_the_real_duplicate_is_suggested_and_asked_about(app, board, pm, customer):
    """Unrelated reports on one template score above the raw floor; closeness keeps them out of the box."""
    reports = [factories.make_idea(board, pm, title, body) for title, body in board_reports()]
    floor = app.config["SIMILAR_IDEAS_MIN_SCORE"]
    raw = [m for m in built_index().similar(idea_document(0, *report(*UNRELATED)), k=5) if m.score >= floor]
    assert len(raw) == 5  # a raw threshold alone would fill the box with unrelated reports

    assert len(services.find_similar_ideas(customer, *report(*UNRELATED), board=board)) < len(raw)
    found = services.find_similar_ideas(customer, *report(*DUPLICATE), board=board)
    assert found[0].idea == reports[0]

    new = post_idea(board, customer, *report(*UNRELATED))
    assert services.same_as_question(new, customer) is None
    repeat = post_idea(board, customer, *report(*DUPLICATE))
    assert services.same_as_question(repeat, customer).candidate == reports[0]
