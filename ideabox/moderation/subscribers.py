"""Reports close by themselves when the team hides a reported comment from the idea page, or when a reported
idea is withdrawn (by the team or its author): nothing is left waiting in the queue for a decision already made."""
from ideabox import signals
from ideabox.moderation.services import HIDE, WITHDRAW, close_reports


@signals.comment_removed.connect
def reported_comment_hidden(comment, actor=None, **_):
    if comment.is_hidden:  # also sent just before an author deletes a comment, whose reports go with it
        close_reports(actor, HIDE, comment.idea, comment)


@signals.idea_withdrawn.connect
def reported_idea_withdrawn(idea, actor=None, **_):
    close_reports(actor, WITHDRAW, idea)
