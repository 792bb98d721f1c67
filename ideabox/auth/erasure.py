"""Leaving IdeaBox: a person downloads what it holds about them, or erases their account.

Erasing keeps the row (ideas, comments and votes point at it, and the counts that drove the roadmap
stay honest) but strips everything that names the person: email, name, password, company, settings,
follows, notifications, emails, invitations to their address, and their name in others' mentions,
notifications and emails not yet sent. Images they attached stay, like the posts that show them.
"""
import secrets

from flask import current_app
from flask_babel import force_locale, gettext as _
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import selectinload

from ideabox.admin.audit import record_event
from ideabox.auth.passwords import verify_password
from ideabox.auth.services import admin_count
from ideabox.comments.mentions import ERASED_MENTION, MENTION, mentioned_ids
from ideabox.errors import DomainError, FieldError
from ideabox.extensions import db
from ideabox.i18n import SUPPORTED_LOCALES
from ideabox.models import (
    ApiToken, AuditEvent, Comment, CommentReaction, ExternalIdentity, Follow, Idea, Invitation, Notification, OutboxEmail,
    Report, Role, Upload, User, Vote, utcnow,
)
from ideabox.models.user import ERASED_NAME
from ideabox.notifications.links import absolute_url, rfc3339
from ideabox.notifications.unsent import forget_erased_in_unsent
from ideabox.uploads.services import extension_of



def _timestamp(moment) -> str | None:
    return rfc3339(moment) if moment else None


def personal_data(user: User) -> dict:
    """Everything IdeaBox holds about the person, as one JSON-ready document."""
    ideas = db.session.scalars(select(Idea).where(Idea.author_id == user.id).options(selectinload(Idea.board))
                               .order_by(Idea.id)).all()
    comments = db.session.scalars(select(Comment).where(Comment.author_id == user.id)
                                  .options(selectinload(Comment.idea)).order_by(Comment.id)).all()
    votes = db.session.execute(select(Vote.created_at, Idea.id, Idea.title).join(Idea, Idea.id == Vote.idea_id)
                               .where(Vote.user_id == user.id).order_by(Vote.created_at, Idea.id)).all()
    follows = db.session.execute(select(Idea.id, Idea.title).join(Follow, Follow.idea_id == Idea.id)
                                 .where(Follow.user_id == user.id).order_by(Idea.id)).all()
    notifications = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                       .order_by(Notification.id)).all()
    images = db.session.scalars(select(Upload).where(Upload.uploader_id == user.id).order_by(Upload.id)).all()
    reactions = db.session.execute(select(CommentReaction.comment_id, CommentReaction.kind, CommentReaction.created_at)
                                   .where(CommentReaction.user_id == user.id)
                                   .order_by(CommentReaction.created_at, CommentReaction.comment_id)).all()
    return {
        "exported_at": rfc3339(None),
        "site": absolute_url("ideas.home"),
        "account": {
            "id": user.id, "email": user.email, "display_name": user.display_name, "role": user.role.value,
            "language": user.locale, "time_zone": user.timezone, "customer_account": user.customer_account.name if user.customer_account else None,
            "created_at": _timestamp(user.created_at), "last_seen_at": _timestamp(user.last_seen_at),
            "email_confirmed_at": _timestamp(user.email_confirmed_at),
            "email_notifications": user.email_notifications, "changelog_emails": user.changelog_emails,
            "insights_email": user.insights_email, "new_idea_notifications": user.new_idea_notifications,
            "new_idea_digest": user.new_idea_digest,
        },
        "ideas": [{"id": idea.id, "url": absolute_url("ideas.idea", idea_id=idea.id), "board": idea.board.name,
                   "title": idea.title, "body": idea.body, "status": idea.status.value,
                   "created_at": _timestamp(idea.created_at), "withdrawn_at": _timestamp(idea.withdrawn_at),
                   "merged_into": idea.merged_into_id} for idea in ideas],
        "comments": [{"id": comment.id, "idea": comment.idea_id, "idea_title": comment.idea.title, "body": comment.body,
                      "internal_note": comment.is_internal, "hidden": comment.is_hidden,
                      "created_at": _timestamp(comment.created_at), "edited_at": _timestamp(comment.updated_at)}
                     for comment in comments],
        "votes": [{"idea": idea_id, "idea_title": title, "created_at": _timestamp(at)} for at, idea_id, title in votes],
        "following": [{"idea": idea_id, "idea_title": title} for idea_id, title in follows],
        "reactions": [{"comment": comment_id, "reaction": kind, "created_at": _timestamp(at)}
                      for comment_id, kind, at in reactions],
        "reports": [{"idea": report.idea_id, "comment": report.comment_id, "reason": report.reason, "note": report.note,
                     "created_at": _timestamp(report.created_at), "resolved_at": _timestamp(report.resolved_at),
                     "resolution": report.resolution or None}
                    for report in db.session.scalars(select(Report).where(Report.reporter_id == user.id)
                                                     .order_by(Report.id))],
        "images": [{"url": absolute_url("uploads.image", key=image.key, extension=extension_of(image)),
                    "created_at": _timestamp(image.created_at)} for image in images],
        "notifications": [{"kind": note.kind, "message": note.message, "link": note.link,
                           "created_at": _timestamp(note.created_at), "read_at": _timestamp(note.read_at)}
                          for note in notifications],
        "api_tokens": [{"name": token.name, "starts_with": token.prefix, "created_at": _timestamp(token.created_at),
                        "last_used_at": _timestamp(token.last_used_at)}
                       for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                                       .order_by(ApiToken.id))],
        "single_sign_on": [{"provider": identity.provider.name, "subject": identity.subject, "email": identity.email,
                            "linked_at": _timestamp(identity.created_at), "last_used_at": _timestamp(identity.last_used_at)}
                           for identity in db.session.scalars(select(ExternalIdentity)
                                                              .where(ExternalIdentity.user_id == user.id)
                                                              .order_by(ExternalIdentity.id))],
    }


