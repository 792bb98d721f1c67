"""Merging duplicate ideas as links, and undoing a merge exactly.

A merge never copies anything: the merged idea keeps its text, votes and comments and
points to its primary (`Idea.merged_into_id`). Chains are flattened so every duplicate
points straight at the idea people see; `Merge.previous_state` records what the merge
changed so `undo_merge` puts every row back as it was.
"""
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ideabox import signals
from ideabox.backers import recount
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.admin.audit import record_event
from ideabox.models import Idea, IdeaStatus, Merge, Theme, utcnow
from ideabox.permissions import is_staff
from ideabox.sqlite import lock_for_writing
from ideabox.templating import status_label


def require_staff(actor) -> None:
    """Refuse the action unless `actor` is a PM or an admin."""
    if not is_staff(actor):
        raise PermissionDenied(_("Only product managers can do that."))


def merge_ideas(primary: Idea, merged: list[Idea], actor, suggestion=None) -> list[Merge]:
    """Link each of `merged` to `primary`, re-pointing their own duplicates; return the Merge rows."""
    require_staff(actor)
    merged = list(dict.fromkeys(merged))  # keep order, drop repeats
    if not merged:
        raise DomainError(_("Choose at least one idea to merge."))
    _lock([primary, *merged])
    _check_primary(primary)
    for idea in merged:
        _check_mergeable(primary, idea)
    merges = [_link(primary, idea, actor, suggestion) for idea in merged]
    db.session.flush()
    for merge in merges:
        record_event(actor, "merge", primary, merge_id=merge.id, merged_idea_id=merge.merged_idea_id,
                     merged_title=db.session.get(Idea, merge.merged_idea_id).title, primary_title=primary.title,
                     repointed=[row["idea_id"] for row in merge.previous_state["repointed"]],
                     suggestion_id=merge.suggestion_id)
    _recount_all([primary, *merged])
    signals.ideas_merged.send(primary, merged=merged, actor=actor)
    return merges


def _lock(ideas: list[Idea]) -> None:
    """Re-read the ideas FOR UPDATE (in id order; on SQLite, under its write lock) so two PMs merging at once can't
    make a loop."""
    lock_for_writing(db.session)
    for idea in sorted(ideas, key=lambda row: row.id):
        db.session.refresh(idea, with_for_update=True)


def _check_primary(primary: Idea) -> None:
    if primary.withdrawn_at is not None:
        raise DomainError(_("“%(title)s” was withdrawn; ideas can't be merged into it.", title=primary.title))


# How far along the team has taken an idea; Declined is no further than Open.
PROGRESS = [IdeaStatus.OPEN, IdeaStatus.UNDER_REVIEW, IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS, IdeaStatus.SHIPPED]
COMMITTED = {IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS, IdeaStatus.SHIPPED}


def progress(status) -> int:
    status = IdeaStatus(status)
    return PROGRESS.index(status) if status in PROGRESS else 0


def takes_back_a_commitment(primary: Idea, idea: Idea) -> bool:
    """Whether merging `idea` would take back what the team told its backers: a merged idea takes its primary's
    status, so a Planned, In progress or Shipped one merged into an idea not as far along would go back."""
    return idea.status in COMMITTED and progress(idea.status) > progress(primary.status)


