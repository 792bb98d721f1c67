"""Read-side queries of the webhook pages, and which endpoints hear of an event."""
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import Board, Idea, Webhook, WebhookDelivery, webhook_boards


def webhooks_by_name():
    return select(Webhook).options(selectinload(Webhook.boards)).order_by(func.lower(Webhook.name), Webhook.id)


def listening_to(board_ids) -> select:
    """A select of the endpoints that are on and whose boards take in the event: those of all boards, and those
    limited to at least one of `board_ids` that they may hear of (a private one only when they include private
    boards). An event on no board reaches only the former."""
    picked = exists().where(webhook_boards.c.webhook_id == Webhook.id, webhook_boards.c.board_id == Board.id,
                            Board.id.in_(list(board_ids)),
                            or_(Board.is_private.is_(False), Webhook.include_private.is_(True)))
    return select(Webhook).where(Webhook.is_active.is_(True), or_(Webhook.all_boards.is_(True), picked))


def theme_board_ids(theme_id: int) -> set[int]:
    """The boards of a theme's ideas that are not withdrawn: the ones its events are about."""
    return set(db.session.scalars(select(Idea.board_id).where(Idea.theme_id == theme_id, Idea.withdrawn_at.is_(None))))


def waiting_counts(webhook_ids: list[int]) -> dict[int, int]:
    """How many deliveries of each endpoint still wait to go out (or to be retried)."""
    rows = db.session.execute(
        select(WebhookDelivery.webhook_id, func.count()).where(
            WebhookDelivery.webhook_id.in_(webhook_ids), WebhookDelivery.next_attempt_at.is_not(None))
        .group_by(WebhookDelivery.webhook_id))
    return dict(rows.all())


def latest_deliveries(webhook_ids: list[int]) -> dict[int, WebhookDelivery]:
    """Each endpoint's most recent delivery that was attempted."""
    latest = (select(func.max(WebhookDelivery.id)).where(WebhookDelivery.webhook_id.in_(webhook_ids),
                                                         WebhookDelivery.attempts > 0)
              .group_by(WebhookDelivery.webhook_id))
    return {d.webhook_id: d for d in db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.id.in_(latest)))}


def deliveries_of(webhook: Webhook):
    """A select of an endpoint's deliveries, newest first."""
    return (select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id)
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()))
