"""Reported comments hide by themselves once enough different people reported them, until the team reviews them.

The comment takes the state a PM's hide gives it, so customers no longer see it anywhere; its reports stay open
in the moderation queue, marked, and its author is told. The team then shows it again or keeps it hidden
(services.decide), and the author hears which.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import distinct, func, select

from ideabox.admin.audit import record_event
from ideabox.branding import SETTINGS_ID, site_settings
from ideabox.comments.services import hide_comment_automatically
from ideabox.errors import FieldError, PermissionDenied
from ideabox.extensions import db
from ideabox.models import Comment, Report, Role, SiteSettings, User
from ideabox.models.report import HIDE, KEEP
from ideabox.models.site import AUTO_HIDE_MAX
from ideabox.moderation.queries import open_reports
from ideabox.notifications.news import idea_path
from ideabox.notifications.services import News, notify
from ideabox.permissions import can_admin, is_staff

TEAM = (Role.PM, Role.ADMIN)


def set_auto_hide_reports(actor, count) -> SiteSettings:
    """Set how many different people's reports hide a comment until the team reviews it (0: never)."""
    if not can_admin(actor):
        raise PermissionDenied(_("Only administrators can do this."))
    if type(count) is not int or not 0 <= count <= AUTO_HIDE_MAX:
        raise FieldError("auto_hide_reports", _("Enter a whole number from 0 to %(max)d.", max=AUTO_HIDE_MAX))
    settings = db.session.get(SiteSettings, SETTINGS_ID) or SiteSettings(id=SETTINGS_ID)
    settings.auto_hide_reports = count
    db.session.add(settings)
    db.session.flush()
    record_event(actor, "site.auto_hide_saved", settings, auto_hide_reports=count)
    return settings


def hide_if_reported_enough(comment: Comment) -> int:
    """Hide the comment once enough different people reported it, leaving its reports open for the team's review;
    return after how many reports it was hidden, or 0 when it was not."""
    threshold = site_settings().auto_hide_reports
    if not threshold or comment.is_hidden or comment.is_internal or is_staff(comment.author):
        return 0  # the team's own words wait for a PM, like any report
    # one report at a time per comment, or two people reporting at once would each miss the other's report
    # (NO KEY UPDATE, as the reports' foreign keys already hold KEY SHARE; SQLite writes one at a time anyway)
    if db.session.scalar(select(Comment.is_hidden).where(Comment.id == comment.id).with_for_update(key_share=True)):
        return 0
    if _kept_before(comment):
        return 0  # the team looked and kept it: the same crowd cannot take it down again
    count = _people_reporting(comment)
    if count < threshold:
        return 0
    for filed in db.session.scalars(open_reports(comment.idea, comment)):
        filed.auto_hidden_after = count
    hide_comment_automatically(comment, reports=count)
    _tell_author(comment, _l("Your comment on “%(title)s” is hidden for now: several people reported it. The team "
                             "will look at it and show it again if it belongs.", title=comment.idea.title))
    return count


def is_waiting_for_review(comment: Comment | None) -> bool:
    """Whether the comment is hidden automatically and the team has not decided yet."""
    return bool(comment is not None and comment.is_hidden and db.session.scalar(
        open_reports(comment.idea, comment).where(Report.auto_hidden_after.is_not(None)).limit(1)))


def tell_author_of_review(comment: Comment, decision: str, actor) -> None:
    """Tell the author of a comment hidden automatically whether the team showed it again or kept it hidden."""
    outcome = {KEEP: _l("The team looked at your comment on “%(title)s” and showed it again.",
                        title=comment.idea.title),
               HIDE: _l("The team looked at your comment on “%(title)s” and kept it hidden.",
                        title=comment.idea.title)}.get(decision)
    if outcome is not None:
        _tell_author(comment, outcome, actor)


def _tell_author(comment: Comment, message, actor=None) -> None:
    notify([comment.author_id], News(kind="report", message=message, link=idea_path(comment.idea), subject=message,
                                     heading=message, idea_id=comment.idea_id, email=False), actor)


def _kept_before(comment: Comment) -> bool:
    return db.session.scalar(select(Report.id).where(Report.comment_id == comment.id, Report.resolution == KEEP)
                             .limit(1)) is not None


def _people_reporting(comment: Comment) -> int:
    """How many different people outside the team, none suspended or erased, have an open report on it."""
    return db.session.scalar(
        select(func.count(distinct(Report.reporter_id))).join(User, User.id == Report.reporter_id)
        .where(Report.comment_id == comment.id, Report.resolved_at.is_(None), User.role.not_in(TEAM),
               User.is_suspended.is_(False), User.erased_at.is_(None)))
