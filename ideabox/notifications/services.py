"""Tell people about news on what they back or follow: in-app notifications and queued emails."""
from dataclasses import dataclass, field

from flask import current_app, render_template
from sqlalchemy import delete, select, update

from ideabox.errors import NotFound
from ideabox.extensions import db
from ideabox.models import Notification, OutboxEmail, User, utcnow
from ideabox.notifications import jobs
from ideabox.notifications.links import absolute_from_path, absolute_url


@dataclass(frozen=True)
class News:
    """One piece of news, told in-app (message, link) and by email (subject and the email body parts)."""

    kind: str  # status_changed | official_reply | released | merged | comment
    message: str
    link: str  # site-relative path
    subject: str
    heading: str
    idea_id: int | None = None
    quote: str = ""  # Markdown shown as a block: the official reply or the release note
    action_label: str = ""
    reason: str = ""
    email: bool = True
    extra: dict = field(default_factory=dict)


def notify(user_ids, news: News, actor: User | None = None) -> list[Notification]:
    """Notify each user once, never the actor; queue an email for those who accept them."""
    wanted = set(user_ids) - {actor.id if actor else None}
    if not wanted:
        return []
    users = db.session.scalars(
        select(User).where(User.id.in_(wanted), User.is_suspended.is_(False)).order_by(User.id)
    ).all()
    created = []
    for user in users:
        notification = Notification(user_id=user.id, kind=news.kind, message=news.message, link=news.link,
                                    idea_id=news.idea_id)
        db.session.add(notification)
        created.append(notification)
        if news.email and user.email_notifications:
            queue_email(user, news)
    db.session.flush()
    return created


def queue_email(user: User, news: News) -> OutboxEmail:
    """Render the news as a text + HTML email to `user` and put it in the outbox."""
    context = {
        "user": user,
        "news": news,
        "action_url": absolute_from_path(news.link) if news.link else absolute_url("ideas.home"),
        "unsubscribe_url": absolute_url("notifications.unsubscribe", token=user.unsubscribe_token),
        "settings_url": absolute_url("notifications.index"),
        "site_name": current_app.config.get("SITE_NAME", "IdeaBox"),
    }
    email = OutboxEmail(
        user_id=user.id,
        to_address=user.email,
        subject=news.subject[:200],
        text_body=render_template("email/notification.txt", **context),
        html_body=render_template("email/notification.html", **context),
        next_attempt_at=utcnow(),
    )
    db.session.add(email)
    jobs.deliver_after_commit()
    return email


def mark_read(notification: Notification, user: User) -> Notification:
    """Mark one of the user's own notifications read (someone else's is not found)."""
    if notification is None or notification.user_id != user.id:
        raise NotFound("No such notification.")
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


def user_for_unsubscribe_token(token: str) -> User:
    """The user an unsubscribe link belongs to."""
    user = db.session.scalar(select(User).where(User.unsubscribe_token == token)) if token else None
    if user is None:
        raise NotFound("This unsubscribe link is not valid.")
    return user


def unsubscribe(user: User) -> User:
    """Stop emails to the user (in-app notifications continue) and drop their unsent mail."""
    user.email_notifications = False
    db.session.execute(
        delete(OutboxEmail)
        .where(OutboxEmail.user_id == user.id, OutboxEmail.sent_at.is_(None))
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return user
