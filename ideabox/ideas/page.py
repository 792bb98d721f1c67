"""The idea page: which ideas a visitor may open, and everything the page and its partials show."""
from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ideabox.backers import primary_of
from ideabox.extensions import db
from ideabox.ideas import queries
from ideabox.ideas.forms import CommentForm, EffortForm, MoveIdeaForm, OwnerForm, StatusForm
from ideabox.models import Idea, StatusChange, User
from ideabox.models.user import STAFF_ROLES
from ideabox.permissions import can_view_board, can_view_idea, is_staff
from ideabox.roadmap.queries import shipped_releases
from ideabox.routing import ROW_ID_MAX


def viewable_idea(idea_id) -> Idea:
    """The idea, or 404 if it is on a board the user can't see or withdrawn (staff still see it)."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or not can_view_board(current_user, idea.board):
        abort(404, _("This idea does not exist."))
    if not can_view_idea(current_user, idea):
        abort(404, _("This idea was withdrawn by its author."))
    return idea


def idea_page(idea, comment_form=None, status_form=None, move_form=None, owner_form=None, effort_form=None) -> dict:
    """Everything the idea page and its partials show."""
    if is_staff(current_user):
        if status_form is None:
            status_form = StatusForm(formdata=None, status=idea.status.value)
        if move_form is None:
            move_form = move_form_for(idea)
        if owner_form is None:
            owner_form = owner_form_for(idea)
        if effort_form is None:
            effort_form = EffortForm.for_item(idea)
    history = list(db.session.scalars(queries.status_history(idea)))
    return {
        "idea": idea,
        "board": idea.board,
        "voted": queries.has_voted(current_user, idea),
        "following": queries.is_following(current_user, idea),
        "comments": queries.comments_seen_by(current_user, idea),
        "history": history,
        "official_reply": current_official_reply(idea, history),
        "shipped_releases": shipped_releases(idea) if status_form else [],
        "withdraw_releases_ticked": withdraws_releases(request.form),
        "voters": queries.recent_voters(idea),
        "comment_form": comment_form or CommentForm(formdata=None),
        "status_form": status_form,
        "move_form": move_form,
        "owner_form": owner_form,
        "effort_form": effort_form,
        "back_url": url_for("ideas.idea", idea_id=idea.id),
        "merged_from": merged_from(idea, request.args.get("merged_from", "")),
    }


def merged_link(idea) -> str:
    """Where a merged idea's old link leads: the idea it was merged into, which then says why (merged_from)."""
    return url_for("ideas.idea", idea_id=primary_of(idea).id, merged_from=idea.id)


def merged_from(idea, merged_id: str) -> Idea | None:
    """The idea merged into this one whose old link the visitor followed here (`?merged_from=`), if they may see it:
    a made-up number, or a private board's or a withdrawn idea, names nothing."""
    if not (merged_id.isascii() and merged_id.isdigit()) or int(merged_id) > ROW_ID_MAX:
        return None
    merged = db.session.get(Idea, int(merged_id))
    if merged is None or not merged.merged_into_id or primary_of(merged).id != idea.id:
        return None
    return merged if can_view_idea(current_user, merged) else None


def current_official_reply(idea, history) -> StatusChange | None:
    """The official reply given since the idea came to its current status, from its history (newest first). A reply
    of a status it has left, a Shipped set by mistake and corrected, stays in the history only."""
    for change in history:
        if change.to_status != idea.status:
            return None  # its status was set without a history entry (an import)
        if change.note:
            return change
        if change.from_status != change.to_status:
            return None  # where the current status began; an update repeats the status
    return None


def withdraws_releases(formdata) -> bool:
    """Whether a status form sent asks to withdraw the idea's release notes should it leave Shipped: yes unless
    the PM unticked the box. A form shown before the idea shipped had no box, and withdraws them too."""
    return "releases_offered" not in formdata or "withdraw_releases" in formdata


def move_form_for(idea, formdata=None) -> MoveIdeaForm:
    return MoveIdeaForm(formdata=formdata).set_board_choices(db.session.scalars(queries.visible_boards(current_user)), idea.board)


def owner_form_for(idea, formdata=None) -> OwnerForm:
    staff = db.session.scalars(select(User).where(User.role.in_(STAFF_ROLES), User.is_suspended.is_(False))
                               .order_by(User.display_name, User.id))
    form = OwnerForm(formdata=formdata, owner=idea.owner_id or 0)
    return form.set_owner_choices(staff)
