"""@mentions in comments: who may be mentioned where, and how a mention is written and read.

A mention is stored in the comment's Markdown as `[@Pat PM](mention:12)`: the comment form's
autocomplete writes it, the page shows it as a highlighted name, and the person is told. Everyone may
mention the people already taking part in the idea (its author and the commenters they can see); the
product team may also mention each other; internal notes mention the team only, since nobody else
may read them.
"""
import re

from flask_babel import gettext as _
from sqlalchemy import func, select, union

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import Comment, Idea, User
from ideabox.models.user import ERASED_NAME, TEAM_ROLES
from ideabox.permissions import can_use_internal_notes

MENTION = re.compile(r"\[@([^\[\]\n]{1,80})\]\(mention:(\d{1,12})\)")
ERASED_MENTION = f"[@{ERASED_NAME}](mention:"  # how erasure rewrites others' mentions of the account
MAX_MENTIONS = 20  # a comment that mentions more people is a broadcast, not a question
SUGGESTIONS = 8


def mentioned_ids(text: str | None) -> list[int]:
    """The ids a text mentions, each once, in order."""
    return list(dict.fromkeys(int(found.group(2)) for found in MENTION.finditer(text or "")))


def in_reader_language(text: str | None) -> str:
    """The text with mentions of erased accounts named in the reader's language, like the accounts themselves."""
    text = text or ""
    return text.replace(ERASED_MENTION, f"[@{_('Deleted user')}](mention:") if ERASED_MENTION in text else text


def plain(text: str | None) -> str:
    """The text with each mention written as @Name, for plain-text emails and excerpts."""
    return MENTION.sub(lambda found: "@" + found.group(1), in_reader_language(text))


def token(user: User) -> str:
    """How a mention of user is written in a comment."""
    return f"[@{_label(user)}](mention:{user.id})"


def _label(user: User) -> str:
    return re.sub(r"[\[\]\n]", "", user.display_name)[:80] or "?"


def _team():
    return select(User.id).where(User.role.in_(TEAM_ROLES))


def _participants(idea: Idea) -> list:
    """The idea's author and the authors of its public comments: names anyone on the page can read."""
    return [
        select(User.id).where(User.id == idea.author_id),
        select(Comment.author_id).where(Comment.idea_id == idea.id, Comment.is_hidden.is_(False),
                                        Comment.is_internal.is_(False)),
    ]


def mentionable_ids(idea: Idea, author: User, internal: bool):
    """A select of the ids author may mention in a comment (internal: a note) on idea."""
    if internal:
        people = [_team()]
    elif can_use_internal_notes(author):
        people = [*_participants(idea), _team()]
    else:
        people = _participants(idea)
    return select(User.id).where(User.id.in_(union(*people)), User.is_suspended.is_(False))


def check_mentions(text: str, idea: Idea, author: User, internal: bool) -> str:
    """Return the text with every mention labelled by its person's current name, or a DomainError
    naming someone who may not be mentioned here (so a forged mention never reaches anyone)."""
    ids = mentioned_ids(text)
    if not ids:
        return text
    if len(ids) > MAX_MENTIONS:
        raise DomainError(_("Mention at most %(max)d people in one comment.", max=MAX_MENTIONS))
    people = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}
    allowed = set(db.session.scalars(mentionable_ids(idea, author, internal).where(User.id.in_(ids))))
    for user_id in ids:
        if user_id not in allowed:
            name = people[user_id].display_name if user_id in people else _("someone unknown")
            if internal:
                raise DomainError(_("You can't mention %(name)s in an internal note: only the product team reads "
                                    "it.", name=name))
            raise DomainError(_("You can't mention %(name)s here: mention the idea's author, people who "
                                "commented on it or the product team.", name=name))
    return MENTION.sub(lambda found: token(people[int(found.group(2))]), text)


def suggestions(idea: Idea, author: User, internal: bool, query: str) -> list[User]:
    """People author may mention whose name contains query, names that start with it first."""
    query = " ".join((query or "").split()).lower()[:80]
    name = func.lower(User.display_name)
    statement = select(User).where(User.id.in_(mentionable_ids(idea, author, internal)), User.id != author.id)
    if query:
        statement = statement.where(name.contains(query, autoescape=True))
    starts = name.startswith(query, autoescape=True) if query else name.is_not(None)
    return list(db.session.scalars(statement.order_by(starts.desc(), name, User.id).limit(SUGGESTIONS)))
