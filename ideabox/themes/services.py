"""Themes: accepted groups of related ideas, ranked and moved along the roadmap together.

Every change keeps one invariant the counts rely on: an idea merged into another carries
its primary's `theme_id`, so a theme's ideas are simply the rows with its `theme_id`.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ideabox import signals
from ideabox.effort import resize
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.admin.audit import record_event
from ideabox.merging.services import merge_ideas, require_staff
from ideabox.models import Idea, IdeaStatus, StatusChange, Theme, utcnow

TITLE_MAX = 140
NOTE_MAX = 5_000
RELEASE_NOTE_MAX = 10_000


def create_theme(title: str, ideas: list[Idea], actor, description: str = "") -> Theme:
    """Group `ideas` (merged ones count as their primary) into a new theme."""
    require_staff(actor)
    members = _primaries(ideas)
    if not members:
        raise DomainError(_("Choose at least one idea for the theme."))
    theme = Theme(title=_clean_title(title), description=(description or "").strip(),
                  status=members[0].status, created_by_id=actor.id)
    db.session.add(theme)
    db.session.flush()
    _assign(members, theme.id)
    record_event(actor, "create_theme", theme, title=theme.title, idea_ids=[idea.id for idea in members])
    return theme


def join_theme_named(title: str, idea: Idea, actor) -> Theme:
    """Put `idea` in the theme called `title` (any case), starting that theme when there is none."""
    require_staff(actor)
    title = _clean_title(title)
    theme = db.session.scalar(select(Theme).where(func.lower(Theme.title) == title.lower()).order_by(Theme.id).limit(1))
    if theme is None:
        return create_theme(title, [idea], actor)
    add_to_theme(theme, [idea], actor)
    return theme


def add_to_theme(theme: Theme, ideas: list[Idea], actor) -> list[Idea]:
    """Move `ideas` (with their merged duplicates) into `theme`; return the members added."""
    require_staff(actor)
    members = [idea for idea in _primaries(ideas) if idea.theme_id != theme.id]
    if not members:
        raise DomainError(_("Those ideas are already in this theme."))
    previous = {idea.id: idea.theme_id for idea in members}
    _assign(members, theme.id)
    record_event(actor, "add_to_theme", theme, idea_ids=list(previous), previous_theme_ids=previous)
    return members


def remove_from_theme(theme: Theme, ideas: list[Idea], actor) -> list[Idea]:
    """Take `ideas` out of `theme`, leaving them without a theme."""
    require_staff(actor)
    members = _members_of(theme, ideas)
    _assign(members, None)
    record_event(actor, "remove_from_theme", theme, idea_ids=[idea.id for idea in members])
    return members


def split_theme(theme: Theme, ideas: list[Idea], actor, new_title: str) -> Theme:
    """Move some of a theme's ideas into a new theme of their own with the same status."""
    require_staff(actor)
    members = _members_of(theme, ideas)
    title = _clean_title(new_title)
    remaining = db.session.scalar(
        select(Idea.id).where(Idea.theme_id == theme.id, Idea.merged_into_id.is_(None),
                              Idea.id.not_in([idea.id for idea in members])).limit(1)
    )
    if remaining is None:
        raise DomainError(_("Leave at least one idea in the theme; rename it instead."))
    new_theme = Theme(title=title, status=theme.status, created_by_id=actor.id)
    db.session.add(new_theme)
    db.session.flush()
    _assign(members, new_theme.id)
    record_event(actor, "split_theme", theme, new_theme_id=new_theme.id, new_title=title,
                 idea_ids=[idea.id for idea in members])
    return new_theme


def rename_theme(theme: Theme, title: str, actor, description: str | None = None) -> Theme:
    """Give a theme a new title (and description, when given)."""
    require_staff(actor)
    old = theme.title
    theme.title = _clean_title(title)
    if description is not None:
        theme.description = description.strip()
    db.session.flush()
    record_event(actor, "rename_theme", theme, old_title=old, new_title=theme.title)
    return theme


