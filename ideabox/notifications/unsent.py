"""Emails not yet sent follow what they tell of: a comment reworded, deleted or hidden, an idea its recipients may
no longer read, a person who erased their account, a status corrected without telling anyone, a release note
corrected or withdrawn, a merge undone or merged on. Emails already sent stay as they went."""
import re

from sqlalchemy import delete, or_, select, update

from ideabox.comments.mentions import ERASED_MENTION
from ideabox.extensions import db
from ideabox.merging.queries import arrivals
from ideabox.models import Comment, Idea, OutboxEmail, User
from ideabox.notifications import news as told
from ideabox.notifications.queries import audience_by_idea, readers_of
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


def rewrite_unsent_release(release_id: int, backers_news: News, subscribers_news: News, backers) -> int:
    """Give the not yet sent emails quoting a corrected release note its new words: to its backers and followers as
    `backers_news`, to the changelog's other subscribers as `subscribers_news` (they are told why differently).
    Return how many."""
    backers, quoting = list(backers), OutboxEmail.release_id == release_id
    return (len(_reword(backers_news, quoting, OutboxEmail.user_id.in_(backers)))
            + len(_reword(subscribers_news, quoting, OutboxEmail.user_id.not_in(backers))))


def drop_unsent(comment_id: int) -> int:
    """Drop the not yet sent emails quoting a comment that was deleted or hidden (official replies and mentions),
    and let the sent ones forget it; return how many were dropped."""
    return _forget(OutboxEmail.comment_id, comment_id)


def drop_unsent_release(release_id: int) -> int:
    """Drop the not yet sent emails quoting a release note taken off the changelog, and let the sent ones forget
    it; return how many were dropped."""
    return _forget(OutboxEmail.release_id, release_id)


def drop_unsent_status_news(*, idea_id: int | None = None, theme_id: int | None = None) -> int:
    """Drop the not yet sent emails announcing a new status of the idea or theme: the PM corrected a status set by
    mistake, telling nobody, and the mistaken one must not go out either. Return how many."""
    about = OutboxEmail.idea_id == idea_id if idea_id is not None else OutboxEmail.theme_id == theme_id
    return _delete(about, OutboxEmail.kind == "status_changed")


def drop_unsent_mentions(comment_id: int, still_mentioned) -> int:
    """Drop the not yet sent mention emails of a comment reworded so it no longer mentions their recipients."""
    return _delete(OutboxEmail.comment_id == comment_id, OutboxEmail.kind == "mention",
                   or_(OutboxEmail.user_id.is_(None), OutboxEmail.user_id.not_in(list(still_mentioned))))


def drop_unsent_merge_news(primary_ids) -> int:
    """Drop the not yet sent emails telling that ideas were merged into these ideas, which were merged in their turn:
    the news of that merge says where the support counts now. Return how many."""
    return _delete(OutboxEmail.kind == "merged", OutboxEmail.idea_id.in_(list(primary_ids)))


def retell_unsent_merge_news(primary: Idea, user_ids) -> None:
    """A merge into the primary was undone: the not yet sent emails telling these people of merges into it become one
    telling only of the ideas they back or follow that are still merged there and that no email sent to them told of
    (it came since); with none left, they do not go out."""
    emails = db.session.execute(
        select(OutboxEmail.id, OutboxEmail.user_id, OutboxEmail.created_at, OutboxEmail.sent_at)
        .where(OutboxEmail.kind == "merged", OutboxEmail.idea_id == primary.id,
               OutboxEmail.user_id.in_(list(user_ids)))
        .order_by(OutboxEmail.created_at, OutboxEmail.id)
    ).all()
    unsent, told_until = {}, {}
    for email in emails:
        if email.sent_at is None:
            unsent.setdefault(email.user_id, []).append(email.id)
        else:
            told_until[email.user_id] = email.created_at
    if not unsent:
        return
    arrived = arrivals(primary.id)
    in_order = sorted(arrived, key=lambda idea_id: (arrived[idea_id], idea_id))
    backed = audience_by_idea(in_order)
    titles = dict(db.session.execute(select(Idea.id, Idea.title).where(Idea.id.in_(in_order))).all())
    retold, dropped = {}, []
    for user_id, ids in unsent.items():
        since = told_until.get(user_id)
        still = tuple(titles[idea_id] for idea_id in in_order
                      if idea_id in backed.get(user_id, ()) and (since is None or arrived[idea_id] > since))
        *older, newest = ids
        dropped += older if still else ids
        if still:
            retold.setdefault(still, []).append(newest)
    for still, ids in retold.items():
        _reword(told.merged_news(primary, list(still)), OutboxEmail.id.in_(ids))
    if dropped:
        _delete(OutboxEmail.id.in_(dropped))


