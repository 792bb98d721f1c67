"""What an event says about ideas, comments, themes and release notes: plain JSON-ready dicts.

People appear by id and display name only: an endpoint never learns an email address.
"""
from ideabox.notifications.links import absolute_from_path, absolute_url, rfc3339
from ideabox.notifications.news import idea_path, theme_path
from ideabox.permissions import is_staff


def person(user) -> dict | None:
    return {"id": user.id, "name": user.display_name} if user is not None else None


def board(board) -> dict:
    return {"id": board.id, "slug": board.slug, "name": board.name, "private": board.is_private,
            "url": absolute_url("ideas.board", slug=board.slug)}


def idea_url(idea) -> str:
    """Where the idea lives: a merged duplicate's link leads to the idea it was merged into."""
    return absolute_from_path(idea_path(idea))


def idea(idea) -> dict:
    return {
        "id": idea.id, "title": idea.title, "body": idea.body, "url": idea_url(idea),
        "status": idea.status.value, "board": board(idea.board), "author": person(idea.author),
        "votes": idea.vote_count, "backers": idea.backer_count, "comments": idea.comment_count,
        "tags": [tag.name for tag in idea.tags], "theme_id": idea.theme_id,
        "merged_into_id": idea.merged_into_id, "created_at": rfc3339(idea.created_at),
    }


def comment(comment) -> dict:
    return {
        "id": comment.id, "body": comment.body, "author": person(comment.author),
        "official": is_staff(comment.author),
        "url": absolute_url("ideas.idea", idea_id=comment.idea.merged_into_id or comment.idea_id,
                            _anchor=f"comment-{comment.id}"),
        "created_at": rfc3339(comment.created_at),
    }


def theme(theme) -> dict:
    return {"id": theme.id, "title": theme.title, "description": theme.description, "status": theme.status.value,
            "url": absolute_from_path(theme_path(theme))}


def release(release) -> dict:
    return {
        "id": release.id, "title": release.title, "body": release.body, "kind": release.kind,
        "url": absolute_url("roadmap.changelog", _anchor=f"release-{release.id}"),
        "published_at": rfc3339(release.published_at), "author": person(release.author),
    }


def status(value) -> str | None:
    return value.value if value is not None else None