def set_theme_status(theme: Theme, status, actor, note: str = "", release_note: str = "") -> list[StatusChange]:
    """Move a theme and all its ideas to `status`; announce it once to the union of backers."""
    require_staff(actor)
    try:
        status = IdeaStatus(status)
    except ValueError:
        raise DomainError(_("Choose a valid status.")) from None
    note, release_note = (note or "").strip(), (release_note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("The official note is at most %(max)d characters.", max=NOTE_MAX))
    if len(release_note) > RELEASE_NOTE_MAX:
        raise DomainError(_("The release note is at most %(max)d characters.", max=RELEASE_NOTE_MAX))
    if status == theme.status and not note:
        raise DomainError(_("The theme is already in that status; add a note to post an update."))
    from_status = theme.status
    theme.status = status
    if status == IdeaStatus.SHIPPED:
        theme.shipped_at = utcnow()
    changes = []
    ideas = db.session.scalars(select(Idea).where(Idea.theme_id == theme.id, Idea.withdrawn_at.is_(None)))
    for idea in ideas:
        if idea.merged_into_id is None:
            changes.append(StatusChange(idea_id=idea.id, from_status=idea.status, to_status=status,
                                        note=note, changed_by_id=actor.id))
        idea.status = status
    db.session.add_all(changes)
    db.session.flush()
    record_event(actor, "theme_status", theme, from_status=str(from_status), to_status=str(status),
                 note=note, idea_ids=[change.idea_id for change in changes])
    signals.theme_status_changed.send(theme, from_status=from_status, to_status=status, note=note,
                                      actor=actor, release_note=release_note)
    return changes


def set_effort(theme: Theme, size: str, actor) -> Theme:
    """Record the team's estimate of the work a theme needs (a key of EFFORT_SIZES, or "" for none)."""
    require_staff(actor)
    return resize(theme, size, actor)


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(_("Give the theme a title."))
    if len(title) > TITLE_MAX:
        raise DomainError(_("Theme titles are at most %(max)d characters.", max=TITLE_MAX))
    return title


def _primaries(ideas: list[Idea]) -> list[Idea]:
    """The ideas people see: a merged idea stands for its primary; withdrawn ones are refused."""
    result = []
    for idea in ideas:
        if idea.merged_into_id is not None:
            idea = db.session.get(Idea, idea.merged_into_id)
        if idea.withdrawn_at is not None:
            raise DomainError(_("“%(title)s” was withdrawn.", title=idea.title))
        if idea not in result:
            result.append(idea)
    return result


def _members_of(theme: Theme, ideas: list[Idea]) -> list[Idea]:
    members = list(dict.fromkeys(ideas))
    if not members:
        raise DomainError(_("Choose at least one idea."))
    for idea in members:
        if idea.theme_id != theme.id or idea.merged_into_id is not None:
            raise DomainError(_("“%(title)s” is not an idea of this theme.", title=idea.title))
    return members


def _assign(ideas: list[Idea], theme_id: int | None) -> None:
    """Set the theme of `ideas` and of every idea merged into them."""
    ids = [idea.id for idea in ideas]
    for idea in ideas:
        idea.theme_id = theme_id
        if theme_id is not None:
            idea.effort = None  # sized with its theme from now on (ideas.services.set_effort)
    for duplicate in db.session.scalars(select(Idea).where(Idea.merged_into_id.in_(ids))):
        duplicate.theme_id = theme_id
    db.session.flush()


def accept_group(primary: Idea, duplicates: list[Idea], actor, title: str, suggestion=None) -> Theme:
    """Merge `duplicates` into `primary`, then make it a theme (or keep the primary's theme)."""
    if duplicates:
        merge_ideas(primary, duplicates, actor, suggestion=suggestion)
    if primary.theme_id is not None:
        return db.session.get(Theme, primary.theme_id)
    return create_theme(title, [primary], actor)