def erase_own_account(user: User, password: str | None, understood: bool, confirm_email: str | None = None) -> User:
    """The person erases their own account, with their password (or, without one, their email) and an explicit yes."""
    if user.password_hash is None:
        if (confirm_email or "").strip().lower() != user.email:
            raise FieldError("confirm_email", _("That is not the email address of this account."))
    elif not verify_password(user.password_hash, password or ""):
        raise FieldError("password", _("That is not your current password."))
    if not understood:
        raise FieldError("understood", _("Tick the box to confirm that this cannot be undone."))
    return erase_account(user, actor=user)


def erase_account(user: User, actor: User | None) -> User:
    """Strip the account of everything personal (see the module); the caller commits."""
    if user.erased_at:
        raise DomainError(_("This account is already erased."))
    if user.role == Role.ADMIN and not user.is_suspended and admin_count() <= 1:
        raise DomainError(_("%(name)s is the last administrator; make someone else an admin first.",
                            name=user.display_name))
    _forget_name_elsewhere(user)
    db.session.execute(update(Idea).where(Idea.owner_id == user.id).values(owner_id=None)
                       .execution_options(synchronize_session=False))  # their ideas go back to nobody
    for table in (Follow, Notification, ApiToken, ExternalIdentity):
        db.session.execute(delete(table).where(table.user_id == user.id).execution_options(synchronize_session=False))
    db.session.execute(delete(OutboxEmail).where(or_(OutboxEmail.user_id == user.id, OutboxEmail.to_address == user.email))
                       .execution_options(synchronize_session=False))
    former_name = user.display_name  # others' emails not yet sent that name them are seen to once they are erased
    # the invitations to their address go too; the audit log keeps that they happened, not the address
    invitations = db.session.scalars(select(Invitation.id).where(or_(Invitation.user_id == user.id,
                                                                    Invitation.email == user.email))).all()
    about_them = or_(and_(AuditEvent.subject_type == User.__tablename__, AuditEvent.subject_id == user.id),
                     and_(AuditEvent.subject_type == Invitation.__tablename__, AuditEvent.subject_id.in_(invitations)))
    for event in db.session.scalars(select(AuditEvent).where(about_them)):
        event.details = {key: value for key, value in (event.details or {}).items()
                         if not (isinstance(value, str) and "@" in value)}
    db.session.execute(delete(Invitation).where(Invitation.id.in_(invitations)).execution_options(synchronize_session=False))
    user.email = f"erased-{user.id}@erased.invalid"  # .invalid never delivers (RFC 2606), and stays unique
    user.display_name = ERASED_NAME
    user.password_hash = None
    user.email_confirmed_at = user.last_seen_at = user.customer_account_id = None
    user.email_notifications = user.new_idea_notifications = user.new_idea_digest = user.changelog_emails = False
    user.insights_email = False
    user.timezone = "UTC"
    user.unsubscribe_token = secrets.token_urlsafe(32)
    user.is_suspended = True
    user.erased_at = utcnow()
    record_event(actor, "user.erased", user)
    db.session.flush()
    forget_erased_in_unsent(user, former_name)
    current_app.logger.info("account %s erased", user.id)
    return user


