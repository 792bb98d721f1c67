"""The words of each notification: what happened, where to look, why you are told. They are lazy
strings, put in each reader's language when their notification and email are written."""
from babel.lists import format_list
from flask_babel import get_locale, gettext, lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_babel.speaklater import LazyString

from ideabox.comments.mentions import plain
from ideabox.markdown import markdown_excerpt
from ideabox.notifications.links import site_path
from ideabox.notifications.services import News, NewsItem
from ideabox.models import IdeaStatus
from ideabox.templating import STATUS_LABELS, month_label

BACKER_REASON = _l("You're receiving this because you voted for or follow this idea.")
CHANGELOG_REASON = _l("You're receiving this because you subscribed to the changelog.")
OWNER_REASON = _l("You're receiving this because a teammate made you the owner of this idea.")
TEAM_REASON = _l("You're receiving this because you are on the product team. Turn it off in your account settings.")


def idea_path(idea) -> str:
    """Where an idea (or the idea it was merged into) lives on the site."""
    return site_path("ideas.idea", idea_id=idea.merged_into_id or idea.id)


def theme_path(theme) -> str:
    """The public page of a theme."""
    return site_path("roadmap.theme", theme_id=theme.id)


def _name_of(user) -> LazyString:
    """The person's name as each reader reads it (an erased account's is "Deleted user" in their language)."""
    return LazyString(lambda: user.display_name)


def _quoted(comment) -> LazyString:
    """The comment as an email quotes it, mentions written as @Name in each reader's language."""
    return LazyString(plain, comment.body)


def status_news(title: str, link: str, from_status, to_status, note: str = "", idea_id=None, theme_id=None) -> News:
    """An idea or theme moved to a new status, or the team posted an update without moving it."""
    label = STATUS_LABELS[IdeaStatus(to_status)]
    if from_status == to_status:
        kind, heading = "official_reply", _l("The team posted an update on “%(title)s”.", title=title)
        subject = _l("Update: %(title)s", title=title)
    else:
        kind, heading = "status_changed", _l("“%(title)s” is now %(status)s.", title=title, status=label)
        subject = _l("%(status)s: %(title)s", status=label, title=title)
    message = LazyString("{} {}".format, heading, markdown_excerpt(note, 160)) if note else heading
    return News(
        kind=kind, message=message, link=link, idea_id=idea_id, theme_id=theme_id, subject=subject,
        heading=heading, quote=note or "", reason=BACKER_REASON,
        action_label=_l("See the theme") if theme_id is not None and idea_id is None else _l("See the idea"),
    )


def official_reply_news(comment) -> News:
    """A member of the product team replied on an idea."""
    idea = comment.idea
    message = _l("%(name)s from the team replied on “%(title)s”.", name=_name_of(comment.author), title=idea.title)
    return News(
        kind="official_reply", message=message, link=idea_path(idea) + f"#comment-{comment.id}",
        idea_id=idea.merged_into_id or idea.id, subject=_l("Official reply: %(title)s", title=idea.title),
        heading=message, quote=_quoted(comment), action_label=_l("Read the reply"), reason=BACKER_REASON,
        comment_id=comment.id,
    )


def new_idea_news(idea) -> News:
    """Someone posted an idea: the product team hears of it, to triage it."""
    message = _l("%(name)s posted “%(title)s” on %(board)s.", name=_name_of(idea.author), title=idea.title,
                board=idea.board.name)
    return News(
        kind="new_idea", message=message, link=idea_path(idea), idea_id=idea.id,
        subject=_l("New idea: %(title)s", title=idea.title), heading=message, quote=idea.body,
        action_label=_l("Triage it"), reason=TEAM_REASON, mailing_list="new_ideas",
    )


def new_ideas_digest_news(ideas, total: int) -> News:
    """The ideas posted since a team member's last digest, listed in one email (`ideas` may be the
    first of `total`)."""
    heading = lazy_ngettext("%(num)d new idea was posted since your last digest.",
                       "%(num)d new ideas were posted since your last digest.", total)
    items = tuple(
        NewsItem(idea.title, _l("%(board)s, by %(name)s", board=idea.board.name, name=_name_of(idea.author)),
                 idea_path(idea))
        for idea in ideas
    )
    return News(
        kind="digest", message=heading, link=site_path("ideas.home"), subject=lazy_ngettext(
            "%(num)d new idea to triage", "%(num)d new ideas to triage", total),
        heading=heading, action_label=_l("Open the boards"), reason=TEAM_REASON,
        items=items, unlisted=total - len(items), mailing_list="new_ideas",
    )


