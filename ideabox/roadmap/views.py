"""Views of the roadmap area: the public roadmap, theme pages, the changelog and its Atom feed."""
from flask import Blueprint, abort, current_app, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import format_date, get_timezone, gettext as _
from flask_login import current_user

from ideabox.auth.redirects import safe_next_url
from ideabox.auth.submit import submit_form
from ideabox.errors import DomainError, NotFound
from ideabox.extensions import db
from ideabox.ideas.page import idea_page
from ideabox.ideas.web import fragment, is_htmx, sign_in_first
from ideabox.models import Release, Role
from ideabox.notifications.links import absolute_url, rfc3339
from ideabox.notifications.services import set_changelog_emails
from ideabox.permissions import is_staff, role_required
from ideabox.roadmap import queries, services
from ideabox.roadmap.forms import ReleaseEditForm, ReleaseForm
from ideabox.roadmap.services import RELEASE_KIND_LABELS
from ideabox.routing import within_pages
from ideabox.templating import month_label
from ideabox.themes.ranking import settings_from_config
from ideabox.themes.views import render_page as theme_page

bp = Blueprint("roadmap", __name__)
RELEASES_PER_PAGE = 10
FEED_ENTRIES = 30
REQUESTED_SHOWN = 10


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


@bp.get("/roadmap")
def roadmap():
    """Planned, In progress and recently Shipped, plus the most requested themes (optionally of one board)."""
    boards = db.session.scalars(queries.visible_boards(current_user)).all()
    slug = request.args.get("board")
    board = next((b for b in boards if b.slug == slug), None)
    if slug and board is None:
        abort(404)
    columns = queries.roadmap_columns(current_user)
    requested = queries.most_requested(current_user, limit=None)
    if board:
        columns = {status: queries.on_board(cards, board) for status, cards in columns.items()}
        requested = queries.on_board(requested, board)
    return render_template(
        "roadmap/roadmap.html", columns=columns, requested=requested[:REQUESTED_SHOWN], boards=boards, board=board,
        arrangeable=board is None,
        # The themes blueprint injects this too; passing it keeps the roadmap working without it.
        rank_settings=lambda: settings_from_config(current_app.config),
    )


@bp.get("/roadmap/themes/<int:theme_id>")
def theme(theme_id):
    """A theme's public page: what it groups, who backs it, what shipped."""
    card = queries.visible_theme(theme_id, current_user)
    if card is None:
        abort(404)
    releases = db.session.scalars(queries.releases_of_theme(theme_id)).all()
    return render_template("roadmap/theme.html", card=card, releases=releases,
                           update=queries.latest_theme_update(card.ideas))


def _column_response(item):
    """htmx gets the refreshed column; a plain form goes back to the roadmap."""
    if _is_htmx():
        cards = queries.column_of(item.status, current_user)
        response = make_response(render_template("roadmap/_column.html", status=item.status, cards=cards))
        response.headers["Vary"] = "HX-Request"
        return response
    response = redirect(url_for(".roadmap", _anchor=f"column-{item.status}"), 303)
    response.headers["Vary"] = "HX-Request"
    return response


def _roadmap_action(kind, item_id, action):
    try:
        item = services.find_item(kind, item_id)
        action(item)
    except NotFound:
        abort(404)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        item = services.find_item(kind, item_id)
    else:
        db.session.commit()
    return _column_response(item)


@bp.post("/roadmap/<kind>/<int:item_id>/pin")
@role_required(Role.PM)
def pin(kind, item_id):
    """Pin (pinned=1) or unpin (pinned=0) a card."""
    pinned = request.form.get("pinned") == "1"
    return _roadmap_action(kind, item_id, lambda item: services.set_pinned(item, pinned, current_user))


@bp.post("/roadmap/<kind>/<int:item_id>/move")
@role_required(Role.PM)
def move(kind, item_id):
    """Move a card up or down within its column."""
    direction = request.form.get("direction", "")
    return _roadmap_action(kind, item_id, lambda item: services.move(item, direction, current_user))


@bp.post("/roadmap/<kind>/<int:item_id>/eta")
@role_required(Role.PM)
def set_eta(kind, item_id):
    """Set or clear the month a theme or idea is expected to ship; back to the page the form was on."""
    try:
        item = services.find_item(kind, item_id)
    except NotFound:
        abort(404)
    page = url_for("themes.theme", theme_id=item.id) if kind == "theme" else url_for("ideas.idea", idea_id=item.id)
    back = safe_next_url(request.form.get("next"), page)
    month = request.form.get("eta", "")
    try:
        eta = services.set_eta(item, month, current_user)
    except DomainError as error:
        db.session.rollback()
        # the page the form is on, with the month as typed and the reason under it
        g.refused_eta = {"kind": kind, "id": item.id, "month": month, "reason": error.message}
        if kind == "theme":
            return theme_page(item, 422)
        return render_template("ideas/idea.html", **idea_page(item)), 422
    db.session.commit()
    flash(_("Expected in %(month)s.", month=month_label(eta)) if eta else _("The ETA is cleared."), "success")
    return redirect(back, 303)


