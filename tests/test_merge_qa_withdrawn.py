"""A withdrawn idea is never merged, so a merge can't republish it (QA: #345 withdrawn, merged into #337 from the
idea page, showed to anonymous visitors in #337's "Merged ideas" and its votes counted)."""
import pytest
from sqlalchemy import func, select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas.services import withdraw_idea
from ideabox.merging.services import merge_ideas
from ideabox.models import Idea, Merge
from tests.conftest import login
from tests.factories import make_idea, make_user
from tests.factories_merging import make_vote


@pytest.fixture
def kept_and_withdrawn(board, customer, pm):
    """#337 and #345, #345 backed by two people then withdrawn (by moderation: others back it)."""
    kept = make_idea(board, customer, title="Export to CSV")
    gone = make_idea(board, make_user(display_name="Wendy Withdrawer"), title="Secret plans for CSV export",
                     body="Nobody should read this any more.")
    make_vote(gone, make_user())
    withdraw_idea(gone, pm)
    db.session.commit()
    return kept, gone


def merge_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Merge))


def test_the_service_refuses_to_merge_a_withdrawn_idea_and_changes_nothing(app, kept_and_withdrawn, pm):
    kept, gone = kept_and_withdrawn
    with app.test_request_context(), pytest.raises(DomainError, match="withdrawn"):
        merge_ideas(kept, [gone], pm)
    db.session.rollback()
    assert gone.merged_into_id is None and merge_count() == 0


def test_the_idea_page_form_refuses_it_and_anonymous_visitors_never_see_it(client, kept_and_withdrawn, pm):
    kept, gone = kept_and_withdrawn
    backers_before = kept.backer_count
    login(client, pm)
    response = client.post_form(f"/merging/ideas/{kept.id}/merge", {"merge-idea": f"#{gone.id}"},
                                follow_redirects=True)
    assert "was withdrawn" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Idea, gone.id).merged_into_id is None and merge_count() == 0
    assert db.session.get(Idea, kept.id).backer_count == backers_before
    with client.session_transaction() as session:
        session.clear()  # an anonymous visitor now
    page = client.get(f"/ideas/{kept.id}").get_data(as_text=True)
    assert "Secret plans" not in page and "Nobody should read this" not in page


def test_the_triage_merge_refuses_it_too(client, kept_and_withdrawn, pm):
    kept, gone = kept_and_withdrawn
    login(client, pm)
    client.post_form("/triage/merge", {"primary_id": kept.id, "merged_id": gone.id})
    with client.session_transaction() as session:
        messages = [message for _, message in session.get("_flashes", [])]
    assert any("was withdrawn" in message for message in messages)
    db.session.expire_all()
    assert db.session.get(Idea, gone.id).merged_into_id is None and merge_count() == 0


def test_a_duplicate_withdrawn_after_its_merge_leaves_the_public_merged_list(client, board, customer, pm):
    kept = make_idea(board, customer, title="Export to CSV")
    duplicate = make_idea(board, customer, title="CSV download, withdrawn later")
    with client.application.test_request_context():
        merge_ideas(kept, [duplicate], pm)
        withdraw_idea(duplicate, pm)  # staff may withdraw a merged idea (moderation does)
    db.session.commit()
    assert "CSV download, withdrawn later" not in client.get(f"/ideas/{kept.id}").get_data(as_text=True)
    login(client, pm)
    assert "CSV download, withdrawn later" in client.get(f"/ideas/{kept.id}").get_data(as_text=True)  # staff see it
