"""The events an endpoint can subscribe to, and how one event becomes a delivery per endpoint."""
import json
import uuid

from flask_babel import lazy_gettext as _l

from ideabox.extensions import db
from ideabox.models import Webhook, WebhookDelivery, utcnow
from ideabox.notifications.links import rfc3339
from ideabox.queue import enqueue_after_commit
from ideabox.webhooks import queries, slack

EVENT_TYPES = {
    "idea.created": _l("An idea is posted"),
    "idea.status_changed": _l("An idea's status changes, or the team posts an update on it"),
    "idea.withdrawn": _l("An author withdraws their idea"),
    "vote.created": _l("Someone votes for an idea"),
    "vote.deleted": _l("Someone takes their vote back"),
    "comment.created": _l("Someone comments (public comments only, never internal notes)"),
    "ideas.merged": _l("Duplicate ideas are merged"),
    "idea.moved": _l("An idea is moved to another board"),
    "theme.status_changed": _l("A theme's status changes"),
    "release.published": _l("A release note is published on the changelog"),
    "release.deleted": _l("A release note is taken off the changelog (deleted, or withdrawn as it leaves Shipped)"),
}
PING = "ping"  # sent by "Send a test", whatever the endpoint subscribes to

KINDS = {
    "standard": _l("JSON, signed (Standard Webhooks)"),
    "slack": _l("Slack message (or a Slack-compatible incoming webhook)"),
}
KIND_NAMES = {"standard": _l("a signed JSON event"), "slack": _l("a Slack message")}


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def render_body(webhook: Webhook, event_type: str, data: dict, timestamp: str) -> str:
    """The exact bytes an endpoint receives: the event as JSON, or a Slack message."""
    if webhook.kind == "slack":
        return json.dumps(slack.message(event_type, data), ensure_ascii=False)
    return json.dumps({"type": event_type, "timestamp": timestamp, "data": data}, ensure_ascii=False)


def queue_delivery(webhook: Webhook, event_type: str, data: dict, *, private: bool = False,
                   boards: set[int] = frozenset()) -> WebhookDelivery:
    """Add one delivery of an event to one endpoint, due now; `private`: it tells of a private board, `boards`: the
    boards it is about."""
    now = utcnow()
    delivery = WebhookDelivery(webhook=webhook, event=event_type, message_id=new_message_id(), created_at=now,
                               next_attempt_at=now, body=render_body(webhook, event_type, data, rfc3339(now)),
                               kind=webhook.kind, private=private, board_ids=sorted(boards))
    db.session.add(delivery)
    return delivery


def not_for_the_endpoint(delivery: WebhookDelivery) -> str:
    """Why the endpoint, as an admin has set it up since the delivery was queued, would not have been sent it: a
    retry or a resend must not reach an endpoint that no longer takes private boards, those boards or that event,
    nor carry a body written in another kind's format. "" when it would have."""
    webhook = delivery.webhook
    if delivery.event != PING and delivery.event not in webhook.events:
        return _l("Not sent: the endpoint no longer subscribes to %(event)s.", event=delivery.event)
    if delivery.private and not webhook.include_private:
        return _l("Not sent: it tells of a private board, and the endpoint no longer takes those.")
    if delivery.board_ids and not webhook.all_boards and not set(delivery.board_ids) & {
            board.id for board in webhook.boards}:
        return _l("Not sent: it is about boards the endpoint no longer takes.")
    if delivery.kind and delivery.kind != webhook.kind:
        return _l("Not sent: it was written as %(before)s, and the endpoint now takes %(now)s.",
                  before=KIND_NAMES[delivery.kind], now=KIND_NAMES[webhook.kind])
    return ""


def publish(event_type: str, data: dict, *, boards: set[int], private: bool = False, announce: bool = True,
            private_data: dict | None = None, announce_publicly: bool = True) -> int:
    """Queue the event for every active endpoint subscribed to it whose boards take in one of `boards` (the boards
    the event is about); a private event only for those that include private boards; one not to `announce`, no
    chat channel, and without `announce_publicly` (`data` says nothing worth a message), no chat channel leaving
    out private boards. Endpoints that include private boards get `private_data`, when given, instead of `data`:
    the event as told with what lies on private boards. The deliveries commit with the change and go out after it.
    Returns how many."""
    def takes(hook) -> bool:
        chat = hook.kind == "slack"
        return (event_type in hook.events and (hook.include_private or not private) and (announce or not chat)
                and (announce_publicly or hook.include_private or not chat))

    webhooks = [hook for hook in db.session.scalars(queries.listening_to(boards)) if takes(hook)]
    for webhook in webhooks:
        fuller = bool(private_data) and webhook.include_private  # the event as told with what private boards hold
        queue_delivery(webhook, event_type, private_data if fuller else data, private=private or fuller, boards=boards)
    if webhooks:
        from ideabox.webhooks.jobs import send_webhooks_job

        enqueue_after_commit(send_webhooks_job, "WEBHOOK_QUEUE")
    return len(webhooks)