@bp.app_template_global()
def refused_eta(kind: str, item) -> dict | None:
    """The month this request refused for the item's ETA form, with the reason (roadmap/_eta_form.html)."""
    refused = g.get("refused_eta")
    return refused if refused and (refused["kind"], refused["id"]) == (kind, item.id) else None


@bp.app_template_global()
def eta_min(item) -> str:
    """The earliest month the ETA form offers: this month where the viewer is, or the item's own ETA if that has
    passed (kept as it is; only a new month must not be in the past)."""
    floor = services.current_month(get_timezone())
    return min(floor, item.eta or floor).strftime("%Y-%m")


@bp.app_template_global()
def eta_overdue(item) -> bool:
    """Whether the month the team expected to ship it has passed where the viewer is (roadmap/_eta.html)."""
    return item.eta is not None and item.eta < services.current_month(get_timezone())


def _release_form():
    form = ReleaseForm()
    if is_staff(current_user):
        themes, ideas = (db.session.scalars(query).all() for query in queries.shipped_items())
        form.set_subject_choices(themes, ideas)
    return form


def _changelog_page(form, status=200):
    kind = request.args.get("kind", "")
    if kind and kind not in RELEASE_KIND_LABELS:
        abort(404)
    releases = queries.visible_releases(current_user)
    if kind:
        releases = releases.where(Release.kind == kind)
    page = within_pages(db.paginate(releases, per_page=RELEASES_PER_PAGE, error_out=False))
    return render_template("roadmap/changelog.html", page=page, form=form, format_date=format_date, kind=kind,
                           kind_labels=RELEASE_KIND_LABELS), status


@bp.get("/changelog")
def changelog():
    """Release notes, newest first."""
    return _changelog_page(_release_form())


@bp.post("/changelog")
@role_required(Role.PM)
def publish():
    """Publish a release note for a shipped theme or idea (staff)."""
    form = _release_form()
    if form.validate_on_submit():
        try:
            kind, item_id = form.subject_key()
            services.publish_release(services.find_item(kind, item_id), current_user, form.body.data, form.title.data,
                                     form.kind.data)
        except DomainError as error:
            db.session.rollback()
            form.body.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Release note published; everyone who asked for it has been told."), "success")
            return redirect(url_for(".changelog"), 303)
    return _changelog_page(form, 422)


@bp.route("/changelog/<int:release_id>/edit", methods=["GET", "POST"])
@role_required(Role.PM)
def edit_release(release_id):
    """Correct a published release note (staff); nobody is told again."""
    release = db.get_or_404(Release, release_id)
    form = ReleaseEditForm(obj=release)
    saved = submit_form(form, lambda form: services.edit_release(
        release, current_user, title=form.title.data, body=form.body.data, kind=form.kind.data))
    if saved is not None:
        flash(_("Release note saved. Nobody was notified again."), "success")
        return redirect(url_for(".changelog", _anchor=f"release-{release.id}"), 303)
    return render_template("roadmap/release_edit.html", form=form, release=release), 422 if form.errors else 200


@bp.post("/changelog/<int:release_id>/delete")
@role_required(Role.PM)
def delete_release(release_id):
    """Take a release note off the changelog (staff)."""
    release = db.get_or_404(Release, release_id)
    title = release.title
    services.delete_release(release, current_user)
    db.session.commit()
    flash(_("Release note “%(title)s” deleted.", title=title), "success")
    return redirect(url_for(".changelog"), 303)


@bp.post("/changelog/subscription")
def subscription():
    """Take every release note by email (form field `subscribe` = 1), or stop (0)."""
    back = url_for(".changelog")
    if not current_user.is_authenticated:
        return sign_in_first(back, _("Sign in to get every release note by email."))
    subscribed = set_changelog_emails(current_user, request.form.get("subscribe") == "1")
    db.session.commit()
    if is_htmx():
        return fragment("roadmap/_changelog_subscription.html", subscribed=subscribed)
    flash(_("You will get every release note by email.") if subscribed
          else _("You will get release notes only for ideas you back or follow."), "success")
    return redirect(back, 303)


@bp.get("/changelog.atom")
def changelog_feed():
    """The changelog as an Atom 1.0 feed (always the public view)."""
    releases = db.session.scalars(queries.visible_releases(None).limit(FEED_ENTRIES)).all()
    body = render_template("roadmap/changelog.atom.xml", releases=releases, feed_url=absolute_url, rfc3339=rfc3339,
                           kind_labels=RELEASE_KIND_LABELS)
    response = make_response(body)
    response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    return response
