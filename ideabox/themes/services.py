"""Themes: accepted groups of related ideas, ranked and moved along the roadmap together.

Every change keeps one invariant the counts rely on: an idea merged into another carries
its primary's `theme_id`, so a theme's ideas are simply the rows with its `theme_id`.

No idea leaves a theme unannounced: moves come back as a `Regrouping` for the PM to read. A theme
left without ideas is kept (an undone merge may bring its ideas back; its status, ETA and release
note are the team's record) until a PM deletes it.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ideabox import signals
from ideabox.effort import resize
from ideabox.errors import DomainError
from ideabox.ideas.posted_once import add_status_changes_once, earlier_status_changes, submission_digest
from ideabox.extensions import db
from ideabox.admin.audit import record_event
from ideabox.merging.services import merge_ideas, require_staff
from ideabox.models import Idea, IdeaStatus, Release, StatusChange, Theme, utcnow
from ideabox.roadmap import services as roadmap
from ideabox.themes.outcomes import Regrouping

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


def add_to_theme(theme: Theme, ideas: list[Idea], actor) -> Regrouping:
    """Move `ideas` (with their merged duplicates) into `theme`; say which left another theme for it."""
    require_staff(actor)
    named = list(dict.fromkeys(ideas))
    stand_ins = tuple((idea, db.session.get(Idea, idea.merged_into_id)) for idea in named
                      if idea.merged_into_id is not None)
    members = [idea for idea in _primaries(named) if idea.theme_id != theme.id]
    if not members:
        if len(named) == 1 and stand_ins:
            merged, primary = stand_ins[0]
            raise DomainError(_("#%(merged)d was merged into #%(primary)d, which is already in this theme.",
                                merged=merged.id, primary=primary.id))
        raise DomainError(_("Those ideas are already in this theme."))
    previous = {idea.id: idea.theme_id for idea in members}
    before = themes_of(members)
    _assign(members, theme.id)
    record_event(actor, "add_to_theme", theme, idea_ids=list(previous), previous_theme_ids=previous)
    return regrouping(theme, before, stand_ins)


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


def set_theme_status(theme: Theme, status, actor, note: str = "", release_note: str = "", quiet: bool = False,
                     withdraw_releases: bool = True, submission_key: str | None = None) -> list[StatusChange]:
    """Move a theme and all its ideas to `status`; announce it once to the union of backers, unless quiet (a
    correction: tell nobody). Moving it off Shipped withdraws its release notes from the changelog, unless
    withdraw_releases is False (what they describe did go out), as for an idea (ideas.services.change_status). The
    same status form sent again (submission_key) changes nothing and gives the changes the first send made."""
    require_staff(actor)
    try:
        status = IdeaStatus(status)
    except ValueError:
        raise DomainError(_("Choose a valid status.")) from None
    note, release_note = (note or "").strip(), (release_note or "").strip()
    submission_key = submission_digest(submission_key, "theme", str(theme.id), status.value, note, release_note,
                                       str(bool(quiet)))
    if earlier := earlier_status_changes(actor.id, submission_key):
        return earlier
    if len(note) > NOTE_MAX:
        raise DomainError(_("The official note is at most %(max)d characters.", max=NOTE_MAX))
    if len(release_note) > RELEASE_NOTE_MAX:
        raise DomainError(_("The release note is at most %(max)d characters.", max=RELEASE_NOTE_MAX))
    if release_note and status != IdeaStatus.SHIPPED:
        raise DomainError(_("A release note is published only when the status is Shipped."))
    if release_note and quiet:
        raise DomainError(_("A release note tells everyone behind the theme: publish it without “Tell nobody”, "
                            "or leave the note out."))
    if status == theme.status and not note:
        raise DomainError(_("The theme is already in that status; add a note to post an update."))
    from_status = theme.status
    if from_status == IdeaStatus.SHIPPED and status != IdeaStatus.SHIPPED and withdraw_releases:
        roadmap.withdraw_releases(theme, actor)
    theme.status = status
    if status == IdeaStatus.SHIPPED and from_status != IdeaStatus.SHIPPED:  # an update posted on it ships nothing
        theme.shipped_at = utcnow()
    changes = []
    ideas = db.session.scalars(select(Idea).where(Idea.theme_id == theme.id, Idea.withdrawn_at.is_(None)))
    for idea in ideas:
        if idea.merged_into_id is None:
            changes.append(StatusChange(idea_id=idea.id, from_status=idea.status, to_status=status,
                                        note=note, changed_by_id=actor.id, submission_key=submission_key))
        idea.status = status
    if (stored := add_status_changes_once(changes, actor.id)) is not changes:
        return stored
    db.session.flush()
    record_event(actor, "theme_status", theme, from_status=str(from_status), to_status=str(status),
                 note=note, idea_ids=[change.idea_id for change in changes], quiet=quiet)
    signals.theme_status_changed.send(theme, from_status=from_status, to_status=status, note=note,
                                      actor=actor, release_note=release_note, quiet=quiet, changes=changes)
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


def themes_of(ideas: list[Idea]) -> dict[Idea, Theme | None]:
    """Each idea's theme now, to tell afterwards who moved (see `regrouping`)."""
    return {idea: db.session.get(Theme, idea.theme_id) if idea.theme_id else None for idea in ideas}


