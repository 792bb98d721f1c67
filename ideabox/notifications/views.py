"""Views of the notifications area: the inbox behind the bell, and email unsubscribe."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ideabox.errors import NotFound
from ideabox.extensions import csrf, db
from ideabox.i18n import page_for
from ideabox.models import Notification
from ideabox.notifications import queries, services
from ideabox.notifications.mailing_lists import EVERY_EMAIL, mailing_list_named
from ideabox.notifications.mailing_lists import unsubscribe as unsubscribe_from
from ideabox.routing import within_pages

bp = Blueprint("notifications", __name__)
PER_PAGE = 30
INBOX_STATUS = "inbox-status"  # the id of the line "All notifications are read." (templates/notifications/_inbox.html)


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _mark_own_read(notification_id: int) -> Notification:
    try:
        return services.mark_read(db.session.get(Notification, notification_id), current_user)
    except NotFound:
        abort(404)


def _inbox_response(template: str, read: Notification | None = None, **context):
    unread_only = request.values.get("filter") == "unread"
    page = within_pages(db.paginate(queries.notifications_of(current_user.id, unread_only), per_page=PER_PAGE,
                                     error_out=False))
    if read is not None:
        context["autofocus_id"] = _focus_after_reading(read, page.items)
    response = render_template(template, page=page, unread_only=unread_only,
                               unread=queries.unread_count(current_user.id), **context)
    return response, 200, {"Vary": "HX-Request"}


def _focus_after_reading(read: Notification, listed: list[Notification]) -> str:
    """The id of what takes the keyboard focus once `read` is marked read, as its button goes with the swap: the
    next unread one's "Mark read", else its own link, else (gone from an unread-only list) the unread one now last,
    else the line saying all are read."""
    unread = [item for item in listed if item.read_at is None]
    later = [item for item in unread if (item.created_at, item.id) < (read.created_at, read.id)]  # newest first
    if later:
        return f"mark-read-{later[0].id}"
    if read in listed:
        return f"notification-{read.id}-link"
    return f"mark-read-{unread[-1].id}" if unread else INBOX_STATUS


@bp.get("/")
@login_required
def index():
    """The signed-in user's notifications, newest first."""
    return _inbox_response("notifications/_inbox.html" if _is_htmx() else "notifications/index.html")


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id):
    """Mark one of your notifications read."""
    notification = _mark_own_read(notification_id)
    db.session.commit()
    if _is_htmx():
        return _inbox_response("notifications/_inbox.html", read=notification, oob_bell=True)
    return redirect(url_for(".index"), 303)


@bp.post("/read-all")
@login_required
def mark_all_read():
    """Mark all your notifications read."""
    count = services.mark_all_read(current_user)
    db.session.commit()
    if _is_htmx():  # the button is gone: the focus goes to the line saying all are read
        return _inbox_response("notifications/_inbox.html", oob_bell=True, autofocus_id=INBOX_STATUS)
    flash(_("Marked %(count)s notification(s) read.", count=count), "success")
    return redirect(url_for(".index"), 303)


@bp.get("/<int:notification_id>/open")
@login_required
def open_notification(notification_id):
    """Mark a notification read and go to what it is about."""
    notification = _mark_own_read(notification_id)
    db.session.commit()
    link = notification.link or ""
    # Only site-relative links: a stored link must never send people off-site.
    if not link.startswith("/") or link.startswith("//"):
        link = url_for(".index")
    return redirect(link, 303)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the secret token authorises it; mail clients' one-click unsubscribe posts without a form
def unsubscribe(token):
    """Confirm (GET) and stop (POST) the emails of the list the link names (?list=; none: every email) for the
    owner of the token. One-click List-Unsubscribe (RFC 8058) posts to the same address."""
    mailing_list = mailing_list_named(request.args.get("list"))
    try:
        user = services.user_for_unsubscribe_token(token)
    except NotFound:
        abort(404)
    if mailing_list is None:
        abort(404)
    page_for(user)
    if request.method == "POST":
        unsubscribe_from(user, mailing_list)
        db.session.commit()
    elif getattr(user, mailing_list.setting):
        return render_template("notifications/unsubscribe.html", user=user, token=token, mailing_list=mailing_list)
    return render_template("notifications/unsubscribed.html", user=user, token=token, mailing_list=mailing_list,
                           offer_every_email=mailing_list.name != EVERY_EMAIL and user.email_notifications)
