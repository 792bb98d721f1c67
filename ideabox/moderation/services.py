"""Reporting content, and the team's decisions on reports. Every decision closes all open reports on the thing,
is on the audit log, and tells each reporter what became of their report (and the author of a comment hidden
automatically, what the team decided: moderation.auto_hide)."""
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select

from ideabox.admin.audit import record_event
from ideabox.auth.taking_part import require_confirmed_email
from ideabox.comments.services import set_comment_hidden
from ideabox.errors import DomainError, FieldError, NotFound, PermissionDenied
from ideabox.extensions import db
from ideabox.ideas.services import withdraw_idea
from ideabox.models import Comment, Idea, Report, Role, User, utcnow
from ideabox.models.report import DELETED, HIDE, KEEP, NOTE_MAX, WITHDRAW
from ideabox.moderation import auto_hide
from ideabox.moderation.queries import open_reports
from ideabox.notifications.news import idea_path
from ideabox.notifications.services import News, notify
from ideabox.permissions import can_view_comment, can_view_idea, is_staff

REASONS = {
    "spam": _l("Spam or advertising"),
    "abuse": _l("Rude, hateful or abusive"),
    "personal": _l("Shares someone's personal data"),
    "off_topic": _l("Off topic: not an idea for this product"),
    "other": _l("Something else"),
}


def report(reporter, reason: str, note: str, idea: Idea, comment: Comment | None = None) -> Report:
    """File one person's report of an idea, or of a comment on it; the PMs and admins are told in the app, and
    the comment hides until they review it once enough people reported it (moderation.auto_hide)."""
    if not (reporter and reporter.is_authenticated) or reporter.is_suspended:
        raise PermissionDenied(_("Sign in to report something."))
    require_confirmed_email(reporter)  # or a few throw-away accounts could hide a comment (moderation.auto_hide)
    if not (can_view_comment(reporter, comment) if comment else can_view_idea(reporter, idea)):
        raise NotFound(_("This does not exist."))
    if (comment or idea).author_id == reporter.id:
        raise DomainError(_("This is your own; edit or delete it instead."))
    if comment is not None and comment.is_internal:
        raise DomainError(_("Internal notes are for the team only; talk it over there."))
    if reason not in REASONS:
        raise FieldError("reason", _("Choose why it does not belong."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise FieldError("note", _("Use at most %(max)d characters.", max=NOTE_MAX))
    if db.session.scalar(open_reports(idea, comment).where(Report.reporter_id == reporter.id).limit(1)):
        raise DomainError(_("You reported this already; the team will look at it."))
    filed = Report(reporter_id=reporter.id, idea_id=idea.id, comment_id=comment.id if comment else None,
                   reason=reason, note=note)
    db.session.add(filed)
    db.session.flush()
    _tell_team(filed, reporter)
    if comment is not None:
        auto_hide.hide_if_reported_enough(comment)
    return filed


def _tell_team(filed: Report, reporter) -> None:
    what = _l("a comment on “%(title)s”", title=filed.idea.title) if filed.comment_id else \
        _l("the idea “%(title)s”", title=filed.idea.title)
    message = _l("%(name)s reported %(what)s: %(reason)s.", name=reporter.display_name, what=what,
                 reason=REASONS[filed.reason])
    team = db.session.scalars(select(User.id).where(User.role.in_([Role.PM, Role.ADMIN]))).all()
    notify(team, News(kind="report", message=message, link=_queue_link(), subject=message, heading=message,
                      idea_id=filed.idea_id, email=False), reporter)


def _queue_link() -> str:
    from ideabox.notifications.links import site_path

    return site_path("moderation.queue")


def decide(actor, decision: str, idea: Idea, comment: Comment | None = None) -> None:
    """Close every open report on the idea (or on the comment): keep it, hide the comment, or withdraw the idea.
    Keeping a comment hidden automatically shows it again; hiding it keeps it hidden."""
    if not is_staff(actor):
        raise PermissionDenied(_("Only product managers and admins handle reports."))
    if db.session.scalar(open_reports(idea, comment).limit(1)) is None:
        raise DomainError(_("Someone on the team dealt with these reports already."))
    if decision == HIDE and comment is not None:
        set_comment_hidden(comment, actor, True)  # its reports close as it hides (moderation.subscribers)
    elif decision == KEEP and auto_hide.is_waiting_for_review(comment):
        set_comment_hidden(comment, actor, False)  # its reports close as kept as it shows again
    elif decision == WITHDRAW and comment is None:
        if idea.withdrawn_at is None:
            withdraw_idea(idea, actor)
    elif decision != KEEP:
        raise DomainError(_("Choose what to do with it."))
    close_reports(actor, decision, idea, comment)  # what is still open: kept, or already hidden or withdrawn


def close_reports(actor, decision: str, idea: Idea, comment: Comment | None = None) -> list[Report]:
    """Close the open reports on the idea (or on the comment) with the decision, put it on the audit log and tell
    each reporter; nothing when none is open."""
    reports = db.session.scalars(open_reports(idea, comment)).all()
    if not reports:
        return []
    now = utcnow()
    for filed in reports:
        filed.resolved_at, filed.resolved_by_id, filed.resolution = now, actor.id if actor else None, decision
    db.session.flush()
    record_event(actor, "report.dropped" if decision == DELETED else "report.resolved", comment or idea,
                 decision=decision, reports=len(reports), name=idea.title)
    _tell_reporters(reports, decision, idea, comment, actor)
    if comment is not None and decision != DELETED and any(filed.auto_hidden_after for filed in reports):
        auto_hide.tell_author_of_review(comment, decision, actor)
    return reports


def _tell_reporters(reports: list[Report], decision: str, idea: Idea, comment: Comment | None, actor) -> None:
    thing = _l("the comment you reported on “%(title)s”", title=idea.title) if comment else \
        _l("the idea “%(title)s” you reported", title=idea.title)
    outcome = {HIDE: _l("The team hid %(thing)s. Thank you for telling us.", thing=thing),
               WITHDRAW: _l("The team took down %(thing)s. Thank you for telling us.", thing=thing),
               KEEP: _l("The team looked at %(thing)s and kept it.", thing=thing),
               DELETED: _l("The comment you reported on “%(title)s” was deleted by its author.", title=idea.title)
               }[decision]
    if decision == WITHDRAW and not is_staff(actor):
        outcome = _l("The idea “%(title)s” you reported was withdrawn by its author.", title=idea.title)
    link = "" if decision == WITHDRAW else idea_path(idea)  # a withdrawn idea's page is the team's only
    notify({filed.reporter_id for filed in reports},
           News(kind="report", message=outcome, link=link, subject=outcome, heading=outcome, idea_id=idea.id,
                email=False), actor)
