"""Tell people about news on what they back or follow: in-app notifications and queued emails."""
import re
from dataclasses import dataclass, fields, replace
from types import SimpleNamespace

from flask import render_template
from flask_babel import force_locale, gettext as _
from flask_babel.speaklater import LazyString
from markupsafe import escape
from sqlalchemy import delete, insert, select, update

from ideabox.branding import site_name, site_settings
from ideabox.errors import NotFound
from ideabox.extensions import db
from ideabox.i18n import SUPPORTED_LOCALES, locale_of
from ideabox.models import Board, Idea, Notification, OutboxEmail, User, utcnow
from ideabox.models.user import STAFF_ROLES, TEAM_ROLES
from ideabox.notifications import jobs
from ideabox.notifications.links import absolute_from_path, absolute_url
from ideabox.notifications.mailing_lists import EVERY_EMAIL


@dataclass(frozen=True)
class NewsItem:
    """One line of a list an email shows under its heading (a digest's ideas): what, and its link."""

    title: str
    detail: str
    link: str  # site-relative path


@dataclass(frozen=True)
class News:
    """One piece of news, told in-app (message, link) and by email (subject and the email body parts)."""

    # status_changed | official_reply | released | merged | unmerged | comment | internal_note | mention | new_idea
    # | digest | eta | assigned | report …
    kind: str
    message: str
    link: str  # site-relative path
    subject: str
    heading: str
    idea_id: int | None = None  # the idea it is about: its queued emails go only to those who may still read it
    quote: str = ""  # Markdown shown as a block: the official reply or the release note
    action_label: str = ""
    reason: str = ""
    email: bool = True
    items: tuple[NewsItem, ...] = ()
    items_heading: str = ""  # a line above the list, where the quote stands between it and the heading
    unlisted: int = 0  # how many more the list leaves out
    comment_id: int | None = None  # the comment it is about: its notifications and unsent emails follow it
    theme_id: int | None = None  # the theme it is about: its unsent emails follow its status
    release_id: int | None = None  # the release note it quotes: its unsent emails follow it
    mailing_list: str = EVERY_EMAIL  # what its emails' unsubscribe link stops (mailing_lists)


def takes_email(user) -> bool:
    """Whether news may be emailed to the person (a User or a row with these columns): emails on,
    and the address confirmed (auth.confirm), so nobody is mailed for an account someone else made."""
    return bool(user.email_notifications) and user.email_confirmed_at is not None


def _allowed_to_read(news: News) -> list:
    """Who may read news of an idea: on a private board, only the team (permissions.can_view_board). An idea moved
    to a private board keeps its backers and followers, and they must not hear what becomes of it there."""
    if news.idea_id is None:
        return []
    private = db.session.scalar(select(Board.is_private).join(Idea, Idea.board_id == Board.id)
                                .where(Idea.id == news.idea_id))
    return [User.role.in_(TEAM_ROLES)] if private else []


def notify(user_ids, news: News, actor: User | None = None) -> int:
    """Notify each user once, never the actor; queue an email for those who accept them.

    Returns how many people were notified. The rows go in as two bulk inserts, and each email
    template is rendered once for the news: telling 5,000 backers took a status change 4-7 s on
    PostgreSQL, most of it rendering two templates per backer and flushing one object per row.
    """
    wanted = set(user_ids) - {actor.id if actor else None}
    if not wanted:
        return 0
    recipients = db.session.execute(
        select(User.id, User.email, User.display_name, User.email_notifications, User.email_confirmed_at,
               User.unsubscribe_token, User.locale)
        .where(User.id.in_(wanted), User.is_suspended.is_(False), *_allowed_to_read(news)).order_by(User.id)
    ).all()
    if not recipients:
        return 0
    now, messages = utcnow(), in_every_language(news.message)
    for locale, readers in by_locale(recipients):
        db.session.execute(insert(Notification), [
            {"user_id": user.id, "kind": news.kind, "stored_message": messages[locale], "messages": messages,
             "link": news.link, "idea_id": news.idea_id, "comment_id": news.comment_id, "theme_id": news.theme_id,
             "created_at": now}
            for user in readers
        ])
    emailed = [user for user in recipients if news.email and takes_email(user)]
    if emailed:
        queue_emails(emailed, news)
    return len(recipients)


def in_every_language(message) -> dict[str, str]:
    """A message (a lazy string) as written in each language IdeaBox speaks, by locale."""
    texts = {}
    for locale in SUPPORTED_LOCALES:
        with force_locale(locale):
            texts[locale] = str(message)
    return texts


def by_locale(recipients):
    """The recipients (having a locale) grouped by the language to write to them in, each group once."""
    groups = {}
    for user in recipients:
        groups.setdefault(locale_of(user), []).append(user)
    return groups.items()


