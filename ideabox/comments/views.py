"""Views of comments once posted: the author edits or deletes theirs, staff hide or show any."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ideabox.comments import reactions, services
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db, limiter
from ideabox.ideas import queries
from ideabox.ideas.forms import CommentForm
from ideabox.ideas.web import fragment, is_htmx, refuse, sign_in_first
from ideabox.models import Comment
from ideabox.permissions import can_edit_comment, can_view_comment, can_view_idea

bp = Blueprint("comments", __name__)

EDITING_RATE_LIMIT = "30 per minute"
REACTING_RATE_LIMIT = "60 per minute"


@bp.get("/<int:comment_id>")
def comment(comment_id):
    """One comment as listed (htmx: "Cancel" on the edit form); otherwise its place on the idea page."""
    comment = _viewable_comment(comment_id)
    if is_htmx():
        return _edited(comment)
    return redirect(_place_of(comment), 303)


@bp.route("/<int:comment_id>/edit", methods=["GET", "POST"])
@limiter.limit(EDITING_RATE_LIMIT, methods=["POST"])
def edit(comment_id):
    """The author rewords their comment: in place with htmx, on a page of its own without."""
    comment = _viewable_comment(comment_id)
    if not current_user.is_authenticated:
        return sign_in_first(_place_of(comment), _("Sign in to edit your comment."))
    if not can_edit_comment(current_user, comment):
        abort(403, _("Only its author can change or delete a comment."))
    form = CommentForm(obj=comment)
    if form.validate_on_submit():
        try:
            services.edit_comment(comment, current_user, form.body.data)
        except DomainError as error:
            form.body.errors.append(error.message)
        else:
            db.session.commit()
            if is_htmx():
                return _edited(comment)
            flash(_("Your comment is updated."), "success")
            return redirect(_place_of(comment), 303)
    if is_htmx():  # errors too: htmx swaps only 2xx answers
        return fragment("comments/_edit_form.html", comment=comment, form=form)
    status = 400 if form.errors else 200
    return render_template("comments/edit.html", comment=comment, idea=comment.idea, form=form), status


@bp.post("/<int:comment_id>/delete")
@limiter.limit(EDITING_RATE_LIMIT)
def delete(comment_id):
    """The author takes their comment back."""
    comment = _viewable_comment(comment_id)
    return _change(comment, _("Sign in to delete your comment."), services.delete_comment, _("Your comment is deleted."),
                   kept=False)


@bp.post("/<int:comment_id>/<any(hide, show):action>")
def set_visibility(comment_id, action):
    """Staff hide a comment from customers, or show it to everyone again."""
    comment = _viewable_comment(comment_id)
    hidden = action == "hide"
    done = _("The comment is hidden. Only the team sees it now.") if hidden else _("The comment is shown to everyone again.")
    return _change(comment, _("Sign in to moderate comments."),
                   lambda c, user: services.set_comment_hidden(c, user, hidden), done)


@bp.post("/<int:comment_id>/reactions")
@limiter.limit(REACTING_RATE_LIMIT)
def react(comment_id):
    """Add or take back one's emoji reaction (form field `reaction`); htmx swaps the comment's reactions."""
    comment = _viewable_comment(comment_id)
    if not current_user.is_authenticated:
        return sign_in_first(_place_of(comment), _("Sign in to react to comments."))
    try:
        reactions.toggle_reaction(comment, current_user, request.form.get("reaction", ""))
    except DomainError as error:
        return refuse(error, _place_of(comment))
    db.session.commit()
    if is_htmx():
        return fragment("comments/_reactions.html", comment=comment,
                        counts=reactions.reaction_counts([comment.id], current_user)[comment.id])
    return redirect(_place_of(comment), 303)


def _change(comment, sign_in_message, act, done_message, kept=True):
    """Run one change on a comment; htmx gets the refreshed comments and counts, plain forms go back. The keyboard
    focus, on the button just pressed, would fall to the page's top as the swap removes it: it goes to the
    comment's new button when the comment is `kept` (hidden or shown), else to the line saying what happened."""
    idea, comment_id = comment.idea, comment.id
    back = url_for("ideas.idea", idea_id=idea.id) + "#comments"
    if not current_user.is_authenticated:
        return sign_in_first(back, sign_in_message)
    try:
        act(comment, current_user)
    except PermissionDenied as error:
        abort(403, error.message)
    except DomainError as error:
        return refuse(error, back)
    db.session.commit()
    if is_htmx():
        return fragment("comments/_changed.html", idea=idea, comments=queries.comments_seen_by(current_user, idea),
                        comment_form=CommentForm(formdata=None), voters=queries.recent_voters(idea),
                        change_done=done_message, changed_comment_id=comment_id if kept else None)
    flash(done_message, "success")
    return redirect(back, 303)


def _edited(comment):
    """The comment back in place of its edit form. The keyboard focus, in the form just removed, goes back to the
    comment's Edit link, where the person began (without it, it falls to the page's top)."""
    return fragment("ideas/_comment.html", comment=comment, idea=comment.idea, edited_comment_id=comment.id)


def _viewable_comment(comment_id) -> Comment:
    """The comment, or 404 where its idea is out of the user's sight (hidden ones: staff only)."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or not can_view_comment(current_user, comment):
        if comment is not None and comment.is_hidden and current_user.is_authenticated \
                and comment.author_id == current_user.id and can_view_idea(current_user, comment.idea):
            abort(404, _("The team hid this comment from customers, so it can no longer be changed."))
        abort(404, _("This comment does not exist."))
    return comment


def _place_of(comment) -> str:
    return url_for("ideas.idea", idea_id=comment.idea_id) + f"#comment-{comment.id}"
