"""Reports close by themselves when the team hides a reported comment from the idea page, or shows one hidden
automatically again, or when a reported idea is withdrawn (by the team or its author), or a reported comment is
deleted by its author: nothing is left waiting in the queue for a decision already made, and the people who
reported it hear what became of it. A comment hidden automatically keeps its reports open for review."""
from ideabox import signals
from ideabox.models.report import DELETED
from ideabox.moderation.services import HIDE, KEEP, WITHDRAW, close_reports


@signals.comment_removed.connect
def reported_comment_removed(comment, actor=None, automatic=False, deleted=False, **_):
    if deleted:  # sent just before the row goes, and its reports with it
        close_reports(actor, DELETED, comment.idea, comment)
    elif comment.is_hidden and not automatic:
        close_reports(actor, HIDE, comment.idea, comment)


@signals.comment_shown.connect
def reported_comment_shown(comment, actor=None, **_):
    close_reports(actor, KEEP, comment.idea, comment)  # showing it again is keeping it


@signals.idea_withdrawn.connect
def reported_idea_withdrawn(idea, actor=None, **_):
    close_reports(actor, WITHDRAW, idea)
