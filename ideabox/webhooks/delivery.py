"""POST the outbox of webhook deliveries: signed, timed out, retried with backoff, never sent twice at once."""
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import httpx
from flask import current_app
from sqlalchemy import delete, or_, select
from standardwebhooks import Webhook as Signer

from ideabox.extensions import db
from ideabox.models import Webhook, WebhookDelivery, utcnow
from ideabox.queue import claim_next
from ideabox.webhooks.destinations import refusal
from ideabox.webhooks.events import not_for_the_endpoint

# After the n-th failed attempt the next waits RETRY_AFTER[n - 1]: eight attempts over about 28 hours.
RETRY_AFTER = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
               timedelta(hours=5), timedelta(hours=10), timedelta(hours=10)]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
RESPONSE_KEPT = 2000  # characters of an endpoint's answer kept to show the admin
KEEP_FINISHED = timedelta(days=30)  # delivered and abandoned rows older than this are pruned
GONE = 410  # "this endpoint no longer exists": stop sending to it at once


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    pruned: int = 0
    dropped: int = 0  # the endpoint's settings no longer admit them

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Outcome:
    ok: bool
    status: int | None = None
    answer: str = ""
    error: str = ""
    duration_ms: int | None = None


def signing_secrets(webhook: Webhook, now: datetime) -> list[str]:
    secrets = [webhook.secret]
    if webhook.previous_secret and webhook.previous_secret_expires_at and webhook.previous_secret_expires_at > now:
        secrets.append(webhook.previous_secret)
    return secrets


def request_headers(delivery: WebhookDelivery) -> dict:
    """Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) for a signed endpoint."""
    webhook = delivery.webhook
    headers = {"content-type": "application/json",
               "user-agent": f"IdeaBox-Webhooks/1 (+{current_app.config['BASE_URL']})"}
    if webhook.kind == "slack":  # Slack's URL is the secret; it ignores signatures
        return headers
    now = utcnow()
    signatures = [Signer(secret).sign(delivery.message_id, now, delivery.body) for secret in signing_secrets(webhook, now)]
    headers.update({"webhook-id": delivery.message_id, "webhook-timestamp": str(int(now.timestamp())),
                    "webhook-signature": " ".join(signatures)})
    return headers


def post(delivery: WebhookDelivery, client: httpx.Client) -> Outcome:
    """One attempt: the endpoint must answer 2xx within the timeout. Redirects are not followed."""
    url = delivery.webhook.url
    reason = refusal(url)
    if reason:
        return Outcome(False, error=reason)
    started = time.monotonic()
    try:
        with client.stream("POST", url, content=delivery.body.encode(), headers=request_headers(delivery)) as response:
            answer = _first_characters(response, started + client.timeout.read)
    except httpx.HTTPError as error:
        return Outcome(False, error=f"{type(error).__name__}: {error}"[:2000],
                       duration_ms=round((time.monotonic() - started) * 1000))
    duration = round((time.monotonic() - started) * 1000)
    status = response.status_code
    if 200 <= status < 300:
        return Outcome(True, status, answer, duration_ms=duration)
    error = f"The endpoint answered HTTP {status}."
    if response.is_redirect:
        error += f" It redirects to {response.headers.get('location', '?')}: use that address instead."
    return Outcome(False, status, answer, error, duration)


def _first_characters(response: httpx.Response, deadline: float) -> str:
    """The start of the answer, read until RESPONSE_KEPT bytes or the deadline: the read timeout counts per
    read, so an endpoint dripping a byte at a time could otherwise hold a worker for hours."""
    kept = b""
    for chunk in response.iter_bytes():
        kept += chunk
        if len(kept) >= RESPONSE_KEPT or time.monotonic() > deadline:
            break
    # PostgreSQL text cannot hold NUL characters
    return kept[:RESPONSE_KEPT].decode("utf-8", errors="replace").replace("\x00", "")


