"""The notifications page: only your own, mark one / all read (POST, CSRF, htmx)."""
import pytest

from ideabox.extensions import db
from ideabox.models import Notification
from tests.conftest import login
from tests.factories_notifications import notifications_for


def make_notification(user, message="“Dark mode” is now Planned.", link="/ideas/1", kind="status_changed"):
    notification = Notification(user_id=user.id, kind=kind, message=message, link=link)
    db.session.add(notification)
    db.session.commit()
    return notification


def test_anonymous_visitors_are_sent_to_sign_in(client, customer):
    mine = make_notification(customer)
    for response in (client.get("/notifications/"), client.post_form(f"/notifications/{mine.id}/read"),
                     client.post_form("/notifications/read-all"), client.get(f"/notifications/{mine.id}/open")):
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert mine.read_at is None


@pytest.mark.parametrize("role", ["customer", "pm", "executive", "admin"])
def test_every_role_sees_only_their_own_notifications(client, as_role, other_customer, role):
    user = as_role(role)
    make_notification(user, message="Yours: “Webhooks” is now Planned.")
    make_notification(other_customer, message="Not yours: “Secret” is now Planned.")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Yours: “Webhooks” is now Planned." in page
    assert "Not yours" not in page
    assert 'data-testid="unread-count">1<' in page  # the bell


def test_marking_one_read(client, customer):
    login(client, customer)
    first, second = make_notification(customer), make_notification(customer, message="Another")
    response = client.post_form(f"/notifications/{first.id}/read")
    assert response.status_code == 303
    db.session.expire_all()
    assert first.read_at is not None and second.read_at is None


def test_marking_one_read_with_htmx_returns_the_inbox_and_the_new_bell(client, customer):
    login(client, customer)
    first = make_notification(customer)
    make_notification(customer, message="Another")
    response = client.htmx_post(f"/notifications/{first.id}/read")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert 'id="inbox"' in html and "<html" not in html
    assert 'hx-swap-oob="outerHTML:.bell"' in html and 'data-testid="unread-count">1<' in html


def test_marking_someone_elses_notification_read_is_not_found(client, customer, other_customer):
    login(client, customer)
    theirs = make_notification(other_customer)
    assert client.post_form(f"/notifications/{theirs.id}/read").status_code == 404
    assert client.get(f"/notifications/{theirs.id}/open").status_code == 404
    assert client.post_form("/notifications/999999/read").status_code == 404
    db.session.expire_all()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_your_own(client, customer, other_customer):
    login(client, customer)
    for _ in range(3):
        make_notification(customer)
    theirs = make_notification(other_customer)
    response = client.post_form("/notifications/read-all")
    assert response.status_code == 303
    db.session.expire_all()
    assert all(n.read_at for n in notifications_for(customer))
    assert theirs.read_at is None
    page = client.get("/notifications/").get_data(as_text=True)
    assert 'data-testid="unread-count"' not in page


def test_posts_without_a_csrf_token_are_refused(client, customer):
    login(client, customer)
    mine = make_notification(customer)
    assert client.post(f"/notifications/{mine.id}/read").status_code == 400
    assert client.post("/notifications/read-all").status_code == 400
    db.session.expire_all()
    assert mine.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, customer):
    login(client, customer)
    mine = make_notification(customer, link="/ideas/42#comment-3")
    response = client.get(f"/notifications/{mine.id}/open")
    assert response.status_code == 303 and response.headers["Location"] == "/ideas/42#comment-3"
    db.session.expire_all()
    assert mine.read_at is not None


def test_a_stored_off_site_link_never_redirects_off_site(client, customer):
    login(client, customer)
    mine = make_notification(customer, link="//evil.example.com/")
    response = client.get(f"/notifications/{mine.id}/open")
    assert response.headers["Location"] == "/notifications/"


def test_unread_filter_and_empty_state(client, customer):
    login(client, customer)
    read = make_notification(customer, message="Old news")
    client.post_form(f"/notifications/{read.id}/read")
    page = client.get("/notifications/?filter=unread").get_data(as_text=True)
    assert "Old news" not in page and "all caught up" in page
    assert "Old news" in client.get("/notifications/").get_data(as_text=True)