def comment_news(comment) -> News:
    """Someone commented on an idea you follow, or left the team an internal note on it (in-app only:
    comments are too chatty for email)."""
    idea, name = comment.idea, _name_of(comment.author)
    if comment.is_internal:
        kind, message = "internal_note", _l("%(name)s left an internal note on “%(title)s”.", name=name, title=idea.title)
    else:
        kind, message = "comment", _l("%(name)s commented on “%(title)s”.", name=name, title=idea.title)
    return News(
        kind=kind, message=message, link=idea_path(idea) + f"#comment-{comment.id}",
        idea_id=idea.merged_into_id or idea.id, subject=message, heading=message, email=False, comment_id=comment.id,
    )


def mention_news(comment) -> News:
    """Someone mentioned you in a comment or an internal note: worth an email, like a question asked
    of you by name."""
    idea, name = comment.idea, _name_of(comment.author)
    if comment.is_internal:
        message = _l("%(name)s mentioned you in an internal note on “%(title)s”.", name=name, title=idea.title)
    else:
        message = _l("%(name)s mentioned you on “%(title)s”.", name=name, title=idea.title)
    return News(
        kind="mention", message=message, link=idea_path(idea) + f"#comment-{comment.id}",
        idea_id=idea.merged_into_id or idea.id, subject=message, heading=message, quote=_quoted(comment),
        action_label=_l("See the comment"), reason=_l("You get this email because someone mentioned you."),
        comment_id=comment.id,
    )


def assigned_news(idea, actor) -> News:
    """A teammate made you the owner of an idea."""
    message = _l("%(name)s assigned you “%(title)s”.", name=_name_of(actor), title=idea.title)
    return News(
        kind="assigned", message=message, link=idea_path(idea), idea_id=idea.id, subject=message, heading=message,
        quote=idea.body, action_label=_l("See the idea"), reason=OWNER_REASON,
    )


def eta_news(title: str, link: str, before, after, idea_id: int | None = None) -> News:
    """Something you back has a new expected month (in-app only: dates move, inboxes should not fill)."""
    if before:
        message = _l("“%(title)s” is now expected in %(month)s (was %(before)s).", title=title,
                    month=LazyString(month_label, after), before=LazyString(month_label, before))
    else:
        message = _l("“%(title)s” is expected in %(month)s.", title=title, month=LazyString(month_label, after))
    return News(kind="eta", message=message, link=link, idea_id=idea_id, subject=message, heading=message, email=False)


def release_news(release, link: str) -> News:
    """Something people asked for shipped, with its release note."""
    message = _l("Shipped: “%(title)s”.", title=release.title)
    return News(
        kind="released", message=message, link=link, idea_id=release.idea_id, theme_id=release.theme_id,
        release_id=release.id,
        subject=_l("Shipped: %(title)s", title=release.title), heading=message, quote=release.body,
        action_label=_l("Read the release note"), reason=BACKER_REASON,
    )


def merged_news(primary, merged_titles: list[str]) -> News:
    """Ideas you backed were merged into another one; your support now counts there."""
    message = lazy_ngettext(
        "%(titles)s was merged into “%(title)s” — your support now counts there.",
        "%(titles)s were merged into “%(title)s” — your support now counts there.",
        len(merged_titles), titles=LazyString(_titles, merged_titles), title=primary.title,
    )
    return News(
        kind="merged", message=message, link=idea_path(primary), idea_id=primary.id,
        subject=_l("Merged into: %(title)s", title=primary.title), heading=message,
        action_label=_l("See the idea"), reason=BACKER_REASON,
    )


def _titles(titles: list[str]) -> str:
    """Titles quoted and listed as the reader's language does it: “A”, “B” and “C”; « A », « B » et « C »."""
    return format_list([gettext("“%(title)s”", title=title) for title in titles], locale=get_locale())


def unmerged_news(idea, voted: bool = True) -> News:
    """A merge was undone: the idea you voted for stands on its own again, your vote with it (not `voted`: the idea
    you follow). In-app only: an undo corrects a mistake, mostly at once, before the merge's own email went out (which
    then tells only of what is still merged, or is dropped)."""
    if voted:
        message = _l("“%(title)s” is separate again; your vote is back on it.", title=idea.title)
    else:
        message = _l("“%(title)s” is separate again; you still follow it.", title=idea.title)
    return News(kind="unmerged", message=message, link=idea_path(idea), idea_id=idea.id, subject=message,
                heading=message, email=False)