def queue_emails(recipients, news: News) -> None:
    """Queue the news as an email to each recipient (having id, email, display_name, locale and
    unsubscribe_token), in their language, sent after the commit."""
    now = utcnow()
    for locale, readers in by_locale(recipients):
        letter = Letter(news, locale)
        db.session.execute(insert(OutboxEmail), [
            {"user_id": user.id, "to_address": user.email, "subject": letter.subject,
             "text_body": letter.text_for(user), "html_body": letter.html_for(user),
             "next_attempt_at": now, "created_at": now, "comment_id": news.comment_id, "kind": news.kind,
             "idea_id": news.idea_id, "theme_id": news.theme_id, "release_id": news.release_id,
             "mailing_list": news.mailing_list}
            for user in readers
        ])
    jobs.deliver_after_commit()


def withdraw_notifications(comment_id: int, staff_keep: bool = False) -> int:
    """Take back the in-app notifications about a comment, whose link would lead nowhere: a deleted one's from
    everyone, a hidden one's, which staff still read, from everyone else (shown again, it is not told again).
    Return how many."""
    about = delete(Notification).where(Notification.comment_id == comment_id)
    if staff_keep:
        about = about.where(Notification.user_id.not_in(select(User.id).where(User.role.in_(STAFF_ROLES))))
    return db.session.execute(about.execution_options(synchronize_session=False)).rowcount


# Placeholders for what differs from one recipient to the next. The name's passes HTML escaping
# untouched; the token's is a token's own alphabet, so the URL around it is built as for a real one.
_NAME = "\x1fname\x1f"
_TOKEN = "unsubscribe-token-of-the-recipient"
_RECIPIENT_FIELD = re.compile(f"{_NAME}|{_TOKEN}")


def _worded(news: News) -> News:
    """The news with its words (lazy strings, so each reader gets their language) put in the current
    language as plain strings, which templates escape."""
    def words(item):
        return {field.name: str(value) for field in fields(item)
                if isinstance(value := getattr(item, field.name), LazyString)}

    return replace(news, **words(news), items=tuple(replace(item, **words(item)) for item in news.items))


class Letter:
    """One piece of news as a text + HTML email in one language, rendered once, then addressed to each
    recipient who reads that language."""

    def __init__(self, news: News, locale: str):
        with force_locale(locale):
            news = _worded(news)
            context = {
                "user": SimpleNamespace(display_name=_NAME),
                "news": news,
                "action_url": absolute_from_path(news.link) if news.link else absolute_url("ideas.home"),
                "items": [(item, absolute_from_path(item.link)) for item in news.items],
                "unsubscribe_url": unsubscribe_url(_TOKEN, news.mailing_list),
                "settings_url": absolute_url("notifications.index"),
                "site_name": site_name(),
                "accent": site_settings().accent_color,
            }
            self.subject = news.subject[:200]
            self.text = render_template("email/notification.txt", **context)
            self.html = render_template("email/notification.html", **context)

    @staticmethod
    def _address(template: str, name: str, token: str) -> str:
        # one pass, so a name that holds a placeholder is not filled in again
        return _RECIPIENT_FIELD.sub(lambda found: name if found.group() == _NAME else token, template)

    def text_for(self, user) -> str:
        return self._address(self.text, user.display_name, user.unsubscribe_token)

    def html_for(self, user) -> str:
        return self._address(self.html, str(escape(user.display_name)), user.unsubscribe_token)


def mark_read(notification: Notification, user: User) -> Notification:
    """Mark one of the user's own notifications read (someone else's is not found)."""
    if notification is None or notification.user_id != user.id:
        raise NotFound(_("No such notification."))
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; return how many changed."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return result.rowcount


def unsubscribe_url(token: str, mailing_list: str) -> str:
    """The link that stops a list's emails (every email: the plain link, as emails sent before lists had)."""
    if mailing_list == EVERY_EMAIL:
        return absolute_url("notifications.unsubscribe", token=token)
    return absolute_url("notifications.unsubscribe", token=token, list=mailing_list)


def user_for_unsubscribe_token(token: str) -> User:
    """The user an unsubscribe link belongs to."""
    user = db.session.scalar(select(User).where(User.unsubscribe_token == token)) if token else None
    if user is None:
        raise NotFound(_("This unsubscribe link is not valid."))
    return user


def set_changelog_emails(user: User, wanted: bool) -> bool:
    """Take every release note on the changelog, or only those of ideas one backs; return the choice."""
    user.changelog_emails = bool(wanted)
    db.session.flush()
    return user.changelog_emails
