"""What an event says about ideas, comments, themes and release notes: the API's own JSON shapes
(`api.schemas`), so a webhook receiver and an API client read the same fields."""
from ideabox.api.schemas import CommentSchema, IdeaSchema, PersonSchema, ReleaseSchema, ThemeSchema, idea_url

__all__ = ["comment", "idea", "idea_url", "person", "release", "status", "theme"]
_person, _idea, _comment, _theme, _release = PersonSchema(), IdeaSchema(), CommentSchema(), ThemeSchema(), ReleaseSchema()


def person(user) -> dict | None:
    return _person.dump(user) if user is not None else None


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
