"""Webhook events reach a real HTTP endpoint: signed the Standard Webhooks way, filtered by event and privacy,
retried with backoff, and turned off when the endpoint is dead."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook as Verifier
from standardwebhooks.webhooks import WebhookVerificationError

from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote, change_status, retract_vote, submit_idea, withdraw_idea
from ideabox.merging.services import merge_ideas
from ideabox.models import IdeaStatus, Release, WebhookDelivery, utcnow
from ideabox.roadmap.services import delete_release, publish_release
from ideabox.themes.services import create_theme, set_theme_status
from ideabox.webhooks import delivery as outbox
from ideabox.webhooks.services import rotate_secret
from tests import factories
from tests.factories_webhooks import Answer, Receiver, make_webhook


@pytest.fixture
def receiver(app):
    app.config["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = True  # the endpoint listens on 127.0.0.1
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def context(app):
    with app.test_request_context():
        yield


def deliveries() -> list[WebhookDelivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def post_idea(board, author, title="Offline mode", body="Let me work on the train."):
    idea = submit_idea(board, author, title, body)
    db.session.commit()
    return idea


def test_a_posted_idea_reaches_the_endpoint_signed_with_its_secret(receiver, context, board, customer):
    webhook = make_webhook(receiver.url + "/hooks/ideabox")
    idea = post_idea(board, customer)
    assert receiver.received == []  # queued with the change; the drain sends it
    result = outbox.drain()
    assert (result.sent, result.failed) == (1, 0)
    [request] = receiver.received
    assert request.path == "/hooks/ideabox" and request.headers["content-type"] == "application/json"
    event = Verifier(webhook.secret).verify(request.body, request.headers)
    assert event["type"] == "idea.created"
    data = event["data"]["idea"]
    assert (data["id"], data["title"], data["body"], data["status"]) == (idea.id, "Offline mode",
                                                                         "Let me work on the train.", "open")
    assert data["url"] == f"http://localhost/ideas/{idea.id}"
    assert data["board"]["slug"] == "mobile" and data["board"]["private"] is False
    assert data["author"] == {"id": customer.id, "name": "Casey Customer"}
    assert customer.email not in request.body.decode()  # no address ever leaves
    with pytest.raises(WebhookVerificationError):
        Verifier("whsec_" + "A" * 43 + "=").verify(request.body, request.headers)
    with pytest.raises(WebhookVerificationError):
        Verifier(webhook.secret).verify(request.body.replace(b"Offline", b"Online"), request.headers)
    [row] = deliveries()
    assert row.delivered_at and row.attempts == 1 and row.response_status == 200 and row.response_body == "ok"
    assert request.headers["webhook-id"] == row.message_id


def test_an_endpoint_gets_only_the_events_it_chose(receiver, context, board, customer, pm):
    make_webhook(receiver.url, events=["idea.status_changed"])
    idea = post_idea(board, customer)
    change_status(idea, IdeaStatus.PLANNED, pm, note="Coming in **spring**.")
    db.session.commit()
    outbox.drain()
    assert receiver.events() == ["idea.status_changed"]
    data = receiver.received[0].json["data"]
    assert (data["from_status"], data["to_status"], data["note"]) == ("open", "planned", "Coming in **spring**.")
    assert data["changed_by"] == {"id": pm.id, "name": "Pat PM"} and data["correction"] is False
    assert data["idea"]["status"] == "planned"


def test_every_kind_of_event_carries_what_happened(receiver, context, board, customer, other_customer, pm):
    make_webhook(receiver.url)
    idea = post_idea(board, customer)
    duplicate = post_idea(board, other_customer, title="Work offline")
    cast_vote(idea, other_customer)
    retract_vote(idea, other_customer)
    add_comment(idea, other_customer, "Me too, on the **train**.")
    add_comment(idea, pm, "We are looking at it.")
    merge_ideas(idea, [duplicate], pm)
    theme = create_theme("Offline", [idea], pm)
    set_theme_status(theme, IdeaStatus.SHIPPED, pm, note="Out now.")
    publish_release(theme, pm, "Offline mode is here.")
    withdrawn = post_idea(board, customer, title="Never mind")
    withdraw_idea(withdrawn, customer)
    db.session.commit()
    outbox.drain()
    events = {}
    for request in receiver.received:
        events.setdefault(request.json["type"], []).append(request.json["data"])
    assert list(events) == ["idea.created", "vote.created", "vote.deleted", "comment.created", "ideas.merged",
                            "theme.status_changed", "release.published", "idea.withdrawn"]
    assert len(events["idea.created"]) == 3
    assert events["vote.created"][0]["voter"]["name"] == "Olive Other"
    assert events["vote.created"][0]["idea"]["votes"] == 2  # the author's own vote and Olive's
    assert events["vote.deleted"][0]["idea"]["votes"] == 1
    customer_comment, team_reply = events["comment.created"]
    assert (customer_comment["comment"]["body"], customer_comment["comment"]["official"]) == (
        "Me too, on the **train**.", False)
    assert team_reply["comment"]["official"] is True
    assert team_reply["comment"]["url"].endswith(f"/ideas/{idea.id}#comment-{team_reply['comment']['id']}")
    merged = events["ideas.merged"][0]
    assert merged["idea"]["id"] == idea.id and [m["id"] for m in merged["merged"]] == [duplicate.id]
    assert merged["merged"][0]["url"] == f"http://localhost/ideas/{idea.id}"  # a duplicate leads to its primary
    theme_event = events["theme.status_changed"][0]
    assert (theme_event["theme"]["title"], theme_event["from_status"], theme_event["to_status"]) == (
        "Offline", "open", "shipped")
    assert theme_event["theme"]["url"] == f"http://localhost/roadmap/themes/{theme.id}"
    release = events["release.published"][0]
    assert release["release"]["body"] == "Offline mode is here." and release["theme"]["id"] == theme.id
    assert release["release"]["url"].endswith(f"/changelog#release-{release['release']['id']}")
    assert events["idea.withdrawn"][0]["idea"]["title"] == "Never mind"


def test_internal_notes_and_hidden_comments_never_leave(receiver, context, board, customer, pm):
    make_webhook(receiver.url, events=["comment.created"])
    idea = post_idea(board, customer)
    add_comment(idea, pm, "Sales says Acme wants this.", internal=True)
    db.session.commit()
    outbox.drain()
    assert receiver.received == []


def test_private_boards_reach_only_endpoints_that_include_them(receiver, context, private_board, customer, pm):
    make_webhook(receiver.url + "/public-only", name="Slack #general")
    make_webhook(receiver.url + "/everything", name="Warehouse", include_private=True)
    idea = post_idea(private_board, pm, title="Audit log")
    change_status(idea, IdeaStatus.PLANNED, pm)
    db.session.commit()
    outbox.drain()
    assert [r.path for r in receiver.received] == ["/everything", "/everything"]
    assert receiver.received[0].json["data"]["idea"]["board"]["private"] is True


def test_a_theme_or_release_counts_as_private_when_all_its_ideas_are(receiver, context, board, private_board, pm):
    make_webhook(receiver.url, events=["theme.status_changed"])
    hidden = create_theme("SSO", [post_idea(private_board, pm, title="SAML")], pm)
    mixed = create_theme("Offline", [post_idea(private_board, pm, title="Offline admin"),
                                     post_idea(board, pm, title="Offline lists")], pm)
    set_theme_status(hidden, IdeaStatus.IN_PROGRESS, pm)
    set_theme_status(mixed, IdeaStatus.IN_PROGRESS, pm)
    db.session.commit()
    outbox.drain()
    assert [r.json["data"]["theme"]["title"] for r in receiver.received] == ["Offline"]


def test_a_release_note_taken_off_the_changelog_reaches_json_endpoints_not_slack(receiver, context, board,
                                                                                 customer, pm):
    make_webhook(receiver.url + "/crm", events=["release.published", "release.deleted"])
    make_webhook(receiver.url + "/slack", kind="slack", events=["release.published", "release.deleted"])
    idea = post_idea(board, customer, title="Offline mode")
    change_status(idea, IdeaStatus.SHIPPED, pm, release_note="Work offline on the train.")
    db.session.commit()
    change_status(idea, IdeaStatus.IN_PROGRESS, pm, quiet=True)  # shipped by mistake: the note is withdrawn
    db.session.commit()
    second = post_idea(board, customer, title="Dark mode")
    change_status(second, IdeaStatus.SHIPPED, pm, release_note="Night theme.")
    db.session.commit()
    delete_release(db.session.scalar(select(Release).where(Release.idea_id == second.id)), pm)  # a PM deletes it
    db.session.commit()
    outbox.drain()
    crm = [(r.json["type"], r.json["data"]["release"]["title"], r.json["data"].get("deleted_by"))
           for r in receiver.received if r.path == "/crm"]
    assert crm == [("release.published", "Offline mode", None), ("release.deleted", "Offline mode", {
        "id": pm.id, "name": pm.display_name}), ("release.published", "Dark mode", None),
        ("release.deleted", "Dark mode", {"id": pm.id, "name": pm.display_name})]
    assert [r.json["text"].split(":")[0] for r in receiver.received if r.path == "/slack"] == ["Released", "Released"]


def test_slack_gets_a_readable_escaped_message_and_no_corrections(receiver, context, board, customer, pm):
    make_webhook(receiver.url + "/slack", kind="slack", name="Slack #product")
    make_webhook(receiver.url + "/crm", events=["idea.status_changed"])
    idea = post_idea(board, customer, title="Export <CSV> & PDF", body="For **finance**: <script>x</script>")
    change_status(idea, IdeaStatus.PLANNED, pm, quiet=True)  # a correction: tell nobody
    db.session.commit()
    outbox.drain()
    slack = [r for r in receiver.received if r.path == "/slack"]
    crm = [r for r in receiver.received if r.path == "/crm"]
    assert len(slack) == 1 and "webhook-signature" not in slack[0].headers
    text = slack[0].json["text"]
    assert text.startswith(f"Casey Customer posted <http://localhost/ideas/{idea.id}|Export &lt;CSV&gt; &amp; PDF>")
    assert "on _Mobile app_" in text and "<script>" not in text and "\n>For finance:" in text
    assert slack[0].json["unfurl_links"] is False
    assert crm[0].json["data"]["correction"] is True


def test_a_theme_status_correction_reaches_json_endpoints_marked_and_no_slack(receiver, context, board, customer,
                                                                               pm):
    make_webhook(receiver.url + "/slack", kind="slack", name="Slack #product", events=["theme.status_changed"])
    make_webhook(receiver.url + "/crm", events=["theme.status_changed"])
    theme = create_theme("Offline", [post_idea(board, customer)], pm)
    set_theme_status(theme, IdeaStatus.DECLINED, pm, quiet=True)
    set_theme_status(theme, IdeaStatus.PLANNED, pm)
    db.session.commit()
    outbox.drain()
    slack = [r for r in receiver.received if r.path == "/slack"]
    crm = [r.json["data"] for r in receiver.received if r.path == "/crm"]
    assert [(data["to_status"], data["correction"]) for data in crm] == [("declined", True), ("planned", False)]
    assert len(slack) == 1 and "*Planned*" in slack[0].json["text"]


def test_a_failed_attempt_is_retried_on_schedule_with_the_same_id(receiver, context, board, customer):
    make_webhook(receiver.url)
    receiver.answer(Answer(503, b"busy"), Answer(200))
    post_idea(board, customer)
    now = utcnow()
    first = outbox.drain(now=now)
    assert (first.sent, first.failed) == (0, 1)
    [row] = deliveries()
    assert (row.attempts, row.response_status, row.response_body) == (1, 503, "busy")
    assert "HTTP 503" in row.last_error and row.next_attempt_at == now + timedelta(minutes=1)
    assert outbox.drain(now=now + timedelta(seconds=30)).sent == 0  # not due yet
    assert outbox.drain(now=now + timedelta(minutes=2)).sent == 1
    [row] = deliveries()
    assert row.delivered_at and row.attempts == 2 and row.last_error == "" and row.next_attempt_at is None
    first_id, second_id = (r.headers["webhook-id"] for r in receiver.received)
    assert first_id == second_id == row.message_id


def test_a_dead_endpoint_is_given_up_after_a_day_and_turned_off(receiver, context, board, customer, app):
    webhook = make_webhook(receiver.url)
    receiver.answer(Answer(500, b"down"))
    post_idea(board, customer)
    moment = utcnow()
    for wait in [timedelta(0), *outbox.RETRY_AFTER]:
        moment += wait
        outbox.drain(now=moment)
    [row] = deliveries()
    assert row.attempts == outbox.MAX_ATTEMPTS == 8 and row.failed_at and row.next_attempt_at is None
    assert len(receiver.received) == 8
    assert moment - row.created_at > timedelta(hours=27)
    db.session.refresh(webhook)
    assert not webhook.is_active and "8 attempts" in webhook.disabled_reason and "HTTP 500" in webhook.disabled_reason
    post_idea(board, customer, title="Another")
    assert len(deliveries()) == 1  # an endpoint that is off gets nothing queued


def test_a_failure_after_recent_successes_does_not_turn_the_endpoint_off(receiver, context, board, customer):
    webhook = make_webhook(receiver.url)
    post_idea(board, customer)
    receiver.answer(Answer(500))
    moment = utcnow()
    outbox.drain(now=moment)
    receiver.answer(Answer(200))
    post_idea(board, customer, title="Second")  # succeeds while the first still fails
    receiver.answer(Answer(500), Answer(200), Answer(500))
    for wait in outbox.RETRY_AFTER:
        moment += wait
        outbox.drain(now=moment)
    db.session.refresh(webhook)
    assert webhook.is_active and webhook.disabled_reason == ""


def test_gone_turns_the_endpoint_off_at_once(receiver, context, board, customer):
    webhook = make_webhook(receiver.url)
    receiver.answer(Answer(410, b"no_service"))
    post_idea(board, customer)
    outbox.drain()
    db.session.refresh(webhook)
    [row] = deliveries()
    assert row.failed_at and not webhook.is_active and "410 Gone" in webhook.disabled_reason


def test_redirects_are_not_followed(receiver, context, board, customer):
    make_webhook(receiver.url + "/old")
    receiver.answer(Answer(301, headers={"location": "https://example.com/new"}))
    post_idea(board, customer)
    outbox.drain()
    assert [r.path for r in receiver.received] == ["/old"]
    [row] = deliveries()
    assert row.response_status == 301 and "redirects to https://example.com/new" in row.last_error


def test_a_slow_endpoint_times_out_and_is_retried(receiver, context, board, customer, app):
    app.config["WEBHOOK_TIMEOUT_SECONDS"] = 0.3
    make_webhook(receiver.url)
    receiver.answer(Answer(200, delay=1.5))
    post_idea(board, customer)
    assert outbox.drain().failed == 1
    [row] = deliveries()
    assert "Timeout" in row.last_error and row.attempts == 1 and row.next_attempt_at


def test_an_endpoint_dripping_its_answer_is_cut_off_at_the_timeout(receiver, context, board, customer, app):
    app.config["WEBHOOK_TIMEOUT_SECONDS"] = 0.5
    make_webhook(receiver.url)
    receiver.answer(Answer(200, b"x" * 1000, drip=0.1))  # each byte well within the read timeout
    post_idea(board, customer)
    assert outbox.drain().sent == 1
    [row] = deliveries()
    assert 0 < len(row.response_body) < 20  # stopped by the deadline, long before the 1,000 bytes


def test_a_failing_endpoint_does_not_hold_up_the_others(receiver, context, board, customer):
    make_webhook(receiver.url + "/dead", name="Dead")
    make_webhook(receiver.url + "/alive", name="Alive")
    receiver.answer(Answer(500), Answer(200), Answer(200), Answer(200))
    for title in ("One", "Two", "Three"):
        post_idea(board, customer, title=title)
    result = outbox.drain()
    assert [r.path for r in receiver.received] == ["/dead", "/alive", "/alive", "/alive"]
    assert (result.sent, result.failed) == (3, 1)
    waiting = [d for d in deliveries() if d.next_attempt_at is not None]
    assert len(waiting) == 3 and {d.webhook.name for d in waiting} == {"Dead"}


def test_the_answer_kept_is_short_and_storable(receiver, context, board, customer):
    make_webhook(receiver.url)
    receiver.answer(Answer(200, b"\x00" + "é".encode() * 5000))
    post_idea(board, customer)
    outbox.drain()
    [row] = deliveries()
    assert len(row.response_body) <= outbox.RESPONSE_KEPT and "\x00" not in row.response_body
    assert row.response_body.startswith("é")


def test_a_rolled_back_change_sends_nothing(receiver, context, board, customer):
    make_webhook(receiver.url)
    submit_idea(board, customer, "Offline mode")
    db.session.rollback()
    assert deliveries() == [] and outbox.drain().sent == 0 and receiver.received == []


def test_after_a_rotation_both_secrets_sign_for_a_day(receiver, context, board, customer, admin):
    webhook = make_webhook(receiver.url)
    old_secret = webhook.secret
    rotate_secret(admin, webhook)
    db.session.commit()
    post_idea(board, customer)
    outbox.drain()
    request = receiver.received[-1]
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    Verifier(old_secret).verify(request.body, request.headers)
    Verifier(webhook.secret).verify(request.body, request.headers)
    webhook.previous_secret_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    post_idea(board, customer, title="Later")
    outbox.drain()
    request = receiver.received[-1]
    Verifier(webhook.secret).verify(request.body, request.headers)
    with pytest.raises(WebhookVerificationError):
        Verifier(old_secret).verify(request.body, request.headers)


def test_a_private_address_is_refused_at_delivery_too(receiver, context, board, customer, app):
    make_webhook(receiver.url)
    app.config["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = False
    post_idea(board, customer)
    assert outbox.drain().failed == 1
    [row] = deliveries()
    assert receiver.received == [] and "private network (127.0.0.1)" in row.last_error


def test_send_webhooks_command_reports_and_prunes_old_finished_deliveries(receiver, context, board, customer, runner):
    webhook = make_webhook(receiver.url)
    post_idea(board, customer)
    old = utcnow() - timedelta(days=31)
    for delivered in (True, False):
        db.session.add(WebhookDelivery(webhook=webhook, event="idea.created", message_id=f"msg_{uuid.uuid4().hex}",
                                       body="{}", created_at=old, next_attempt_at=None if delivered else old + timedelta(days=40),
                                       delivered_at=old if delivered else None))
    db.session.commit()
    result = runner.invoke(args=["send-webhooks"])
    assert result.exit_code == 0, result.output
    assert "Delivered 1 webhook(s); 0 failed" in result.output and "pruned 1 old deliveries" in result.output
    assert len(deliveries()) == 2  # the fresh one and the old one still waiting
    receiver.answer(Answer(500))
    post_idea(board, customer, title="Fails")
    assert runner.invoke(args=["send-webhooks"]).exit_code == 1


def test_with_redis_one_job_per_transaction_delivers_after_commit(receiver, redis_queue, context, board, customer, app):
    from ideabox.worker import InProcessWorker

    app.config.update(WEBHOOK_QUEUE=redis_queue.name, RQ_QUEUE="not-this-one")  # webhooks may have a queue of their own

    make_webhook(receiver.url)
    voter = factories.make_user()
    idea = submit_idea(board, customer, "Offline mode")
    cast_vote(idea, voter)
    assert redis_queue.count == 0  # nothing before the commit
    db.session.commit()
    assert redis_queue.count == 1
    InProcessWorker([redis_queue], connection=redis_queue.connection).work(burst=True)
    assert receiver.events() == ["idea.created", "vote.created"]
    assert all(d.delivered_at for d in deliveries())


def test_without_webhooks_events_leave_no_rows(receiver, context, board, customer):
    make_webhook(receiver.url, is_active=False)
    post_idea(board, customer)
    assert db.session.scalar(select(func.count(WebhookDelivery.id))) == 0


def test_two_workers_draining_at_once_send_each_delivery_once(receiver, context, board, customer, app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("rows are claimed with FOR UPDATE SKIP LOCKED, which only PostgreSQL has")
    import threading

    make_webhook(receiver.url)
    receiver.answer(Answer(200, delay=0.05))
    for number in range(12):
        submit_idea(board, customer, f"Idea {number}")
    db.session.commit()
    results = []

    def worker():
        with app.app_context():
            results.append(outbox.drain())
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [request.headers["webhook-id"] for request in receiver.received]
    assert len(ids) == len(set(ids)) == 12
    assert sum(result.sent for result in results) == 12 and all(result.sent for result in results)