def drop_unreadable_unsent(ideas) -> int:
    """Drop the not yet sent emails about these ideas whose recipients may no longer read them (the idea moved to
    a private board or was withdrawn since they were queued). Return how many."""
    dropped = 0
    for idea in ideas:
        if readers := readers_of(idea):
            dropped += _delete(OutboxEmail.idea_id == idea.id, or_(
                OutboxEmail.user_id.is_(None), OutboxEmail.user_id.not_in(select(User.id).where(*readers))))
    return dropped


def forget_erased_in_unsent(user: User, name: str) -> int:
    """After `user` (who was called `name`) was erased: others' not yet sent emails quoting their comments or
    comments that mention them, or telling of an idea they posted, are written again as they now read; any other
    that still names them is dropped (in-app, the notification stays, renamed). Return how many were dropped."""
    reworded = set()
    quoted = select(OutboxEmail.comment_id).where(_UNSENT)
    for comment in db.session.scalars(select(Comment).where(Comment.id.in_(quoted), or_(
            Comment.author_id == user.id, Comment.body.contains(f"{ERASED_MENTION}{user.id})", autoescape=True)))):
        for news in (told.official_reply_news(comment), told.mention_news(comment)):
            reworded.update(_reword(news, OutboxEmail.comment_id == comment.id, OutboxEmail.kind == news.kind))
    posted = select(OutboxEmail.idea_id).where(_UNSENT, OutboxEmail.kind == "new_idea")
    for idea in db.session.scalars(select(Idea).where(Idea.id.in_(posted), Idea.author_id == user.id)):
        reworded.update(_reword(told.new_idea_news(idea), OutboxEmail.idea_id == idea.id,
                                OutboxEmail.kind == "new_idea"))
    return _delete(OutboxEmail.id.in_(_naming(name, reworded))) if name else 0


def _naming(name: str, reworded: set[int]) -> list[int]:
    """The not yet sent emails, other than those just written again, whose subject or text names `name` as a whole
    word, other people's longer names holding it left aside (the recipient's greeting, or a post by "Pat PM", when
    "Pat" is erased)."""
    word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    namesakes = sorted((other for other in db.session.scalars(
        select(User.stored_display_name).distinct().where(User.stored_display_name.contains(name, autoescape=True),
                                                          User.stored_display_name != name))
        if word.search(other)), key=len, reverse=True)
    rows = db.session.execute(
        select(OutboxEmail.id, OutboxEmail.subject, OutboxEmail.text_body)
        .where(_UNSENT, or_(OutboxEmail.subject.contains(name, autoescape=True),
                            OutboxEmail.text_body.contains(name, autoescape=True)))
    ).all()

    def names_them(text: str) -> bool:
        for other in namesakes:
            text = text.replace(other, "\x00")
        return bool(word.search(text))

    return [row.id for row in rows if row.id not in reworded and (names_them(row.subject) or names_them(row.text_body))]


def _forget(column, value) -> int:
    """Drop the not yet sent emails whose `column` is `value`, and let the sent ones forget it (SQLite does not apply
    the foreign key's SET NULL here: the row goes after this, in the same flush); return how many were dropped."""
    dropped = _delete(column == value)
    db.session.execute(update(OutboxEmail).where(column == value).values({column.key: None})
                       .execution_options(synchronize_session=False))
    return dropped


def _delete(*where) -> int:
    return db.session.execute(
        delete(OutboxEmail).where(_UNSENT, *where).execution_options(synchronize_session=False)).rowcount
