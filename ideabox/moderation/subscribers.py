"""Reports close by themselves when the team hides a reported comment from the idea page, or shows one hidden
automatically again, or when a reported idea is withdrawn (by the team or its author): nothing is left waiting
in the queue for a decision already made. A comment hidden automatically keeps its reports open for review."""
from ideabox import signals
from ideabox.moderation.services import HIDE, KEEP, WITHDRAW, close_reports


@signals.comment_removed.connect
def reported_comment_hidden(comment, actor=None, automatic=False, **_):
    # also sent just before an author deletes a comment, whose reports go with it
    if comment.is_hidden and not automatic:
        close_reports(actor, HIDE, comment.idea, comment)


@signals.comment_shown.connect
def reported_comment_shown(comment, actor=None, **_):
    close_reports(actor, KEEP, comment.idea, comment)  # showing it again is keeping it


@signals.idea_withdrawn.connect
def reported_idea_withdrawn(idea, actor=None, **_):
    close_reports(actor, WITHDRAW, idea)