# the notifications that open with someone's name (notifications.news): only these are rewritten, so
# erasing "Pat" leaves "Pat PM commented on …" alone
_OPENING_WITH_NAME = (
    "%(name)s commented on “%(title)s”.", "%(name)s left an internal note on “%(title)s”.",
    "%(name)s mentioned you on “%(title)s”.", "%(name)s mentioned you in an internal note on “%(title)s”.",
    "%(name)s from the team replied on “%(title)s”.", "%(name)s posted “%(title)s” on %(board)s.",
    "%(name)s assigned you “%(title)s”.", "%(name)s reported %(what)s: %(reason)s.",
)


def _after_name() -> set[str]:
    """How those notifications go on after the name, up to the next placeholder, in every language: each
    person's notifications are written in their own."""
    afters = set()
    for locale in SUPPORTED_LOCALES:
        with force_locale(locale):
            for words in map(_, _OPENING_WITH_NAME):  # without variables the placeholders stay
                if words.startswith("%(name)s"):
                    afters.add(words.removeprefix("%(name)s").split("%(")[0])
    return afters


def _forget_name_elsewhere(user: User) -> None:
    """Others' comments that mention the person, and others' notifications that start with their name
    ("Jane commented on …"), say ERASED_NAME instead."""
    token = f"(mention:{user.id})"
    for comment in db.session.scalars(select(Comment).where(Comment.body.contains(token, autoescape=True))):
        if user.id in mentioned_ids(comment.body):
            comment.body = MENTION.sub(
                lambda found: f"{ERASED_MENTION}{user.id})" if int(found.group(2)) == user.id else found.group(0),
                comment.body)
    name = user.display_name
    openings = tuple(name + after for after in _after_name())
    erased = {locale: _erased_name_in(locale) for locale in SUPPORTED_LOCALES}

    def renamed(text: str, erased_name: str) -> str:
        return erased_name + text[len(name):] if text.startswith(openings) else text

    rows = db.session.execute(
        select(Notification.id, Notification.stored_message, Notification.messages)
        .where(Notification.stored_message.contains(name, autoescape=True), Notification.user_id != user.id)
    ).all()
    changes = [
        {"id": row.id, "stored_message": renamed(row.stored_message, ERASED_NAME),
         "messages": {locale: renamed(text, erased.get(locale, ERASED_NAME)) for locale, text in row.messages.items()}
         if row.messages else row.messages}
        for row in rows if row.stored_message.startswith(openings)
        or any(text.startswith(openings) for text in (row.messages or {}).values())
    ]
    if changes:
        db.session.execute(update(Notification), changes)


def _erased_name_in(locale: str) -> str:
    with force_locale(locale):
        return _(ERASED_NAME)


def export_filename(user: User) -> str:
    """The download's name: the account's number and the day, never its email."""
    return f"ideabox-data-{user.id}-{utcnow():%Y-%m-%d}.json"
