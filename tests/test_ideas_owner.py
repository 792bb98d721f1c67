"""Staff give an idea an owner from the team: on the audit log, told in-app and by email, listed as theirs."""
import pytest
from sqlalchemy import select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas.services import assign_owner
from ideabox.merging.services import merge_ideas
from ideabox.models import AuditEvent, Follow, Idea
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_notifications import notifications_for, outbox_for
from tests.test_ideas_actions import assert_sent_to_sign_in


@pytest.fixture
def idea(board, customer):
    return factories.make_idea(board, customer, title="Offline mode")


def owner_of(idea_id):
    db.session.expire_all()
    return db.session.get(Idea, idea_id).owner_id


def test_a_pm_assigns_a_teammate_who_is_told_and_follows(app, idea, pm, admin):
    with app.test_request_context():
        assign_owner(idea, admin, pm)
    db.session.commit()
    assert owner_of(idea.id) == admin.id
    [told] = notifications_for(admin, "assigned")
    assert told.message == "Pat PM assigned you “Offline mode”." and told.link == f"/ideas/{idea.id}"
    [mail] = outbox_for(admin)
    assert "a teammate made you the owner of this idea" in mail.text_body
    assert db.session.scalar(select(Follow).where(Follow.idea_id == idea.id, Follow.user_id == admin.id))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "idea.assigned"))
    assert event.details == {"primary_title": "Offline mode", "before": None, "after": "Ada Admin"}


def test_taking_an_idea_oneself_tells_nobody_and_unassigning_is_recorded(app, idea, pm):
    with app.test_request_context():
        assign_owner(idea, pm, pm)
        assign_owner(idea, pm, pm)  # the same owner again changes nothing
        assign_owner(idea, None, pm)
    db.session.commit()
    assert owner_of(idea.id) is None and notifications_for(pm) == []
    events = db.session.scalars(select(AuditEvent.details).where(AuditEvent.action == "idea.assigned")
                                .order_by(AuditEvent.id)).all()
    assert [(e["before"], e["after"]) for e in events] == [(None, "Pat PM"), ("Pat PM", None)]


@pytest.mark.parametrize("who", ["customer", "executive", "suspended"])
def test_only_active_pms_and_admins_can_own_ideas(app, idea, pm, customer, executive, who):
    owner = {"customer": customer, "executive": executive,
             "suspended": factories.make_user(role="pm", is_suspended=True)}[who]
    with pytest.raises(DomainError, match="Only product managers and admins can own ideas."):
        assign_owner(idea, owner, pm)
    assert owner_of(idea.id) is None


def test_a_merged_idea_is_assigned_through_its_primary(app, board, idea, customer, pm):
    duplicate = factories.make_idea(board, customer, title="Work offline")
    merge_ideas(idea, [duplicate], pm)
    with pytest.raises(DomainError, match="assign the idea it was merged into"):
        assign_owner(duplicate, pm, pm)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_assign_over_http(client, as_role, idea, pm, role):
    as_role(role)
    response = client.post_form(f"/ideas/{idea.id}/owner", {"owner": str(pm.id)})
    if role == "anonymous":
        assert_sent_to_sign_in(response, f"/ideas/{idea.id}")
    elif role in ("customer", "executive"):
        assert response.status_code == 403
    else:
        assert response.status_code in (302, 303) and owner_of(idea.id) == pm.id
        page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
        assert "Pat PM owns it now." in page and "Owned by Pat PM." in page
        return
    assert owner_of(idea.id) is None


@pytest.mark.parametrize(("owner", "message"), [("999999", "Choose someone from the list."),
                                                ("customer", "Only product managers and admins can own ideas."),
                                                ("x", "Invalid Choice: could not coerce.")])
def test_a_bad_owner_over_http_says_why_and_changes_nothing(client, idea, pm, customer, owner, message):
    login(client, pm)
    value = str(customer.id) if owner == "customer" else owner
    response = client.post_form(f"/ideas/{idea.id}/owner", {"owner": value})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert owner_of(idea.id) is None


def test_assigning_needs_a_csrf_token(client, idea, pm):
    login(client, pm)
    assert client.post(f"/ideas/{idea.id}/owner", data={"owner": str(pm.id)}).status_code == 400
    assert owner_of(idea.id) is None


def test_customers_never_see_who_owns_an_idea(client, app, idea, pm, customer):
    with app.test_request_context():
        assign_owner(idea, pm, pm)
    db.session.commit()
    login(client, customer)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Owned by" not in page and 'data-testid="owner-form"' not in page


def test_staff_list_the_ideas_assigned_to_them(client, app, board, idea, customer, pm, admin):
    other = factories.make_idea(board, customer, title="Dark mode")
    with app.test_request_context():
        assign_owner(idea, pm, admin)
        assign_owner(other, admin, admin)
    db.session.commit()
    login(client, pm)
    page = client.get("/b/mobile?mine=owned").get_data(as_text=True)
    assert "Offline mode" in page and "Dark mode" not in page and "assigned to you" in page
    everywhere = client.get("/search?mine=owned").get_data(as_text=True)
    assert "Offline mode" in everywhere and "Dark mode" not in everywhere and "Assigned to you · 1" in everywhere
    assert 'data-testid="owned-link"' in client.get("/").get_data(as_text=True)
    login(client, customer)  # a customer has no such list
    assert "Assigned to you" not in client.get("/b/mobile").get_data(as_text=True)
    assert 'data-testid="owned-link"' not in client.get("/").get_data(as_text=True)


def test_the_audit_log_and_an_erased_owner(client, app, idea, pm, admin):
    from ideabox.auth.erasure import erase_account

    with app.test_request_context():
        assign_owner(idea, admin, pm)
    db.session.commit()
    login(client, pm)
    log = client.get("/merging/audit").get_data(as_text=True)
    assert "made <strong>Ada Admin</strong> the owner of" in log
    other_admin = factories.make_user(role="admin")
    erase_account(admin, other_admin)
    db.session.commit()
    assert owner_of(idea.id) is None  # the ideas of an erased owner go back to nobody