def record(delivery: WebhookDelivery, outcome: Outcome, now: datetime, retry: bool = True) -> None:
    """Keep what the attempt got; schedule the next one, or give up and say why. Without `retry` (an admin's
    test or resend) a failure is final and says nothing about the endpoint's health."""
    webhook = delivery.webhook
    delivery.attempts += 1
    delivery.response_status, delivery.response_body = outcome.status, outcome.answer
    delivery.last_error, delivery.duration_ms = outcome.error, outcome.duration_ms
    if outcome.ok:
        delivery.delivered_at, delivery.next_attempt_at, delivery.failed_at = now, None, None
        webhook.last_success_at = now
    elif not retry:
        delivery.failed_at, delivery.next_attempt_at = now, None
    elif outcome.status == GONE:
        delivery.failed_at, delivery.next_attempt_at = now, None
        turn_off(webhook, f"The endpoint answered 410 Gone on {now:%Y-%m-%d %H:%M} UTC: it no longer exists.")
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.failed_at, delivery.next_attempt_at = now, None
        if webhook.last_success_at is None or webhook.last_success_at < delivery.created_at:
            turn_off(webhook, f"Nothing reached it from {delivery.created_at:%Y-%m-%d %H:%M} to {now:%Y-%m-%d %H:%M} "
                              f"UTC ({delivery.attempts} attempts). The last: {outcome.error}")
    else:
        delivery.next_attempt_at = now + RETRY_AFTER[delivery.attempts - 1]
    db.session.flush()


def drop(delivery: WebhookDelivery, reason: str, now: datetime) -> None:
    """Give up a delivery without an attempt, saying why."""
    delivery.failed_at, delivery.next_attempt_at, delivery.last_error = now, None, reason
    db.session.flush()


def turn_off(webhook: Webhook, reason: str) -> None:
    """Stop sending to a dead endpoint; its waiting deliveries stay, to go out if an admin turns it on again."""
    webhook.is_active, webhook.disabled_reason = False, reason[:2000]


def new_client() -> httpx.Client:
    """A client that waits WEBHOOK_TIMEOUT_SECONDS at most for an answer (5 s at most to connect)."""
    seconds = float(current_app.config["WEBHOOK_TIMEOUT_SECONDS"])
    return httpx.Client(timeout=httpx.Timeout(seconds, connect=min(seconds, 5.0)), follow_redirects=False)


def send_now(delivery: WebhookDelivery, client: httpx.Client | None = None, now: datetime | None = None,
             retry: bool = True) -> bool:
    """Attempt one delivery and record the outcome (the caller commits)."""
    if client is None:
        with new_client() as own_client:
            return send_now(delivery, own_client, now, retry)
    outcome = post(delivery, client)
    record(delivery, outcome, now or utcnow(), retry)
    return outcome.ok


def due_deliveries(now: datetime, skipping: set[int]):
    """A select of due deliveries to active endpoints, oldest first, leaving out the endpoints in `skipping`."""
    query = (
        select(WebhookDelivery).join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(Webhook.is_active.is_(True), WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
    )
    return query.where(WebhookDelivery.webhook_id.not_in(skipping)) if skipping else query


def drain(now: datetime | None = None, limit: int = 1000) -> DrainResult:
    """Send every due delivery, committing after each: a crash loses none, and re-sends at most the one it
    interrupted, with the same webhook-id, so receivers drop the repeat. An endpoint that fails once is left
    alone for the rest of the run, so a dead one cannot hold up the others."""
    now = now or utcnow()
    result, failing = DrainResult(), set()
    with new_client() as client:
        for _ in range(limit):
            delivery = claim_next(due_deliveries(now, failing), of=WebhookDelivery)
            if delivery is None:
                break
            if reason := not_for_the_endpoint(delivery):
                drop(delivery, str(reason), now)
                result.dropped += 1
            elif send_now(delivery, client, now):
                result.sent += 1
            else:
                result.failed += 1
                failing.add(delivery.webhook_id)
            db.session.commit()
    result.pruned = prune(now)
    db.session.commit()
    return result


def prune(now: datetime) -> int:
    """Delete finished deliveries older than KEEP_FINISHED; those still waiting are never dropped."""
    cutoff = now - KEEP_FINISHED
    finished = or_(WebhookDelivery.delivered_at.is_not(None), WebhookDelivery.failed_at.is_not(None),
                   WebhookDelivery.delivered_by_resend_id.is_not(None))
    return db.session.execute(
        delete(WebhookDelivery).where(finished, WebhookDelivery.created_at < cutoff)
    ).rowcount
