"""The admin's webhook pages: who may use them, what is refused, the test button, resending and the secret."""
import re
import threading
import time

import pytest
from sqlalchemy import func, select, update

from ideabox.extensions import db
from ideabox.models import AuditEvent, Board, Webhook, WebhookDelivery
from ideabox.webhooks import delivery as outbox
from ideabox.webhooks.events import EVENT_TYPES
from tests.conftest import ROLES, login
from tests.factories_webhooks import Answer, Receiver, make_webhook


@pytest.fixture
def receiver(app):
    app.config["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = True
    server = Receiver().start()
    yield server
    server.stop()


def form(client, **fields) -> dict:
    values = {"csrf_token": client.csrf_token(), "name": "CRM sync", "url": "https://example.com/hook",
              "kind": "standard", "events": ["idea.created", "idea.status_changed"], "scope": "all", "is_active": "y"}
    values.update(fields)
    return {key: value for key, value in values.items() if value is not None}


def webhook_count() -> int:
    return db.session.scalar(select(func.count(Webhook.id)))


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_open_the_webhook_pages(client, as_role, role, receiver):
    webhook = make_webhook(receiver.url)
    as_role(role)
    pages = ["/admin/webhooks", "/admin/webhooks/new", f"/admin/webhooks/{webhook.id}"]
    actions = [f"/admin/webhooks/{webhook.id}/test", f"/admin/webhooks/{webhook.id}/rotate-secret",
               f"/admin/webhooks/{webhook.id}/delete"]
    expected = {"anonymous": 302, "admin": 200}.get(role, 403)
    for url in pages:
        response = client.get(url)
        assert response.status_code == expected, (url, role)
        if role == "anonymous":
            assert "/auth/login" in response.headers["Location"]
    if role != "admin":
        old_secret = webhook.secret
        for url in actions:
            assert client.post_form(url).status_code == expected, (url, role)
        assert client.post_form("/admin/webhooks/new", form(client)).status_code == expected
        db.session.expire_all()
        assert webhook_count() == 1 and webhook.secret == old_secret and receiver.received == []
    else:
        assert 'href="/admin/webhooks"' in text(client.get("/admin/"))  # in the admin menu


def test_an_admin_connects_an_endpoint_and_sees_its_secret(client, admin, receiver):
    login(client, admin)
    new_page = text(client.get("/admin/webhooks/new"))
    event_boxes = re.findall(r'<input[^>]*name="events"[^>]*>', new_page)
    assert [re.search(r'value="([^"]+)"', box).group(1) for box in event_boxes] == list(EVENT_TYPES)
    assert all("checked" in box for box in event_boxes)  # a new endpoint starts with every event
    response = client.post_form("/admin/webhooks/new", form(client, url=receiver.url + "/in"), follow_redirects=True)
    assert response.status_code == 200 and "Webhook “CRM sync” is saved." in text(response)
    webhook = db.session.scalar(select(Webhook))
    assert webhook.events == ["idea.created", "idea.status_changed"] and webhook.is_active
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", webhook.secret)
    assert webhook.secret in text(response) and webhook.created_by_id == admin.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "webhook.saved"))
    assert event.details["host"] == "127.0.0.1" and "url" not in event.details  # PMs read the audit log
    listing = text(client.get("/admin/webhooks"))
    assert "CRM sync" in listing and "2 events" in listing and "None yet" in listing


@pytest.mark.parametrize("fields, message", [
    ({"url": "ftp://example.com/hook"}, "Enter a full address starting with https://"),
    ({"url": "https://user:pw@example.com/hook"}, "Leave the user name and password out"),
    ({"url": "http://169.254.169.254/latest/meta-data"}, "is on a private network (169.254.169.254)"),
    ({"url": "http://localhost:6379/"}, "is on a private network"),
    ({"url": "http://10.1.2.3/hook"}, "is on a private network (10.1.2.3)"),
    ({"url": "https://no-such-host.invalid/hook"}, "“no-such-host.invalid” cannot be found"),
    ({"url": ""}, "Enter the address to send events to."),
    ({"events": []}, "Choose at least one event to send."),
    ({"events": ["idea.deleted"]}, "is not a valid choice"),
    ({"kind": "email"}, "Not a valid choice"),
    ({"name": ""}, "Enter a name."),
])
def test_bad_input_is_refused_with_a_reason_and_saves_nothing(client, admin, app, fields, message):
    login(client, admin)
    response = client.post_form("/admin/webhooks/new", form(client, **fields))
    assert response.status_code == 200 and message in text(response)
    assert webhook_count() == 0