def _check_mergeable(primary: Idea, idea: Idea) -> None:
    if idea.id == primary.id:
        raise DomainError(_("An idea can't be merged into itself."))
    if idea.withdrawn_at is not None:
        # Merged, it would show on the primary's page and its votes would count again: a withdrawal undone.
        raise DomainError(_("“%(title)s” was withdrawn; it can't be merged into another idea.", title=idea.title))
    if primary.merged_into_id == idea.id:
        raise DomainError(_("“%(title)s” is already merged into “%(other)s”; that would make a loop.",
                            title=primary.title, other=idea.title))
    if primary.merged_into_id is not None:
        raise DomainError(_("“%(title)s” is itself merged into another idea; merge into that one instead.",
                            title=primary.title))
    if idea.merged_into_id == primary.id:
        raise DomainError(_("“%(title)s” is already merged into this idea.", title=idea.title))
    if idea.merged_into_id is not None:
        raise DomainError(_("“%(title)s” is already merged into another idea; undo that merge first.",
                            title=idea.title))
    if takes_back_a_commitment(primary, idea):
        raise DomainError(_("“%(title)s” is %(status)s; merged into “%(other)s” (%(other_status)s) it would go back "
                            "to that, and its backers with it. Keep “%(title)s” as the idea to merge into, or move "
                            "“%(other)s” on first.", title=idea.title, status=status_label(idea.status),
                            other=primary.title, other_status=status_label(primary.status)))
    if primary.board.is_private and not idea.board.is_private:
        # Its backers would be redirected to a page they may not see.
        raise DomainError(_("“%(title)s” is on a public board; merging it into a private idea would hide it "
                            "from its backers. Merge the other way round.", title=idea.title))


def _link(primary: Idea, idea: Idea, actor, suggestion) -> Merge:
    """Point `idea` (and every idea merged into it) at `primary`, remembering the old values."""
    now = utcnow()
    children = list(db.session.scalars(select(Idea).where(Idea.merged_into_id == idea.id).order_by(Idea.id)))
    previous = {
        **_snapshot(idea),
        "repointed": [{"idea_id": child.id, **_snapshot(child)} for child in children],
    }
    for row in [idea, *children]:
        row.merged_into_id = primary.id
        row.theme_id = primary.theme_id
        row.status = primary.status
    idea.merged_at = now
    merge = Merge(merged_idea_id=idea.id, primary_idea_id=primary.id, previous_state=previous,
                  merged_by_id=actor.id, suggestion_id=suggestion.id if suggestion else None)
    db.session.add(merge)
    return merge


def _snapshot(idea: Idea) -> dict:
    return {
        "merged_into_id": idea.merged_into_id,
        "merged_at": idea.merged_at.isoformat() if idea.merged_at else None,
        "theme_id": idea.theme_id,
        "status": str(idea.status),
    }


def undo_merge(merge: Merge, actor) -> Merge:
    """Restore the merged idea and the ideas it had absorbed exactly as they were before `merge`."""
    require_staff(actor)
    if merge.undone_at is not None:
        raise DomainError(_("This merge was already undone."))
    idea = db.session.get(Idea, merge.merged_idea_id)
    primary = db.session.get(Idea, merge.primary_idea_id)
    _lock([idea, primary])
    if idea.merged_into_id != merge.primary_idea_id:
        raise DomainError(_("“%(title)s” was merged again later; undo the later merge first.", title=idea.title))
    previous = merge.previous_state
    _restore(idea, previous)
    restored = []
    for row in previous.get("repointed", []):
        child = db.session.get(Idea, row["idea_id"])
        if child is not None and child.merged_into_id == merge.primary_idea_id:
            _restore(child, row)
            restored.append(child.id)
    merge.undone_at = utcnow()
    merge.undone_by_id = actor.id
    db.session.flush()
    record_event(actor, "undo_merge", primary, merge_id=merge.id, merged_idea_id=idea.id,
                 merged_title=idea.title, primary_title=primary.title, restored=restored)
    restored_ideas = [idea, *(db.session.get(Idea, child_id) for child_id in restored)]
    _recount_all([primary, *restored_ideas])
    signals.merge_undone.send(primary, restored=restored_ideas, actor=actor)
    return merge


def _restore(idea: Idea, snapshot: dict) -> None:
    idea.merged_into_id = snapshot["merged_into_id"]
    idea.merged_at = datetime.fromisoformat(snapshot["merged_at"]) if snapshot["merged_at"] else None
    theme_id = snapshot["theme_id"]
    idea.theme_id = theme_id if theme_id is None or db.session.get(Theme, theme_id) else None
    idea.status = IdeaStatus(snapshot["status"])


def _recount_all(ideas) -> None:
    """Recount every touched idea once from the rows."""
    db.session.flush()
    for idea in set(ideas):
        recount(idea)
    db.session.flush()
