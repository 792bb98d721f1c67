"""A status set by mistake is corrected without telling every backer again."""
import pytest

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import Idea, IdeaStatus, StatusChange
from tests import factories
from tests.conftest import login
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture
def backed(app, board, customer, other_customer):
    idea = factories.make_idea(board, customer, title="Offline mode")
    with app.test_request_context():
        cast_vote(idea, other_customer)
    db.session.commit()
    return idea


def test_a_quiet_correction_tells_nobody_but_is_on_the_record(client, backed, pm, other_customer):
    login(client, pm)
    client.post_form(f"/ideas/{backed.id}/status", {"status": "planned"})
    assert len(notifications_for(other_customer)) == 1 and len(outbox_for(other_customer)) == 1
    response = client.post_form(f"/ideas/{backed.id}/status", {"status": "under_review", "quiet": "y"},
                                follow_redirects=True)
    assert "Status updated. Nobody was told." in response.get_data(as_text=True)
    # nobody is told of the correction; the mistaken status's email, not yet sent, does not go out either, and its
    # in-app news is taken back
    assert len(notifications_for(other_customer)) == 0 and len(outbox_for(other_customer)) == 0
    db.session.expire_all()
    assert db.session.get(Idea, backed.id).status == IdeaStatus.UNDER_REVIEW
    assert db.session.query(StatusChange).filter_by(idea_id=backed.id).count() == 2


def test_a_quiet_change_cannot_publish_a_release_note(app, backed, pm):
    with pytest.raises(DomainError, match="A release note tells everyone"):
        change_status(backed, IdeaStatus.SHIPPED, pm, release_note="Done!", quiet=True)


def test_customers_see_no_quiet_box(client, backed, customer, pm):
    login(client, customer)
    assert 'data-testid="status-quiet"' not in client.get(f"/ideas/{backed.id}").get_data(as_text=True)
    login(client, pm)
    assert 'data-testid="status-quiet"' in client.get(f"/ideas/{backed.id}").get_data(as_text=True)
