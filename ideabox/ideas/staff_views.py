"""What staff do on the idea page: set its status, move it to another board, give it an owner."""
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from ideabox.effort import EFFORT_LABELS
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas import services
from ideabox.ideas.blueprint import bp
from ideabox.ideas.forms import EffortForm, StatusForm
from ideabox.ideas.page import idea_page, move_form_for, owner_form_for, viewable_idea, withdraws_releases
from ideabox.ideas.web import go_to, sign_in_first
from ideabox.models import Board, IdeaStatus, User
from ideabox.permissions import is_staff
from ideabox.roadmap.queries import shipped_releases


@bp.post("/ideas/<int:idea_id>/status")
def set_status(idea_id):
    """Staff set an idea's status with an optional official reply."""
    def change(idea, form):
        withdraw = withdraws_releases(request.form)
        releases = shipped_releases(idea) if withdraw and form.status.data != IdeaStatus.SHIPPED else []
        services.change_status(idea, form.status.data, current_user, form.note.data, form.release_note.data,
                               quiet=form.quiet.data, withdraw_releases=withdraw,
                               submission_key=form.submission_key.data)
        done = [_("Status updated. Nobody was told.") if form.quiet.data
                else _("Status updated — backers and followers will hear about it.")]
        if releases:
            done.append(ngettext("Its release note is withdrawn from the changelog.",
                                 "Its %(num)d release notes are withdrawn from the changelog.", len(releases)))
        return " ".join(done)

    return _staff_form_post(idea_id, "status_form", "status", lambda idea: StatusForm(), change,
                            _("Sign in to change statuses."), _("Only product managers can change an idea's status."))


@bp.post("/ideas/<int:idea_id>/move")
def move(idea_id):
    """Staff move an idea filed on the wrong board to the right one."""
    def move_to_board(idea, form):
        board = db.session.get(Board, form.board.data)
        services.move_idea(idea, board, current_user)
        return _("Moved to %(board)s.", board=board.name)

    return _staff_form_post(idea_id, "move_form", "board", lambda idea: move_form_for(idea, formdata=request.form),
                            move_to_board, _("Sign in to move ideas."),
                            _("Only product managers can move ideas between boards."))


@bp.post("/ideas/<int:idea_id>/owner")
def assign(idea_id):
    """Staff make a PM or admin the idea's owner, or leave it to nobody."""
    def assign_owner(idea, form):
        owner = db.session.get(User, form.owner.data) if form.owner.data else None
        if form.owner.data and owner is None:
            raise DomainError(_("Choose someone from the list."))
        services.assign_owner(idea, owner, current_user)
        return _("%(name)s owns it now.", name=owner.display_name) if owner else _("Nobody owns it now.")

    return _staff_form_post(idea_id, "owner_form", "owner", lambda idea: owner_form_for(idea, formdata=request.form),
                            assign_owner, _("Sign in to assign ideas."), _("Only product managers can assign ideas."))


@bp.post("/ideas/<int:idea_id>/effort")
def size(idea_id):
    """Staff size the work an idea needs (form field `effort`: xs, s, m, l, xl, or empty for none)."""
    def set_effort(idea, form):
        services.set_effort(idea, form.effort.data, current_user)
        return _("Effort: %(size)s.", size=EFFORT_LABELS.get(idea.effort, _("not sized")))

    return _staff_form_post(idea_id, "effort_form", "effort", lambda idea: EffortForm.for_item(idea, formdata=request.form),
                            set_effort, _("Sign in to size ideas."), _("Only product managers can size ideas."))


def _staff_form_post(idea_id, form_name: str, error_field: str, make_form, act, sign_in_message: str,
                     denied_message: str):
    """A staff form of the idea page: act(idea, form) returns what to flash; a refusal shows the page
    again with the reason under `error_field`, and a 400."""
    idea = viewable_idea(idea_id)
    back = url_for(".idea", idea_id=idea.id)
    if not current_user.is_authenticated:
        return sign_in_first(back, sign_in_message)
    if not is_staff(current_user):
        abort(403, denied_message)
    form = make_form(idea)
    if form.validate_on_submit():
        try:
            done = act(idea, form)
        except DomainError as error:
            form[error_field].errors.append(error.message)
        else:
            db.session.commit()
            flash(done, "success")
            return go_to(back)
    return render_template("ideas/idea.html", **idea_page(idea, **{form_name: form})), 400
