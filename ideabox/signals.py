"""Domain events. Services send them after a change is flushed; other areas subscribe.

Subscribers run synchronously inside the same transaction, so a notification or an index
update is committed (or rolled back) together with the change that caused it.
"""
from blinker import Namespace

_events = Namespace()

# sender: the Idea. kwargs: actor
idea_submitted = _events.signal("idea-submitted")
# sender: the Idea. kwargs: actor
idea_edited = _events.signal("idea-edited")
# sender: the Idea. kwargs: actor
idea_withdrawn = _events.signal("idea-withdrawn")
# sender: the Idea. kwargs: change (StatusChange), actor, release_note (str, may be ""), quiet (tell nobody)
idea_status_changed = _events.signal("idea-status-changed")
# sender: the Idea, after a new vote is counted. kwargs: voter
vote_cast = _events.signal("vote-cast")
# sender: the Idea whose family lost the voter's votes. kwargs: voter
vote_retracted = _events.signal("vote-retracted")
# sender: the Idea whose vote and backer counts were just recounted (a vote, demand recorded, a merge or its undoing)
backers_recounted = _events.signal("backers-recounted")
# sender: the primary Idea a merge is undone from. kwargs: restored (list[Idea]: the idea split off again and
# the ideas it had absorbed), actor
merge_undone = _events.signal("merge-undone")
# sender: the Comment someone reacted to or took a reaction back from. kwargs: actor
reaction_toggled = _events.signal("reaction-toggled")
# sender: the Comment a PM or admin showed again after hiding it. kwargs: actor
comment_shown = _events.signal("comment-shown")
# sender: the Comment. kwargs: actor
comment_added = _events.signal("comment-added")
# sender: the Comment, its new words flushed. kwargs: actor
comment_edited = _events.signal("comment-edited")
# sender: the Comment, about to be deleted or just hidden from customers. kwargs: actor, automatic (hidden by
# IdeaBox after enough reports, pending the team's review; actor None)
comment_removed = _events.signal("comment-removed")
# sender: the Theme. kwargs: from_status, to_status, note, actor, release_note, quiet (tell nobody), changes
# (list[StatusChange]: one per idea it moved)
theme_status_changed = _events.signal("theme-status-changed")
# sender: the primary Idea. kwargs: merged (list[Idea]), actor
ideas_merged = _events.signal("ideas-merged")
# sender: the Idea, now on its new board. kwargs: from_board (Board), merged (list[Idea]: the duplicates merged into
# it, moved with it), actor
idea_moved = _events.signal("idea-moved")
# sender: the Release. kwargs: actor
release_published = _events.signal("release-published")
# sender: the Release, its corrected words flushed. kwargs: actor
release_edited = _events.signal("release-edited")
# sender: the Release, about to be deleted (by a PM, or withdrawn as its theme or idea left Shipped). kwargs: actor
release_deleted = _events.signal("release-deleted")
# sender: the Idea, its new owner set (None: nobody). kwargs: actor
idea_assigned = _events.signal("idea-assigned")
# sender: the Theme or Idea whose expected month changed. kwargs: before, after (dates or None), actor
eta_changed = _events.signal("eta-changed")
