"""A theme's status, like an idea's, can be corrected without telling anyone, and leaving Shipped takes its release
notes off the changelog unless the PM keeps them. A release note sent with any other status is refused, not lost."""
import pytest
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import AuditEvent, Idea, IdeaStatus, Notification, Release, Theme
from ideabox.themes.services import create_theme
from tests.conftest import login
from tests.factories import make_idea
from tests.factories_merging import make_vote
from tests.test_changelog import release_titles


@pytest.fixture
def theme(app, board, customer, pm, other_customer):
    with app.test_request_context():
        ideas = [make_idea(board, customer, title=title) for title in ("CSV export", "PDF export")]
        make_vote(ideas[0], other_customer)
        theme = create_theme("Exports", ideas, pm)
    db.session.commit()
    return theme


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def page_of(client, theme) -> str:
    return " ".join(client.get(f"/themes/{theme.id}").get_data(as_text=True).split())


def statuses(theme) -> set:
    db.session.expire_all()
    return {db.session.get(Theme, theme.id).status} | set(
        db.session.scalars(select(Idea.status).where(Idea.theme_id == theme.id)))


@pytest.fixture
def shipped_by_mistake(client, theme, pm):
    login(client, pm)
    response = client.post_form(f"/themes/{theme.id}/status", {
        "status": "shipped", "note": "Out in 4.2.", "release_note": "Export to CSV and PDF."})
    assert response.status_code == 303
    assert release_titles(client.get("/changelog").get_data(as_text=True)) == ["Exports"]
    return theme


def test_a_quiet_correction_off_shipped_withdraws_the_theme_s_release_note(client, shipped_by_mistake, pm):
    theme = shipped_by_mistake
    told = count(Notification, Notification.kind != "released")
    assert count(Notification, Notification.kind == "released") > 0
    page = page_of(client, theme)
    assert 'data-testid="status-withdraw-releases" checked' in page
    assert "When it leaves Shipped, also withdraw the release note “Exports” from the changelog" in page

    response = client.post_form(f"/themes/{theme.id}/status", {
        "status": "in_progress", "quiet": "y", "releases_offered": "1", "withdraw_releases": "y"},
        follow_redirects=True)
    assert ("Theme and its ideas moved to In progress. Nobody was told. Its release note is withdrawn from the "
            "changelog.") in " ".join(response.get_data(as_text=True).split())
    assert statuses(theme) == {IdeaStatus.IN_PROGRESS} and count(Release) == 0
    assert count(Notification) == told  # nobody heard of it, and the "Shipped" news is taken back
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "release.deleted"))
    assert event.actor_id == pm.id and event.details["name"] == "Exports"
    assert "Exports" not in release_titles(client.get("/changelog").get_data(as_text=True))


def test_moving_a_theme_off_shipped_out_loud_tells_its_backers(client, shipped_by_mistake, other_customer):
    client.post_form(f"/themes/{shipped_by_mistake.id}/status", {"status": "in_progress", "note": "Not yet."})
    assert count(Release) == 0
    latest = db.session.scalars(select(Notification).where(Notification.user_id == other_customer.id)
                                .order_by(Notification.id.desc())).first()
    assert latest.kind == "status_changed" and "is now In progress" in latest.message


def test_the_pm_may_keep_the_theme_s_release_note(client, shipped_by_mistake):
    response = client.post_form(f"/themes/{shipped_by_mistake.id}/status",
                                {"status": "under_review", "releases_offered": "1"}, follow_redirects=True)
    assert "withdrawn from the changelog" not in response.get_data(as_text=True)
    assert statuses(shipped_by_mistake) == {IdeaStatus.UNDER_REVIEW} and count(Release) == 1


def test_a_quiet_status_change_tells_nobody(client, theme, pm, other_customer):
    login(client, pm)
    client.post_form(f"/themes/{theme.id}/status", {"status": "declined", "quiet": "y"})
    assert statuses(theme) == {IdeaStatus.DECLINED} and count(Notification) == 0
    client.post_form(f"/themes/{theme.id}/status", {"status": "planned"})
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == other_customer.id)) == \
        "status_changed"


@pytest.mark.parametrize("data, message", [
    ({"status": "planned", "release_note": "Exports are live."},
     "A release note is published only when the status is Shipped."),
    ({"status": "shipped", "quiet": "y", "release_note": "Exports are live."},
     "A release note tells everyone behind the theme: publish it without “Tell nobody”, or leave the note out."),
])
def test_a_release_note_that_cannot_be_published_is_refused_and_kept_in_the_form(client, theme, pm, data, message):
    login(client, pm)
    response = client.post_form(f"/themes/{theme.id}/status", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and "Exports are live." in html
    assert statuses(theme) == {IdeaStatus.OPEN} and count(Release) == 0 and count(Notification) == 0
