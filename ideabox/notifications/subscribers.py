"""Turn domain events into in-app notifications and queued emails."""
from dataclasses import replace

from ideabox import signals
from ideabox.backers import audience_user_ids, backer_user_ids, follower_user_ids
from ideabox.comments.mentions import mentioned_ids
from ideabox.extensions import db
from ideabox.merging.queries import brought_along
from ideabox.models import Idea, IdeaStatus
from ideabox.notifications import news
from ideabox.notifications.corrections import mistaken_status_set_at, withdraw_status_notifications
from ideabox.notifications.queries import (
    audience_by_idea, changelog_subscribers, primary_id, team_following, team_wanting_new_ideas, theme_audience_ids,
)
from ideabox.notifications.services import notify, withdraw_notifications
from ideabox.notifications.unsent import (
    drop_unreadable_unsent, drop_unsent, drop_unsent_mentions, drop_unsent_merge_news, drop_unsent_release,
    drop_unsent_status_news, retell_unsent_merge_news, rewrite_unsent, rewrite_unsent_release,
)
from ideabox.permissions import is_staff
from ideabox.roadmap.queries import is_public_release


def _ships_with_release(to_status, release_note) -> bool:
    # The release created from the note tells everyone; a second "now shipped" would be noise.
    return to_status == IdeaStatus.SHIPPED and bool((release_note or "").strip())


@signals.idea_status_changed.connect
def tell_idea_audience_of_status(idea, change, actor=None, release_note="", quiet=False, **_):
    """Tell an idea's backers and followers (merged duplicates too) about its new status, unless staff
    asked to tell nobody (a correction: what announced the mistaken status, its emails not yet sent and its in-app
    news, goes too)."""
    if quiet:
        drop_unsent_status_news(idea_id=primary_id(idea))
        withdraw_status_notifications(mistaken_status_set_at([idea.id], [change.id]), idea_id=primary_id(idea))
    if quiet or _ships_with_release(change.to_status, release_note):
        return
    item = news.status_news(idea.title, news.idea_path(idea), change.from_status, change.to_status, change.note,
                            primary_id(idea))
    notify(audience_user_ids(primary_id(idea)), item, actor)


@signals.theme_status_changed.connect
def tell_theme_audience_of_status(theme, to_status, from_status=None, actor=None, note="", release_note="",
                                  quiet=False, changes=(), **_):
    """Tell everyone behind any idea of a theme about its new status, each person once, unless staff asked to tell
    nobody (a correction, which also takes back the unsent emails and the in-app news of the mistaken status)."""
    if quiet:
        drop_unsent_status_news(theme_id=theme.id)
        set_at = mistaken_status_set_at([change.idea_id for change in changes], [change.id for change in changes])
        withdraw_status_notifications(set_at, theme_id=theme.id)
    if quiet or _ships_with_release(to_status, release_note):
        return
    item = news.status_news(theme.title, news.theme_path(theme), from_status, to_status, note, theme_id=theme.id)
    notify(theme_audience_ids(theme.id), item, actor)


@signals.idea_submitted.connect
def tell_team_of_new_idea(idea, actor=None, **_):
    """PMs and admins hear of every idea posted (each can turn it off); never of their own. Those who
    take a daily digest are told in-app now and by email in the digest (notifications.digest)."""
    told = news.new_idea_news(idea)
    notify(db.session.scalars(team_wanting_new_ideas()).all(), told, actor)
    notify(db.session.scalars(team_wanting_new_ideas(digest=True)).all(), replace(told, email=False), actor)


@signals.comment_added.connect
def tell_audience_of_comment(comment, actor=None, **_):
    """People mentioned hear of it first, by email too; then staff replies reach every other backer and
    follower by email, other comments reach followers in-app, and internal notes reach the team members
    who follow the idea, in-app. Nobody hears of one comment twice."""
    if comment.is_hidden:
        return
    author = actor or comment.author
    idea_id = primary_id(comment.idea)
    mentioned = set(mentioned_ids(comment.body))
    notify(mentioned, news.mention_news(comment), author)
    if comment.is_internal:
        audience, told = db.session.scalars(team_following(idea_id)).all(), news.comment_news(comment)
    elif is_staff(author):
        audience, told = audience_user_ids(idea_id), news.official_reply_news(comment)
    else:
        audience, told = db.session.scalars(follower_user_ids(idea_id)).all(), news.comment_news(comment)
    notify(set(audience) - mentioned, told, author)


@signals.ideas_merged.connect
def tell_backers_of_merge(primary, merged=(), actor=None, **_):
    """Tell the backers and followers of the merged duplicates, and of the ideas merged into those before, where their
    support went: each person once, of the ideas they back or follow. The emails not yet sent saying it counted on
    an idea merged now do not go out: this news says where it counts."""
    if not merged:
        return
    drop_unsent_merge_news([idea.id for idea in merged])
    for titles, people in _by_ideas_backed(brought_along(primary, merged)).items():
        notify(people, news.merged_news(primary, list(titles)), actor)