def regrouping(theme: Theme, before: dict[Idea, Theme | None], stand_ins=()) -> Regrouping:
    """What placing the ideas of `before` in `theme` did: who left another theme, which themes it left empty."""
    moved = tuple((idea, old) for idea, old in before.items() if old is not None and old.id != theme.id)
    left = list({old.id: old for _, old in moved}.values())
    existed = any(old is not None and old.id == theme.id for old in before.values())
    joined = tuple(idea for idea, old in before.items() if old is None and existed and idea.merged_into_id is None)
    return Regrouping(theme, moved, tuple(old for old in left if is_empty(old)), tuple(stand_ins), joined)


def is_empty(theme: Theme) -> bool:
    """True when no idea people can see is left in the theme (withdrawn and merged ones don't count)."""
    return db.session.scalar(select(Idea.id).where(
        Idea.theme_id == theme.id, Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None)).limit(1)) is None


def delete_theme(theme: Theme, actor) -> None:
    """Delete a theme left without ideas; one with a release note stays until the note is deleted."""
    require_staff(actor)
    if not is_empty(theme):
        raise DomainError(_("Only a theme without ideas can be deleted: remove its ideas first."))
    if db.session.scalar(select(Release.id).where(Release.theme_id == theme.id).limit(1)) is not None:
        # Detached, the note would stand alone on the changelog, shown even if the theme was private.
        raise DomainError(_("“%(title)s” has a release note in the changelog: delete the note there first, "
                            "or keep the theme.", title=theme.title))
    for idea in db.session.scalars(select(Idea).where(Idea.theme_id == theme.id)):
        idea.theme_id = None  # withdrawn ideas and their duplicates
    record_event(actor, "delete_theme", theme, title=theme.title, status=str(theme.status), effort=theme.effort,
                 eta=theme.eta.isoformat() if theme.eta else None, description=theme.description)
    db.session.delete(theme)
    db.session.flush()


def merge_into(primary: Idea, duplicates: list[Idea], actor, suggestion=None, theme_id: int | None = None) -> Theme | None:
    """Merge `duplicates` into `primary` keeping them in the theme they share; return it (None: no theme).

    The primary's theme wins; a primary outside any theme joins its duplicates' theme. When the ideas are
    in several themes, `theme_id` must name the one they all join: the others lose them (and say so).
    """
    target = _target_theme([primary, *duplicates], theme_id)
    if target is not None and primary.theme_id != target.id:
        add_to_theme(target, [primary], actor)
    if duplicates:
        merge_ideas(primary, duplicates, actor, suggestion=suggestion)
    return target


def _target_theme(ideas: list[Idea], theme_id: int | None) -> Theme | None:
    themes = list({theme.id: theme for theme in themes_of(ideas).values() if theme is not None}.values())
    if len(themes) <= 1:
        return themes[0] if themes else None
    chosen = next((theme for theme in themes if theme.id == theme_id), None)
    if chosen is None:
        names = ", ".join(f"“{theme.title}”" for theme in themes)
        raise DomainError(_("These ideas are in different themes (%(themes)s): choose the one they all join.",
                            themes=names))
    return chosen


def accept_group(primary: Idea, duplicates: list[Idea], actor, title: str, suggestion=None,
                 theme_id: int | None = None) -> Theme:
    """Merge `duplicates` into `primary` in the theme they share (see `merge_into`), or in a new theme `title`."""
    theme = merge_into(primary, duplicates, actor, suggestion=suggestion, theme_id=theme_id)
    return theme if theme is not None else create_theme(title, [primary], actor)
