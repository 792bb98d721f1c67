"""Views of the admin area: the landing page, boards and tags (people and accounts live in people.py)."""
from flask import render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ideabox.admin import backup_views  # noqa: F401  (registers the backup page on bp)
from ideabox.admin import invitations  # noqa: F401  (registers the invitation actions of the People page on bp)
from ideabox.admin import people  # noqa: F401  (registers the users and customer-account pages on bp)
from ideabox.admin import site_views  # noqa: F401  (registers the site settings page on bp)
from ideabox.admin import sso_views  # noqa: F401  (registers the single sign-on pages on bp)
from ideabox.admin import webhook_views  # noqa: F401  (registers the webhook pages on bp)
from ideabox.admin import queries, services
from ideabox.admin.blueprint import bp, page_of, run_action, save_form, staff_required
from ideabox.admin.forms import BoardForm, TagForm
from ideabox.extensions import db
from ideabox.models import Board, Idea, Tag, idea_tags

__all__ = ["bp"]

# How the landing page words each audit action ("Ada · changed the role of · casey@… · PM").
AUDIT_LABELS = {
    "user.role_changed": _l("changed the role of"),
    "user.suspended": _l("suspended"),
    "user.unsuspended": _l("lifted the suspension of"),
    "user.email_changed": _l("changed their email from"),
    "user.erased": _l("erased an account"),
    "invitation.sent": _l("invited"),
    "invitation.resent": _l("sent the invitation again to"),
    "invitation.revoked": _l("revoked the invitation of"),
    "invitation.accepted": _l("accepted the invitation for"),
    "board.saved": _l("saved the board"),
    "board.deleted": _l("deleted the board"),
    "tag.saved": _l("saved the tag"),
    "tag.deleted": _l("deleted the tag"),
    "customer_account.saved": _l("saved the customer account"),
    "customer_account.deleted": _l("deleted the customer account"),
    "customer_account.member_added": _l("added a person to"),
    "customer_account.member_removed": _l("removed a person from"),
    "comment.hidden": _l("hid a comment"),
    "comment.shown": _l("showed a hidden comment again"),
    "site.saved": _l("changed the site's look"),
    "site.auto_hide_saved": _l("changed how many reports hide a comment automatically"),
    "site.confirmed_email_saved": _l("changed whether people confirm their email before taking part"),
    "release.edited": _l("edited the release note"),
    "release.deleted": _l("deleted the release note"),
    "webhook.saved": _l("saved the webhook"),
    "webhook.deleted": _l("deleted the webhook"),
    "webhook.secret_rotated": _l("gave a new secret to the webhook"),
    "report.resolved": _l("decided on reports about"),
    "report.dropped": _l("deleted their own reported comment on"),
    "site.backed_up": _l("downloaded a backup of the whole site"),
    "sso_provider.saved": _l("saved the single sign-on provider"),
    "sso_provider.deleted": _l("deleted the single sign-on provider"),
    "user.sso_takeover": _l("took over by single sign-on, its address never confirmed, the account"),
    "site.sso_only_on": _l("made sign-in single sign-on only"),
    "site.sso_only_off": _l("let people sign in with a password again"),
    "merge": _l("merged duplicate ideas"),
    "undo_merge": _l("undid a merge"),
    "proxy_vote": _l("recorded demand for a customer account"),
    "remove_proxy_vote": _l("removed demand recorded for a customer account"),
    "create_account": _l("created the customer account"),
    "create_theme": _l("created the theme"),
    "delete_theme": _l("deleted the theme"),
    "split_theme": _l("split the theme"),
    "add_to_theme": _l("added ideas to the theme"),
    "remove_from_theme": _l("took ideas out of the theme"),
    "rename_theme": _l("renamed the theme"),
    "theme_status": _l("changed the status of the theme"),
    "eta_set": _l("set the expected month of"),
    "effort_set": _l("sized the effort of"),
    "idea.assigned": _l("gave an owner to"),
    "idea.moved": _l("moved to another board"),
    "import.ran": _l("imported ideas from a spreadsheet"),
    "import.undone": _l("undid an import"),
    "dismiss_suggestion": _l("dismissed a suggested merge"),
    "reopen_suggestion": _l("reopened a suggested merge"),
    "remove_from_suggestion": _l("took an idea out of a suggested merge"),
    "split_suggestion": _l("split a suggested merge"),
    "rename_suggestion": _l("renamed a suggested merge"),
}


@bp.route("/")
@staff_required
def index():
    """The admin landing page: totals, shortcuts and the latest audit events."""
    events = db.session.scalars(queries.recent_audit_events()).all()
    return render_template(
        "admin/index.html",
        counts=queries.dashboard_counts(),
        events=events,
        audit_labels=AUDIT_LABELS,
    )


@bp.route("/boards")
@staff_required
def boards():
    """Every board with its idea count."""
    page = page_of(queries.boards_by_name())
    counts = queries.counts_by(Idea.board_id, [board.id for board in page.items])
    return render_template("admin/boards.html", page=page, idea_counts=counts)


@bp.route("/boards/new", methods=["GET", "POST"])
@bp.route("/boards/<int:board_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_board(board_id=None):
    """Create a board, or edit one."""
    board = db.get_or_404(Board, board_id) if board_id is not None else None
    return save_form(
        BoardForm(obj=board),
        lambda form: services.save_board(
            current_user, board, name=form.name.data, slug=form.slug.data,
            description=form.description.data, is_private=form.is_private.data,
            accepts_ideas=form.accepts_ideas.data, closed_message=form.closed_message.data,
        ),
        success=lambda saved: _("Board “%(name)s” is saved.", name=saved.name),
        redirect_to=lambda saved: url_for("admin.boards"),
        template="admin/board_form.html",
        board=board,
    )


@bp.route("/boards/<int:board_id>/delete", methods=["POST"])
@staff_required
def delete_board(board_id):
    """Delete an empty board."""
    board = db.get_or_404(Board, board_id)
    return run_action(
        lambda: services.delete_board(current_user, board),
        success=_("Board “%(name)s” is deleted.", name=board.name),
        redirect_to=url_for("admin.boards"),
    )


@bp.route("/tags")
@staff_required
def tags():
    """Every tag with how many ideas carry it."""
    page = page_of(queries.tags_by_name())
    counts = queries.counts_by(idea_tags.c.tag_id, [tag.id for tag in page.items])
    return render_template("admin/tags.html", page=page, idea_counts=counts)


@bp.route("/tags/new", methods=["GET", "POST"])
@bp.route("/tags/<int:tag_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_tag(tag_id=None):
    """Create a tag, or edit one."""
    tag = db.get_or_404(Tag, tag_id) if tag_id is not None else None
    return save_form(
        TagForm(obj=tag),
        lambda form: services.save_tag(current_user, tag, name=form.name.data, slug=form.slug.data, color=form.color.data),
        success=lambda saved: _("Tag “%(name)s” is saved.", name=saved.name),
        redirect_to=lambda saved: url_for("admin.tags"),
        template="admin/tag_form.html",
        tag=tag,
    )


@bp.route("/tags/<int:tag_id>/delete", methods=["POST"])
@staff_required
def delete_tag(tag_id):
    """Delete a tag."""
    tag = db.get_or_404(Tag, tag_id)
    return run_action(
        lambda: services.delete_tag(current_user, tag),
        success=_("Tag “%(name)s” is deleted.", name=tag.name),
        redirect_to=url_for("admin.tags"),
    )