def _by_ideas_backed(ideas) -> dict[tuple[str, ...], list[int]]:
    """The people who back or follow any of the ideas, grouped by the titles of those they back or follow."""
    groups = {}
    for user_id, idea_ids in audience_by_idea([idea.id for idea in ideas]).items():
        groups.setdefault(tuple(idea.title for idea in ideas if idea.id in idea_ids), []).append(user_id)
    return groups


@signals.merge_undone.connect
def tell_backers_of_undone_merge(primary, restored=(), actor=None, **_):
    """The backers and followers of the idea split off again (and of its own duplicates), who heard where their
    support went, hear that it is back on it; the merge's email not yet sent to them tells only of what is still
    merged, or does not go out."""
    if restored:
        idea = restored[0]
        audience = set(audience_user_ids(idea.id))
        voters = set(db.session.scalars(backer_user_ids(idea.id)))
        retell_unsent_merge_news(primary, audience)
        notify(audience & voters, news.unmerged_news(idea), actor)
        notify(audience - voters, news.unmerged_news(idea, voted=False), actor)


@signals.release_published.connect
def tell_audience_of_release(release, actor=None, **_):
    """Tell every backer and follower of the shipped theme or idea about the release note, then the
    changelog's subscribers who were not told already (for a private board's note, the team only)."""
    if told := _release_news(release):
        audience, backers_news, subscribers_news = told
        notify(audience, backers_news, actor or release.author)
        subscribers = set(db.session.scalars(changelog_subscribers(team_only=not is_public_release(release))))
        notify(subscribers - set(audience), subscribers_news, actor or release.author)


@signals.release_edited.connect
def reword_unsent_release_emails(release, **_):
    """A corrected release note tells nobody again, but its emails not yet sent carry the corrected words."""
    if told := _release_news(release):
        rewrite_unsent_release(release.id, told[1], told[2], told[0])


@signals.release_deleted.connect
def drop_unsent_release_emails(release, **_):
    """A release note taken off the changelog is not announced by the emails not yet sent either."""
    drop_unsent_release(release.id)


def _release_news(release):
    """Who backs or follows what the release note is about, what they are told, and what the changelog's other
    subscribers are told; None for a note about nothing any more."""
    if release.theme_id:
        audience, link = theme_audience_ids(release.theme_id), news.theme_path(release.theme)
    elif release.idea_id:
        audience, link = audience_user_ids(primary_id(release.idea)), news.idea_path(release.idea)
    else:
        return None
    told = news.release_news(release, link)
    return list(audience), told, replace(told, reason=news.CHANGELOG_REASON, mailing_list="changelog")


@signals.eta_changed.connect
def tell_audience_of_eta(item, before=None, after=None, actor=None, **_):
    """Backers and followers hear when the month they can expect something is set or moves (not when
    it is cleared: a status change says why)."""
    if after is None:
        return
    if isinstance(item, Idea):
        audience, told = audience_user_ids(primary_id(item)), news.eta_news(item.title, news.idea_path(item), before,
                                                                            after, primary_id(item))
    else:
        audience, told = theme_audience_ids(item.id), news.eta_news(item.title, news.theme_path(item), before, after)
    notify(audience, told, actor)


@signals.idea_assigned.connect
def tell_new_owner(idea, actor=None, **_):
    """The owner hears that the idea is theirs, unless they took it themselves."""
    if idea.owner_id and actor is not None:
        notify([idea.owner_id], news.assigned_news(idea, actor), actor)


@signals.comment_edited.connect
def reword_unsent_emails(comment, **_):
    """A comment reworded before its emails went out: they go out with the new words, an official reply's to its
    backers, a mention's to those it still mentions (one it no longer mentions does not go out)."""
    drop_unsent_mentions(comment.id, mentioned_ids(comment.body))
    rewrite_unsent(news.official_reply_news(comment))
    rewrite_unsent(news.mention_news(comment))


@signals.comment_edited.connect
def tell_newly_mentioned(comment, actor=None, previous_body="", **_):
    """A comment edited to mention someone: they are told as if it had mentioned them from the start."""
    if comment.is_hidden:
        return
    added = set(mentioned_ids(comment.body)) - set(mentioned_ids(previous_body))
    notify(added, news.mention_news(comment), actor or comment.author)


@signals.comment_removed.connect
def drop_unsent_of_removed_comment(comment, **_):
    """An official reply or a mention deleted or hidden before its emails went out: they do not go out."""
    drop_unsent(comment.id)


@signals.comment_removed.connect
def withdraw_notifications_of_removed_comment(comment, **_):
    """A comment deleted or hidden: the notifications about it go from those who may no longer read it, everyone
    (sent just before the deletion) or, as staff still read a hidden one, everyone else."""
    withdraw_notifications(comment.id, staff_keep=comment.is_hidden)


@signals.idea_moved.connect
def drop_unsent_of_private_idea(idea, merged=(), **_):
    """An idea moved to a private board with its duplicates: its emails not yet sent to people outside the team
    do not go out (notify already tells them nothing more)."""
    drop_unreadable_unsent([idea, *merged])


@signals.idea_withdrawn.connect
def drop_unsent_of_withdrawn_idea(idea, **_):
    """An idea withdrawn (by its author or by moderation): only staff may open it now, so its emails not yet sent
    to anyone else do not go out."""
    drop_unreadable_unsent([idea])