def test_a_form_without_its_csrf_token_is_refused(client, admin):
    login(client, admin)
    response = client.post("/admin/webhooks/new", data=form(client, csrf_token=None))
    assert response.status_code == 400 and webhook_count() == 0


def test_send_a_test_shows_what_the_endpoint_answered(client, admin, receiver):
    login(client, admin)
    webhook = make_webhook(receiver.url, events=["idea.created"])
    receiver.answer(Answer(200, b'{"received": true}'))
    page = text(client.post_form(f"/admin/webhooks/{webhook.id}/test", follow_redirects=True))
    assert "Delivered: the endpoint answered 200" in page
    assert receiver.received[0].json["type"] == "ping" and receiver.received[0].json["data"]["sent_by"]["id"] == admin.id
    assert "&#34;received&#34;: true" in page or '"received": true' in page.replace("&#34;", '"')
    receiver.answer(Answer(500, b"boom"))
    page = text(client.post_form(f"/admin/webhooks/{webhook.id}/test", follow_redirects=True))
    assert "Not delivered. The endpoint answered HTTP 500." in page
    failed = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id.desc())).first()
    db.session.refresh(webhook)
    assert failed.failed_at and failed.next_attempt_at is None and failed.attempts == 1
    assert webhook.is_active  # a failed test says nothing about the endpoint's health
    assert outbox.drain().sent == 0 and len(receiver.received) == 2  # and is not retried


def test_others_write_while_a_test_waits_for_a_slow_endpoint(client, admin, receiver, board, app):
    login(client, admin)
    webhook = make_webhook(receiver.url, events=["idea.created"])
    db.session.commit()
    release = threading.Event()
    receiver.answer(Answer(hold=release))
    answered = []

    def press_send_a_test():
        with app.app_context():
            answered.append(client.post_form(f"/admin/webhooks/{webhook.id}/test").status_code)

    presser = threading.Thread(target=press_send_a_test)
    presser.start()
    try:
        deadline = time.monotonic() + 10
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.02)
        assert receiver.received, "the endpoint never got the test"
        with db.engine.connect() as other_request:  # another request writes while the endpoint dawdles
            if other_request.dialect.name == "sqlite":
                other_request.exec_driver_sql("PRAGMA busy_timeout = 1000")
            other_request.execute(update(Board).where(Board.id == board.id).values(name="Mobile (renamed)"))
            other_request.commit()
    finally:
        release.set()
        presser.join(15)
    assert answered == [303]
    db.session.expire_all()
    assert db.session.scalar(select(WebhookDelivery.delivered_at)) is not None
    assert db.session.get(Board, board.id).name == "Mobile (renamed)"


def test_send_again_repeats_the_body_with_the_same_webhook_id(client, admin, receiver, board, customer, app):
    from ideabox.ideas.services import submit_idea

    login(client, admin)
    webhook = make_webhook(receiver.url)
    with app.test_request_context():
        submit_idea(board, customer, "Offline mode")
    db.session.commit()
    outbox.drain()
    original = db.session.scalar(select(WebhookDelivery))
    page = text(client.post_form(f"/admin/webhooks/deliveries/{original.id}/send-again", follow_redirects=True))
    assert "Delivered" in page
    first, second = receiver.received
    assert first.body == second.body and first.headers["webhook-id"] == second.headers["webhook-id"]
    assert len(page.split('data-testid="delivery"')) - 1 == 2
    assert webhook.name in page


@pytest.mark.parametrize("kind", ["standard", "slack"])
def test_a_delivered_resend_ends_the_retries_of_its_event(client, admin, receiver, board, customer, app, kind):
    from datetime import timedelta

    from ideabox.ideas.services import submit_idea
    from ideabox.models import utcnow

    login(client, admin)
    make_webhook(receiver.url, kind=kind)
    with app.test_request_context():
        submit_idea(board, customer, "Offline mode")
    db.session.commit()
    receiver.answer(Answer(500, b"down"), Answer())
    outbox.drain()
    original = db.session.scalar(select(WebhookDelivery))
    assert original.next_attempt_at is not None  # down once: it waits to retry
    page = text(client.post_form(f"/admin/webhooks/deliveries/{original.id}/send-again", follow_redirects=True))
    assert "Delivered by “Send again”" in page
    db.session.expire_all()
    assert original.next_attempt_at is None and original.delivered_by_resend_id is not None
    outbox.drain(now=utcnow() + timedelta(days=2))
    assert len(receiver.received) == 2  # the failed attempt and the resend: the retry never went out
    outbox.prune(utcnow() + timedelta(days=40))
    db.session.commit()
    assert db.session.scalar(select(func.count(WebhookDelivery.id))) == 0


