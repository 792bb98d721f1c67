"""A status corrected away from Shipped takes back what Shipped published: its release notes leave the
changelog and its feed, and the idea page highlights only the official reply of the status it is in now."""
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import AuditEvent, Idea, IdeaStatus, Notification, Release, StatusChange
from tests import factories
from tests.conftest import login
from tests.factories_roadmap import make_release, make_theme
from tests.test_api import bearer, token_for
from tests.test_changelog import ATOM, release_titles


def page_of(client, idea) -> str:
    return " ".join(client.get(f"/ideas/{idea.id}").get_data(as_text=True).split())


def feed_titles(client) -> list[str]:
    feed = ET.fromstring(client.get("/changelog.atom").data)
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def release_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Release))


def status_of(idea) -> IdeaStatus:
    db.session.expire_all()
    return db.session.get(Idea, idea.id).status


@pytest.fixture
def idea(app, board, customer, other_customer):
    idea = factories.make_idea(board, customer, title="Offline mode", status=IdeaStatus.IN_PROGRESS)
    with app.test_request_context():
        cast_vote(idea, other_customer)
    db.session.commit()
    return idea


@pytest.fixture
def shipped_by_mistake(client, idea, pm):
    """The PM set Shipped with an official reply and a release note, as from the idea page."""
    login(client, pm)
    response = client.post_form(f"/ideas/{idea.id}/status", {
        "status": "shipped", "note": "It is **out** in 4.2.", "release_note": "Work offline on the train."})
    assert response.status_code == 303
    assert release_titles(client.get("/changelog").get_data(as_text=True)) == ["Offline mode"]
    return idea


def test_a_quiet_correction_off_shipped_withdraws_the_release_note_and_its_reply(client, shipped_by_mistake,
                                                                                other_customer, pm):
    idea = shipped_by_mistake
    told = db.session.scalar(select(func.count()).where(Notification.kind != "released"))
    assert db.session.scalar(select(func.count()).where(Notification.kind == "released")) > 0
    page = page_of(client, idea)
    assert 'data-testid="status-withdraw-releases" checked' in page
    assert "When it leaves Shipped, also withdraw the release note “Offline mode” from the changelog" in page

    response = client.post_form(f"/ideas/{idea.id}/status", {
        "status": "in_progress", "quiet": "y", "releases_offered": "1", "withdraw_releases": "y"},
        follow_redirects=True)
    assert "Status updated. Nobody was told. Its release note is withdrawn from the changelog." in " ".join(
        response.get_data(as_text=True).split())
    assert status_of(idea) == IdeaStatus.IN_PROGRESS and release_count() == 0
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "release.deleted"))
    assert event.actor_id == pm.id and event.details["name"] == "Offline mode"
    # nobody heard of it, and the "Shipped" news is taken back
    assert db.session.scalar(select(func.count()).select_from(Notification)) == told

    assert "Offline mode" not in client.get("/changelog").get_data(as_text=True)
    assert feed_titles(client) == []
    client.get("/auth/logout")
    page = page_of(client, idea)
    assert 'data-testid="official-reply"' not in page
    assert 'data-testid="idea-status">In progress<' in page
    assert "It is out in 4.2." in page  # the mistaken reply stays on the record, in the status history


def test_moving_off_shipped_with_notification_withdraws_it_too(client, shipped_by_mistake, other_customer):
    idea = shipped_by_mistake
    client.post_form(f"/ideas/{idea.id}/status", {"status": "in_progress", "note": "Sorry, not out yet."})
    assert status_of(idea) == IdeaStatus.IN_PROGRESS and release_count() == 0
    assert feed_titles(client) == []
    latest = db.session.scalars(select(Notification).where(Notification.user_id == other_customer.id)
                                .order_by(Notification.id.desc())).first()
    assert latest.kind == "status_changed" and "is now In progress" in latest.message
    page = page_of(client, idea)
    assert 'data-testid="official-reply"' in page and "Sorry, not out yet." in page
    assert "Official reply · <span class=\"status status--in_progress\">In progress" in page


def test_the_pm_may_keep_the_release_note(client, shipped_by_mistake):
    idea = shipped_by_mistake
    assert 'name="releases_offered"' in page_of(client, idea)
    response = client.post_form(f"/ideas/{idea.id}/status", {"status": "under_review", "releases_offered": "1"},
                                follow_redirects=True)
    assert "withdrawn from the changelog" not in response.get_data(as_text=True)
    assert status_of(idea) == IdeaStatus.UNDER_REVIEW and release_count() == 1
    assert feed_titles(client) == ["Offline mode"]


