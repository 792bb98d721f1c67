"""Read-side queries of the webhook pages."""
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import Webhook, WebhookDelivery


def webhooks_by_name():
    return select(Webhook).order_by(func.lower(Webhook.name), Webhook.id)


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
