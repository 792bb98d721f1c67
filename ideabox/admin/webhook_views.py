"""The admin pages of webhooks: the list, one endpoint with its secret and deliveries, and their buttons."""
import json

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ideabox.admin.blueprint import admin_required, bp, page_of, run_action, save_form
from ideabox.admin.queries import boards_by_name
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import Webhook, WebhookDelivery, utcnow
from ideabox.routing import within_pages
from ideabox.webhooks import queries, services
from ideabox.webhooks.events import EVENT_TYPES, KINDS
from ideabox.webhooks.forms import WebhookForm

DELIVERIES_PER_PAGE = 20


@bp.route("/webhooks")
@admin_required
def webhooks():
    """Every endpoint, whether it is on, and how its last delivery went."""
    page = page_of(queries.webhooks_by_name())
    ids = [webhook.id for webhook in page.items]
    return render_template("admin/webhooks.html", page=page, waiting=queries.waiting_counts(ids),
                           latest=queries.latest_deliveries(ids), kinds=KINDS)


@bp.route("/webhooks/new", methods=["GET", "POST"])
@bp.route("/webhooks/<int:webhook_id>", methods=["GET", "POST"])
@admin_required
def edit_webhook(webhook_id=None):
    """Connect an endpoint, or look after one: its settings, secret, test and deliveries."""
    webhook = db.get_or_404(Webhook, webhook_id) if webhook_id is not None else None
    form = WebhookForm(obj=webhook).offer_boards(db.session.scalars(boards_by_name()).all())
    if webhook is None and not form.is_submitted():
        form.events.data = list(EVENT_TYPES)
    return save_form(
        form,
        lambda form: services.save_webhook(
            current_user, webhook, name=form.name.data, url=form.url.data, kind=form.kind.data,
            events=form.events.data, include_private=form.include_private.data, is_active=form.is_active.data,
            all_boards=form.scope.data == "all", board_ids=form.board_ids.data or [],
        ),
        success=lambda saved: _("Webhook “%(name)s” is saved.", name=saved.name),
        redirect_to=lambda saved: url_for("admin.edit_webhook", webhook_id=saved.id),
        template="admin/webhook.html",
        page_context=lambda: _webhook_page(webhook),
        webhook=webhook,
    )


def _webhook_page(webhook: Webhook | None) -> dict:
    if webhook is None:
        return {}
    deliveries = within_pages(db.paginate(queries.deliveries_of(webhook), per_page=DELIVERIES_PER_PAGE,
                                         max_per_page=100, error_out=False))
    return {"deliveries": deliveries, "pretty_json": _pretty_json, "now": utcnow,
            "waiting": queries.waiting_counts([webhook.id]).get(webhook.id, 0)}


def _pretty_json(body: str) -> str:
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


@bp.route("/webhooks/<int:webhook_id>/delete", methods=["POST"])
@admin_required
def delete_webhook(webhook_id):
    webhook = db.get_or_404(Webhook, webhook_id)
    return run_action(lambda: services.delete_webhook(current_user, webhook),
                      success=_("Webhook “%(name)s” is deleted.", name=webhook.name),
                      redirect_to=url_for("admin.webhooks"))


@bp.route("/webhooks/<int:webhook_id>/rotate-secret", methods=["POST"])
@admin_required
def rotate_webhook_secret(webhook_id):
    webhook = db.get_or_404(Webhook, webhook_id)
    return run_action(lambda: services.rotate_secret(current_user, webhook),
                      success=_("The secret is new. For the next 24 hours each delivery is signed with the old one "
                                "too, so update your endpoint before then."),
                      redirect_to=url_for("admin.edit_webhook", webhook_id=webhook.id))


@bp.route("/webhooks/<int:webhook_id>/test", methods=["POST"])
@admin_required
def test_webhook(webhook_id):
    webhook = db.get_or_404(Webhook, webhook_id)
    return _sent_once(services.send_test(current_user, webhook), webhook)


@bp.route("/webhooks/deliveries/<int:delivery_id>/send-again", methods=["POST"])
@admin_required
def send_delivery_again(delivery_id):
    delivery = db.get_or_404(WebhookDelivery, delivery_id)
    try:
        return _sent_once(services.send_again(current_user, delivery), delivery.webhook)
    except DomainError as refused:
        flash(refused.message, "error")
        return redirect(url_for("admin.edit_webhook", webhook_id=delivery.webhook_id), code=303)


def _sent_once(delivery: WebhookDelivery, webhook: Webhook):
    """Commit an admin's one attempt and say how it went."""
    db.session.commit()
    if delivery.delivered_at:
        flash(_("Delivered: the endpoint answered %(status)s in %(ms)s ms.", status=delivery.response_status,
                ms=delivery.duration_ms), "success")
    else:
        flash(_("Not delivered. %(error)s", error=delivery.last_error), "error")
    return redirect(url_for("admin.edit_webhook", webhook_id=webhook.id), code=303)
