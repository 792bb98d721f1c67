"""Reporting pages for everyone signed in, and the moderation queue for PMs and admins."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length

from ideabox.admin.blueprint import run_action
from ideabox.auth.submit import submit_form
from ideabox.extensions import db, limiter
from ideabox.models import Comment, Idea, Role
from ideabox.models.report import NOTE_MAX
from ideabox.moderation import auto_hide, queries, services
from ideabox.permissions import can_view_comment, can_view_idea, role_required
from ideabox.text import typed_text

bp = Blueprint("moderation", __name__)
REPORT_RATE_LIMIT = "20 per hour"


class ReportForm(FlaskForm):
    reason = RadioField(_l("Why does it not belong?"), validators=[DataRequired(_l("Choose why it does not belong."))])
    note = TextAreaField(_l("Anything the team should know (optional)"), filters=[typed_text],
                         validators=[Length(max=NOTE_MAX, message=_l("Use at most %(max)d characters."))],
                         render_kw={"rows": 3, "maxlength": NOTE_MAX})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [SelectChoice(value, str(label)) for value, label in services.REASONS.items()]


@bp.route("/ideas/<int:idea_id>/report", methods=["GET", "POST"])
@login_required
@limiter.limit(REPORT_RATE_LIMIT, methods=["POST"])
def report_idea(idea_id):
    idea = db.session.get(Idea, idea_id)
    if idea is None or not can_view_idea(current_user, idea):
        abort(404)
    return _report_page(idea, None)


@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@login_required
@limiter.limit(REPORT_RATE_LIMIT, methods=["POST"])
def report_comment(comment_id):
    comment = db.session.get(Comment, comment_id)
    if comment is None or not can_view_comment(current_user, comment):
        abort(404)
    return _report_page(comment.idea, comment)


def _report_page(idea: Idea, comment: Comment | None):
    form = ReportForm()
    filed = submit_form(form, lambda form: services.report(current_user, form.reason.data, form.note.data, idea,
                                                           comment))
    back = url_for("ideas.idea", idea_id=idea.merged_into_id or idea.id,
                   _anchor=f"comment-{comment.id}" if comment else None)
    if filed is not None:
        flash(_("Thank you for telling us. The team will look at it, and you will hear what they decided."),
              "success")
        return redirect(back, code=303)
    return render_template("moderation/report.html", form=form, idea=idea, comment=comment, back=back), \
        422 if form.errors or form.form_errors else 200


@bp.app_context_processor
def report_count_helper():
    """The admin sidebar shows how many reported things wait (counted only where the sidebar is drawn)."""
    return {"open_report_count": queries.open_count}


@bp.get("/moderation/")
@role_required(Role.PM)
def queue():
    """What people reported, waiting for a decision, and the latest decisions."""
    return render_template("moderation/queue.html", subjects=queries.open_subjects(), waiting=queries.open_count(),
                           resolved=db.session.scalars(queries.recently_resolved()).all(), reasons=services.REASONS)


@bp.post("/moderation/decide")
@role_required(Role.PM)
def decide():
    """Close the reports on one idea or comment with the decision its button carries."""
    idea_id, comment_id = request.form.get("idea_id", type=int), request.form.get("comment_id", type=int)
    if not idea_id or (request.form.get("comment_id") and not comment_id):  # the queue's buttons always send them
        abort(400, _("The decision did not say which idea or comment it is about. Reload the queue and try again."))
    idea = db.get_or_404(Idea, idea_id)
    comment = db.get_or_404(Comment, comment_id) if comment_id else None
    decision = request.form.get("decision", "")
    if auto_hide.is_waiting_for_review(comment):
        done = {services.HIDE: _("The comment stays hidden; its author and the people who reported it are told."),
                services.KEEP: _("The comment shows again; its author and the people who reported it are told.")}
    else:
        done = {services.HIDE: _("The comment is hidden; the people who reported it are told."),
                services.WITHDRAW: _("The idea is withdrawn; the people who reported it are told."),
                services.KEEP: _("Kept as it is; the people who reported it are told.")}
    return run_action(lambda: services.decide(current_user, decision, idea, comment), success=done.get(decision, ""),
                      redirect_to=url_for(".queue"))
