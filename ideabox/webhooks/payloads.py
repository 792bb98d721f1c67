"""What an event says about boards, ideas, comments, themes and release notes: the API's own JSON shapes
(`api.schemas`), so a webhook receiver and an API client read the same fields."""
from ideabox.api.schemas import (BoardRefSchema, CommentSchema, IdeaSchema, PersonSchema, ReleaseSchema, ThemeSchema,
                                 idea_url)

__all__ = ["board", "comment", "idea", "idea_url", "person", "release", "status", "theme"]
_person, _idea, _comment, _theme, _release = PersonSchema(), IdeaSchema(), CommentSchema(), ThemeSchema(), ReleaseSchema()
_board = BoardRefSchema()


def person(user) -> dict | None:
    return _person.dump(user) if user is not None else None


def board(board) -> dict:
    return _board.dump(board)


def idea(idea) -> dict:
    return _idea.dump(idea)


def comment(comment) -> dict:
    return _comment.dump(comment)


def theme(theme) -> dict:
    return _theme.dump(theme)


def release(release) -> dict:
    return _release.dump(release)


def status(value) -> str | None:
    return value.value if value is not None else None