def test_a_form_shown_before_the_idea_shipped_withdraws_it(client, shipped_by_mistake):
    """A teammate's page open since before Shipped has no box: the changelog must not go on announcing it."""
    client.post_form(f"/ideas/{shipped_by_mistake.id}/status", {"status": "planned"})
    assert status_of(shipped_by_mistake) == IdeaStatus.PLANNED and release_count() == 0


def test_the_box_is_offered_only_for_a_shipped_idea_with_a_release_note(client, idea, pm, customer):
    login(client, pm)
    assert 'name="withdraw_releases"' not in page_of(client, idea)
    change_status(idea, IdeaStatus.SHIPPED, pm)
    db.session.commit()
    assert 'name="withdraw_releases"' not in page_of(client, idea)  # shipped without a note
    make_release("Offline", "Works offline.", idea=idea, author=pm)
    make_release("Offline, part two", "Syncs later.", idea=idea, author=pm)
    assert "also withdraw its 2 release notes from the changelog" in page_of(client, idea)
    change_status(idea, IdeaStatus.SHIPPED, pm, note="Now on Android too.")  # an update stays Shipped
    db.session.commit()
    page = page_of(client, idea)
    assert release_count() == 2 and "also withdraw its 2 release notes" in page and "Now on Android too." in page
    login(client, customer)
    assert 'name="withdraw_releases"' not in page_of(client, idea)


def test_a_refused_status_change_keeps_the_box_as_the_pm_left_it(client, shipped_by_mistake):
    response = client.post_form(f"/ideas/{shipped_by_mistake.id}/status", {"status": "planned", "note": "x" * 20_000,
                                                                           "releases_offered": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'data-testid="status-withdraw-releases">' in html and release_count() == 1


def test_the_service_withdraws_only_the_idea_s_own_notes(app, board, customer, pm):
    in_theme = factories.make_idea(board, customer, title="Okta login")
    theme = make_theme("Single sign-on", [in_theme], IdeaStatus.SHIPPED)
    make_release("SSO is here", "Okta and Google.", theme=theme, author=pm)
    other = factories.make_idea(board, customer, title="Dark mode", status=IdeaStatus.SHIPPED)
    make_release("Dark mode", "Easy on the eyes.", idea=other, author=pm)
    change_status(in_theme, IdeaStatus.IN_PROGRESS, pm, quiet=True)
    db.session.commit()
    assert set(db.session.scalars(select(Release.title))) == {"SSO is here", "Dark mode"}
    change_status(other, IdeaStatus.DECLINED, pm, withdraw_releases=False)
    assert release_count() == 2


def test_an_api_client_moving_it_off_shipped_withdraws_its_notes_too(client, shipped_by_mistake, pm):
    response = client.put(f"/api/v1/ideas/{shipped_by_mistake.id}/status", json={"status": "in_progress"},
                          headers=bearer(token_for(pm)))
    assert response.status_code == 200 and response.json["status"] == "in_progress"
    assert release_count() == 0


def test_the_highlighted_reply_is_the_current_status_s(client, idea, pm):
    def reply_shown():
        page = page_of(client, idea)
        return page.split('data-testid="official-reply"')[1].split("</aside>")[0] if "official-reply" in page else None

    login(client, pm)
    change_status(idea, IdeaStatus.PLANNED, pm, note="Next quarter.")
    db.session.commit()
    assert "Next quarter." in reply_shown()
    change_status(idea, IdeaStatus.PLANNED, pm, note="Moved to July.")  # an update keeps the status
    db.session.commit()
    assert "Moved to July." in reply_shown()
    change_status(idea, IdeaStatus.IN_PROGRESS, pm)
    db.session.commit()
    assert reply_shown() is None  # In progress has no reply; Planned's stays in the history
    assert "Moved to July." in page_of(client, idea) and "Next quarter." in page_of(client, idea)
    change_status(idea, IdeaStatus.PLANNED, pm, quiet=True)  # back to Planned: its old replies were another time
    db.session.commit()
    assert reply_shown() is None


def test_a_status_set_without_history_shows_no_earlier_reply(client, idea, pm):
    change_status(idea, IdeaStatus.PLANNED, pm, note="Next quarter.")
    idea.status = IdeaStatus.DECLINED  # as an import sets it
    db.session.commit()
    assert 'data-testid="official-reply"' not in page_of(client, idea)
    assert db.session.scalar(select(func.count()).select_from(StatusChange)) == 1
