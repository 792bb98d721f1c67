"""What an admin does with webhooks: connect, change, rotate the secret, test, resend, remove."""
import base64
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select, update

from ideabox.admin.audit import record_event
from ideabox.admin.services import clean_text, require_admin
from ideabox.errors import DomainError, FieldError
from ideabox.extensions import db
from ideabox.models import Board, Webhook, WebhookDelivery, utcnow
from ideabox.models.webhook import URL_MAX
from ideabox.webhooks import delivery as outbox
from ideabox.webhooks.destinations import require_public
from ideabox.webhooks.events import EVENT_TYPES, KINDS, PING, not_for_the_endpoint, queue_delivery

OLD_SECRET_LIFETIME = timedelta(hours=24)  # both secrets sign for a day after a rotation


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def save_webhook(actor, webhook: Webhook | None, *, name: str, url: str, kind: str, events: list[str],
                 include_private: bool, is_active: bool, all_boards: bool = True,
                 board_ids: list[int] = ()) -> Webhook:
    """Create an endpoint (with a fresh secret) or change one; turning it on again clears why it was off. It sends
    the events of all boards, or only of the boards in `board_ids` when `all_boards` is false."""
    require_admin(actor)
    unknown = set(events) - set(EVENT_TYPES)
    if unknown or not events:
        raise FieldError("events", _("Choose at least one event to send."))
    if kind not in KINDS:
        raise FieldError("kind", _("Choose how to send the events."))
    name, url = clean_text("name", name, 80), clean_text("url", url, URL_MAX)
    require_public(url)
    boards = [] if all_boards else _picked_boards(board_ids, include_private)
    before = None if webhook is None else board_scope(webhook)
    if webhook is None:
        webhook = Webhook(secret=new_secret(), created_by_id=actor.id)
        db.session.add(webhook)
    webhook.name, webhook.url, webhook.kind = name, url, kind
    webhook.events = [event for event in EVENT_TYPES if event in events]
    webhook.include_private, webhook.is_active = include_private, is_active
    webhook.all_boards, webhook.boards = all_boards, boards
    if is_active:
        webhook.disabled_reason = ""
    db.session.flush()
    scope = board_scope(webhook)
    changed = {"previous_boards": before} if before is not None and before != scope else {}
    record_event(actor, "webhook.saved", webhook, name=webhook.name, host=_host(url), events=webhook.events,
                 boards=scope, **changed)
    return webhook


def _picked_boards(board_ids, include_private: bool) -> list[Board]:
    """The boards a scoped endpoint is limited to: at least one, each existing, a private one only when the
    endpoint takes private boards (so picking a board never sends more than that switch allows)."""
    ids = set(board_ids)
    if not ids:
        raise FieldError("board_ids", _("Pick at least one board, or choose “All boards”."))
    boards = list(db.session.scalars(select(Board).where(Board.id.in_(ids)).order_by(Board.name, Board.id)))
    if len(boards) != len(ids):
        raise FieldError("board_ids", _("A board you picked does not exist any more. Pick from the boards listed."))
    private = next((board for board in boards if board.is_private), None)
    if private is not None and not include_private:
        raise FieldError("board_ids", _("“%(name)s” is a private board: tick “Also send events about ideas on private "
                                        "boards” to send its events, or leave it out.", name=private.name))
    return boards


def board_scope(webhook: Webhook) -> str | list[str]:
    """What the audit log keeps of an endpoint's boards: "all", or the names of the boards it is limited to."""
    return "all" if webhook.all_boards else [board.name for board in webhook.boards]


def _host(url: str) -> str:
    # The audit log, which PMs read, names the host only: a Slack address is itself the secret.
    return urlsplit(url).hostname or ""


def delete_webhook(actor, webhook: Webhook) -> None:
    """Remove an endpoint and its delivery history."""
    require_admin(actor)
    record_event(actor, "webhook.deleted", webhook, name=webhook.name, host=_host(webhook.url))
    db.session.delete(webhook)
    db.session.flush()


def rotate_secret(actor, webhook: Webhook) -> Webhook:
    """Give the endpoint a new secret; the old one keeps signing beside it for a day."""
    require_admin(actor)
    webhook.previous_secret, webhook.secret = webhook.secret, new_secret()
    webhook.previous_secret_expires_at = utcnow() + OLD_SECRET_LIFETIME
    record_event(actor, "webhook.secret_rotated", webhook, name=webhook.name)
    db.session.flush()
    return webhook


def send_test(actor, webhook: Webhook) -> WebhookDelivery:
    """Send a "ping" event at once, whether the endpoint is on or off, so the admin sees whether it answers. One
    attempt only: a failed test is not retried and does not count against the endpoint."""
    require_admin(actor)
    delivery = queue_delivery(webhook, PING, {"webhook": {"id": webhook.id, "name": webhook.name},
                                              "sent_by": {"id": actor.id, "name": actor.display_name}})
    delivery.next_attempt_at = None  # not for the outbox's drain: this one attempt is all
    return _attempt_once(delivery)


def send_again(actor, original: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's body again now, as a new attempt with the same webhook-id, so the receiver can tell it
    is the same event. One attempt, like a test. If it is delivered, the deliveries of that event still waiting
    to retry stop: they would bring it a second time. If it fails, they keep their retries."""
    require_admin(actor)
    if reason := not_for_the_endpoint(original):
        raise DomainError(str(reason))
    now = utcnow()
    copy = WebhookDelivery(webhook=original.webhook, event=original.event, message_id=original.message_id,
                           body=original.body, created_at=now, next_attempt_at=None, kind=original.kind,
                           private=original.private, board_ids=original.board_ids)
    db.session.add(copy)
    _attempt_once(copy)
    if copy.delivered_at:
        _end_retries_of_the_same_event(copy)
    return copy


def _end_retries_of_the_same_event(resend: WebhookDelivery) -> None:
    """One UPDATE, so on PostgreSQL it waits for a worker attempting one of them right now and then leaves out
    the one that worker delivered."""
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == resend.webhook_id, WebhookDelivery.message_id == resend.message_id,
               WebhookDelivery.id != resend.id, WebhookDelivery.next_attempt_at.is_not(None),
               WebhookDelivery.delivered_at.is_(None))
        .values(next_attempt_at=None, delivered_by_resend_id=resend.id)
        .execution_options(synchronize_session=False))


def _attempt_once(delivery: WebhookDelivery) -> WebhookDelivery:
    """Commit the delivery, then make its one attempt (the caller commits the outcome). Committing first ends the
    request's write transaction before the endpoint takes up to WEBHOOK_TIMEOUT_SECONDS to answer: on SQLite that
    transaction held the database's write lock, and every other writer failed with "database is locked"."""
    db.session.commit()
    outbox.send_now(delivery, retry=False)
    return delivery
