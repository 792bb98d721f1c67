"""Test data builders with sensible defaults; each flushes so ids exist, none commits twice."""
import itertools
from functools import lru_cache

from ideabox.auth.passwords import hash_password
from ideabox.extensions import db
from ideabox.models import Board, Comment, CustomerAccount, Idea, IdeaStatus, Role, Tag, User, utcnow

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)


def make_user(role="customer", email=None, display_name=None, **fields) -> User:
    n = next(_sequence)
    user = User(
        email=(email or f"user{n}@example.com").lower(),
        display_name=display_name or f"User {n}",
        role=Role(role),
        password_hash=_password_hash(),
        **{"email_confirmed_at": utcnow(), **fields},
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_board(name=None, slug=None, is_private=False, description="", **fields) -> Board:
    n = next(_sequence)
    board = Board(name=name or f"Board {n}", slug=slug or f"board-{n}", is_private=is_private, description=description,
                  **fields)
    db.session.add(board)
    db.session.commit()
    return board


def make_tag(name="Integrations", slug=None) -> Tag:
    tag = Tag(name=name, slug=slug or name.lower().replace(" ", "-"))
    db.session.add(tag)
    db.session.commit()
    return tag


def make_idea(board, author, title=None, body="", status=IdeaStatus.OPEN, **fields) -> Idea:
    n = next(_sequence)
    idea = Idea(board=board, author=author, title=title or f"Idea number {n}", body=body, status=status, **fields)
    db.session.add(idea)
    db.session.commit()
    return idea


def make_comment(idea, author, body="Me too!") -> Comment:
    comment = Comment(idea_id=idea.id, author_id=author.id, body=body)
    db.session.add(comment)
    idea.comment_count += 1
    db.session.commit()
    return comment


def make_customer_account(name="Acme Corp", segment=None, annual_revenue=None) -> CustomerAccount:
    account = CustomerAccount(name=name, segment=segment, annual_revenue=annual_revenue)
    db.session.add(account)
    db.session.commit()
    return account
