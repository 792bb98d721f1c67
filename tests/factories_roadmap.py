"""Builders for roadmap and changelog tests: themes with ideas, backers, releases."""
from datetime import timedelta

from ideabox.extensions import db
from ideabox.models import IdeaStatus, Release, StatusChange, Theme, utcnow
from tests.factories import make_user
from tests.factories_merging import make_vote


def make_theme(title, ideas=(), status=IdeaStatus.PLANNED, **fields) -> Theme:
    """A theme holding `ideas`, all moved to the theme's status."""
    theme = Theme(title=title, status=IdeaStatus(status), **fields)
    db.session.add(theme)
    db.session.flush()
    for idea in ideas:
        idea.theme_id = theme.id
        idea.status = theme.status
    db.session.commit()
    return theme


def back(idea, count=1, users=None):
    """Give `idea` votes from `count` new users (or from `users`); return the voters."""
    voters = list(users) if users is not None else [make_user() for _ in range(count)]
    for user in voters:
        make_vote(idea, user)
    return voters


def ship(idea, days_ago=0):
    """Mark an idea shipped `days_ago` days ago, with its status history entry."""
    idea.status = IdeaStatus.SHIPPED
    db.session.add(StatusChange(idea_id=idea.id, from_status=IdeaStatus.IN_PROGRESS, to_status=IdeaStatus.SHIPPED,
                                created_at=utcnow() - timedelta(days=days_ago)))
    db.session.commit()
    return idea


def make_release(title="Dark mode", body="It's here.", theme=None, idea=None, author=None, days_ago=0,
                 kind="new") -> Release:
    release = Release(title=title, body=body, kind=kind, theme_id=theme.id if theme else None,
                      idea_id=idea.id if idea else None,
                      author_id=author.id if author else None, published_at=utcnow() - timedelta(days=days_ago))
    db.session.add(release)
    db.session.commit()
    return release