def test_a_failed_resend_leaves_the_original_its_retries(client, admin, receiver, board, customer, app):
    from ideabox.ideas.services import submit_idea

    login(client, admin)
    make_webhook(receiver.url)
    with app.test_request_context():
        submit_idea(board, customer, "Offline mode")
    db.session.commit()
    receiver.answer(Answer(500, b"down"))
    outbox.drain()
    original = db.session.scalar(select(WebhookDelivery))
    page = text(client.post_form(f"/admin/webhooks/deliveries/{original.id}/send-again", follow_redirects=True))
    assert "Not delivered." in page
    db.session.expire_all()
    assert original.next_attempt_at is not None and original.delivered_by_resend_id is None


def test_rotating_the_secret_keeps_the_old_one_for_a_day(client, admin, receiver):
    login(client, admin)
    webhook = make_webhook(receiver.url)
    old = webhook.secret
    page = text(client.post_form(f"/admin/webhooks/{webhook.id}/rotate-secret", follow_redirects=True))
    db.session.refresh(webhook)
    assert webhook.secret != old and webhook.previous_secret == old
    assert "The secret is new" in page and 'data-testid="previous-secret"' in page and webhook.secret in page
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "webhook.secret_rotated"))


def test_turning_a_failing_endpoint_back_on_clears_the_reason_and_sends_what_waited(client, admin, receiver, board,
                                                                                    customer, app):
    from ideabox.ideas.services import submit_idea

    login(client, admin)
    webhook = make_webhook(receiver.url)
    with app.test_request_context():
        submit_idea(board, customer, "Offline mode")
    db.session.commit()
    webhook.is_active, webhook.disabled_reason = False, "Nothing reached it for a day."
    db.session.commit()
    page = text(client.get(f"/admin/webhooks/{webhook.id}"))
    assert "IdeaBox turned this webhook off." in page and "Nothing reached it for a day." in page
    assert "Turned off: failing" in text(client.get("/admin/webhooks"))
    assert outbox.drain().sent == 0
    client.post_form(f"/admin/webhooks/{webhook.id}", form(client, url=receiver.url,
                                                             events=list(webhook.events)))
    db.session.refresh(webhook)
    assert webhook.is_active and webhook.disabled_reason == ""
    assert outbox.drain().sent == 1 and receiver.events() == ["idea.created"]


def test_unticking_on_pauses_an_endpoint(client, admin, receiver):
    login(client, admin)
    webhook = make_webhook(receiver.url)
    client.post_form(f"/admin/webhooks/{webhook.id}", form(client, url=receiver.url, is_active=None))
    db.session.refresh(webhook)
    assert not webhook.is_active and webhook.disabled_reason == ""
    assert ">Off<" in text(client.get("/admin/webhooks"))


def test_deleting_removes_the_endpoint_and_its_history(client, admin, receiver):
    login(client, admin)
    webhook = make_webhook(receiver.url)
    client.post_form(f"/admin/webhooks/{webhook.id}/test")
    page = text(client.post_form(f"/admin/webhooks/{webhook.id}/delete", follow_redirects=True))
    assert "Webhook “CRM sync” is deleted." in page and "No webhooks yet" in page
    assert webhook_count() == 0 and db.session.scalar(select(func.count(WebhookDelivery.id))) == 0
    assert client.get(f"/admin/webhooks/{webhook.id}").status_code == 404


def test_the_service_refuses_what_the_form_would_not_send(app, admin, customer, pm, receiver):
    from ideabox.errors import FieldError, PermissionDenied
    from ideabox.webhooks.services import save_webhook

    good = dict(name="CRM", url=receiver.url, kind="standard", events=["idea.created"], include_private=False,
                is_active=True)
    with app.test_request_context():
        for person in (customer, pm):
            with pytest.raises(PermissionDenied):
                save_webhook(person, None, **good)
        for change, field in [({"events": []}, "events"), ({"events": ["idea.deleted"]}, "events"),
                              ({"kind": "email"}, "kind"), ({"url": receiver.url + "/" + "x" * 2000}, "url"),
                              ({"name": "  "}, "name")]:
            with pytest.raises(FieldError) as refused:
                save_webhook(admin, None, **{**good, **change})
            assert refused.value.field == field
        saved = save_webhook(admin, None, **{**good, "name": "  CRM  ", "events": ["release.published", "idea.created"]})
    assert saved.name == "CRM" and saved.events == ["idea.created", "release.published"]  # in the catalogue's order
