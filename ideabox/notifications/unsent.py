"""Emails not yet sent follow what they tell of: a comment reworded, deleted or hidden, a merge undone, an idea its
recipients may no longer read. Emails already sent stay as they went."""
from sqlalchemy import delete, or_, select, update

from ideabox.extensions import db
from ideabox.models import OutboxEmail, User
from ideabox.notifications.queries import readers_of
from ideabox.notifications.services import Letter, News, by_locale

_UNSENT = OutboxEmail.sent_at.is_(None)


def rewrite_unsent(news: News) -> int:
    """Give the not yet sent emails of the news's kind quoting news.comment_id (an official reply, a mention) the
    news's new words; return how many."""
    return len(_reword(news, OutboxEmail.comment_id == news.comment_id, OutboxEmail.kind == news.kind))


def _reword(news: News, *where) -> list[int]:
    """Write the not yet sent emails matching `where` again as `news`, each in its reader's language; their ids."""
    rows = db.session.execute(
        select(OutboxEmail.id, User.display_name, User.unsubscribe_token, User.locale)
        .join(User, User.id == OutboxEmail.user_id).where(_UNSENT, *where)
    ).all()
    for locale, readers in by_locale(rows):
        letter = Letter(news, locale)
        for row in readers:
            # sent_at is checked again: the mailer may have sent this one since it was read
            db.session.execute(
                update(OutboxEmail).where(OutboxEmail.id == row.id, _UNSENT)
                .values(subject=letter.subject, text_body=letter.text_for(row), html_body=letter.html_for(row))
                .execution_options(synchronize_session=False)
            )
    return [row.id for row in rows]


def drop_unsent(comment_id: int) -> int:
    """Drop the not yet sent emails quoting a comment that was deleted or hidden (official replies and mentions),
    and let the sent ones forget it (SQLite does not apply the foreign key's SET NULL here); return how many were
    dropped."""
    dropped = _delete(OutboxEmail.comment_id == comment_id)
    db.session.execute(update(OutboxEmail).where(OutboxEmail.comment_id == comment_id).values(comment_id=None)
                       .execution_options(synchronize_session=False))
    return dropped


def drop_unsent_mentions(comment_id: int, still_mentioned) -> int:
    """Drop the not yet sent mention emails of a comment reworded so it no longer mentions their recipients."""
    return _delete(OutboxEmail.comment_id == comment_id, OutboxEmail.kind == "mention",
                   or_(OutboxEmail.user_id.is_(None), OutboxEmail.user_id.not_in(list(still_mentioned))))


def drop_unsent_merge_news(primary_id: int, user_ids) -> int:
    """Drop the not yet sent emails telling these people that ideas were merged into the primary (the merge was
    undone)."""
    return _delete(OutboxEmail.kind == "merged", OutboxEmail.idea_id == primary_id,
                   OutboxEmail.user_id.in_(list(user_ids)))


def drop_unreadable_unsent(ideas) -> int:
    """Drop the not yet sent emails about these ideas whose recipients may no longer read them (the idea moved to
    a private board or was withdrawn since they were queued). Return how many."""
    dropped = 0
    for idea in ideas:
        if readers := readers_of(idea):
            dropped += _delete(OutboxEmail.idea_id == idea.id, or_(
                OutboxEmail.user_id.is_(None), OutboxEmail.user_id.not_in(select(User.id).where(*readers))))
    return dropped


def _delete(*where) -> int:
    return db.session.execute(
        delete(OutboxEmail).where(_UNSENT, *where).execution_options(synchronize_session=False)).rowcount
