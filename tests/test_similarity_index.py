"""The per-process index's upkeep: late commits, background builds, refitting a young board."""
from datetime import timedelta

from ideabox.extensions import db
from ideabox.models import utcnow
from ideabox.similarity import services
from ideabox.similarity.embeddings import idea_document
from ideabox.similarity.index_registry import live_index
from tests import factories
from tests.factories_similarity import CATALOGUE, built_index, catch_up_on_every_lookup, post_idea, titles  # noqa: F401


def test_an_idea_committed_after_a_catch_up_but_stamped_before_it_is_still_picked_up(app, board, pm, customer):
    """Another worker flushed (stamping updated_at) before our last look and committed after it."""
    factories.make_idea(board, pm, title="Dark mode for the mobile app")
    index = built_index()
    flushed_earlier = utcnow() - timedelta(seconds=20)

    late = factories.make_idea(board, pm, title="Pay invoices with PayPal", created_at=flushed_earlier,
                               updated_at=flushed_earlier)

    assert titles(services.find_similar_ideas(customer, "PayPal invoices")) == ["Pay invoices with PayPal"]
    assert late.id in index


def test_ideas_written_without_signals_are_caught_up_and_their_embeddings_stored(app, board, pm, customer):
    from ideabox.models import IdeaEmbedding

    built_index()
    idea = factories.make_idea(board, pm, title="Pay invoices with PayPal")  # e.g. an import, no signal sent

    assert titles(services.find_similar_ideas(customer, "PayPal invoices")) == ["Pay invoices with PayPal"]
    assert db.session.get(IdeaEmbedding, idea.id) is not None


def test_large_boards_are_built_in_the_background_while_lookups_go_on(app, board, pm, customer):
    app.config["SIMILARITY_BACKGROUND_FROM"] = 3
    for title in CATALOGUE:
        factories.make_idea(board, pm, title=title)
    index = live_index()

    first = services.find_similar_ideas(customer, "Export my reports as CSV")
    assert index.wait_for_build(timeout=60)
    then = services.find_similar_ideas(customer, "Export my reports as CSV")

    assert first == []  # nothing to suggest yet, but the page did not wait for the build
    assert titles(then)[0] == "Export reports to CSV"
    assert len(index) == len(CATALOGUE)


def test_a_young_board_refits_its_vocabulary_as_it_grows(app, board, pm, customer):
    index = built_index()  # an empty board: the lexical vocabulary knows no words yet
    for n in range(25):
        post_idea(board, pm, f"Integrate with tool number {n}")
    post_idea(board, pm, "Export reports to CSV")

    results = services.find_similar_ideas(customer, "reports CSV")

    assert titles(results)[0] == "Export reports to CSV"
    assert index._state.built_size == 26  # rebuilt from the database once the board doubled


def test_a_slow_import_missed_by_the_catch_up_is_reconciled(app, board, pm, customer, monkeypatch):
    from ideabox.similarity import index_registry

    index = built_index()
    long_ago = utcnow() - timedelta(minutes=15)  # stamped at flush, committed far outside the overlap
    factories.make_idea(board, pm, title="Pay invoices with PayPal", created_at=long_ago, updated_at=long_ago)
    assert services.find_similar_ideas(customer, "PayPal invoices") == []

    monkeypatch.setattr(index_registry, "RECONCILE_SECONDS", 0)

    assert titles(services.find_similar_ideas(customer, "PayPal invoices")) == ["Pay invoices with PayPal"]
    assert len(index) == 1


def test_a_lookup_during_an_unfinished_write_still_answers(app, board, pm, customer):
    """The index stores backfilled vectors on its own connection; rows still being written must not stall it."""
    from ideabox.models import Idea, IdeaEmbedding

    factories.make_idea(board, pm, title="Dark mode for the mobile app")
    pending = Idea(board=board, author=pm, title="Pay invoices with PayPal", body="")
    db.session.add(pending)
    db.session.flush()  # written but not committed: its row (and on SQLite the database) is locked

    found = titles(services.find_similar_ideas(customer, "Dark mode please"))
    db.session.rollback()

    assert found == ["Dark mode for the mobile app"]
    assert db.session.get(IdeaEmbedding, pending.id) is None


def test_the_lexical_backend_needs_no_stored_vectors(app, board, pm, customer):
    from sqlalchemy import func, select

    from ideabox.models import IdeaEmbedding

    app.config["CLUSTERING_BACKEND"] = "tfidf"
    for title in CATALOGUE:
        factories.make_idea(board, pm, title=title)
    post_idea(board, customer, "Pay invoices with PayPal")

    assert titles(services.find_similar_ideas(customer, "Export reports to CSV please"))[0] == "Export reports to CSV"
    assert db.session.scalar(select(func.count()).select_from(IdeaEmbedding)) == 0


def test_an_idea_moved_to_a_private_board_stops_being_suggested_to_customers(app, board, private_board, pm, customer):
    """The index tags each idea with its board; a move seen on catch-up retags it."""
    idea = factories.make_idea(board, pm, title="Dark mode for the admin console")
    built_index()
    assert titles(services.find_similar_ideas(customer, "Dark mode for the console")) == [idea.title]

    idea.board_id, idea.updated_at = private_board.id, utcnow()
    db.session.commit()

    assert titles(services.find_similar_ideas(customer, "Dark mode for the console")) == []
    assert titles(services.find_similar_ideas(pm, "Dark mode for the console")) == [idea.title]
    # the index itself leaves the board out, so hidden ideas take no place among the k it returns
    query = idea_document("q", "Dark mode for the console", "")
    assert [m.id for m in live_index().similar(query, k=5, hidden_boards=[private_board.id])] == []


def test_a_stored_vector_gone_bad_is_computed_again_instead_of_breaking_the_index(app, board, pm, customer):
    import numpy as np

    from ideabox.models import IdeaEmbedding
    from ideabox.similarity.embeddings import decode_vector, encode_vector

    post_idea(board, pm, "Export reports to CSV")
    idea = post_idea(board, pm, "Dark mode for the mobile app")
    row = db.session.get(IdeaEmbedding, idea.id)
    row.vector = encode_vector(np.full(row.dimensions, np.nan))
    db.session.commit()

    assert titles(services.find_similar_ideas(customer, "Dark mode please")) == ["Dark mode for the mobile app"]
    db.session.expire_all()
    assert np.isfinite(decode_vector(db.session.get(IdeaEmbedding, idea.id).vector)).all()
