"""What a PM decides about duplicate suggestions: accept, dismiss, remove a member, split, rename."""
from itertools import combinations, product

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.jobs import active_run, build_suggestion
from ideabox.admin.audit import record_event
from ideabox.models import ClusteringRun, DismissedPair, Idea, MergeSuggestion, SuggestionMember, utcnow
from ideabox.sqlite import lock_for_writing
from ideabox.themes.outcomes import Regrouping
from ideabox.merging.services import progress
from ideabox.themes.services import accept_group, merge_into, regrouping, themes_of
from ideabox.triage.grouping import Group, backers_united, ordered_pair
from ideabox.triage.queries import undo_states
from ideabox.triage.titles import retitle_after_leaving

STATE_MESSAGES = {
    "accepted": _l("This group was already accepted."),
    "dismissed": _l("This group was already dismissed."),
    "superseded": _l("This group was replaced by a newer recompute; reload the inbox."),
}


def start_recompute(actor, backend: str) -> ClusteringRun:
    """Queue a new recompute of every suggestion unless one is already under way."""
    if active_run() is not None:
        raise DomainError(_("Suggestions are already being recomputed. Wait for that run to finish."))
    run = ClusteringRun(state="queued", backend=backend, requested_by_id=actor.id if actor else None)
    db.session.add(run)
    db.session.flush()
    return run


def accept_suggestion(suggestion: MergeSuggestion, primary_id: int, actor, title: str | None = None,
                      theme_id: int | None = None) -> tuple[Idea, Regrouping]:
    """Merge the group into the chosen primary in the theme its ideas share (`theme_id` when they are in
    several), else in a new theme; return the primary and who moved between themes."""
    take_turn(suggestion, merging=True)
    ensure_pending(suggestion)
    ideas = [member.idea for member in suggestion.members]
    primary = next((idea for idea in ideas if idea.id == primary_id), None)
    if primary is None:
        raise DomainError(_("Choose the primary idea among the ideas of this group."))
    gone = next((idea for idea in ideas if not idea.is_visible), None)
    if gone is not None:
        raise DomainError(_("“%(title)s” was merged or withdrawn since this was suggested: remove it from the group first.",
                            title=gone.title))
    others = [idea for idea in ideas if idea.id != primary.id]
    title = (title or "").strip() or suggestion.proposed_title
    suggestion.proposed_title = title
    _decide(suggestion, "accepted", actor)  # first, so the merge's signal leaves this group whole
    before = themes_of(ideas)
    theme = accept_group(primary, others, actor, title, suggestion=suggestion, theme_id=theme_id)
    suggestion.proposed_title = theme.title  # joining a theme, the group takes its title, not the one proposed
    drop_from_pending({idea.id for idea in others}, actor)
    return primary, regrouping(theme, before)


def default_primary_id(members) -> int | None:
    """The idea to keep that the card offers first: the one the team took furthest (merging one further along into
    it is refused: it would go back), then the most backed."""
    if not members:
        return None
    return max(members, key=lambda member: (progress(member.idea.status), member.idea.backer_count,
                                            -member.position)).idea_id


def merge_pair(primary: Idea, merged: Idea, actor) -> Regrouping | None:
    """Merge one idea into another; the primary's theme wins, else the merged idea's (None: neither has one)."""
    before = themes_of([primary, merged])
    theme = merge_into(primary, [merged], actor, theme_id=primary.theme_id)
    return regrouping(theme, before) if theme is not None else None


def dismiss_suggestion(suggestion: MergeSuggestion, actor) -> None:
    """Say the group holds no duplicates: none of its pairs is ever suggested again."""
    take_turn(suggestion)
    ensure_pending(suggestion)
    ids = member_ids(suggestion)
    record_dismissed(list(combinations(ids, 2)), actor)
    _decide(suggestion, "dismissed", actor)
    _audit(actor, "dismiss_suggestion", suggestion, ideas=ids, title=suggestion.proposed_title)


def reopen_suggestion(suggestion: MergeSuggestion, actor) -> None:
    """Put a dismissed group, or an accepted one whose merges were all undone, back in the inbox."""
    take_turn(suggestion)
    previous = suggestion.state
    undone = previous == "accepted" and undo_states([suggestion]).get(suggestion.id) == "undone"
    if previous != "dismissed" and not undone:
        raise DomainError(_("Only a dismissed group, or one whose merges were all undone, can be reopened."))
    still_open = [member.idea_id for member in suggestion.members if member.idea.is_visible]
    if len(still_open) < 2:
        raise DomainError(_("Fewer than two of its ideas are still open, so there is nothing to reopen."))
    if previous == "dismissed":  # its ideas may be suggested together again
        pairs = {ordered_pair(a, b) for a, b in combinations(member_ids(suggestion), 2)}
        lows = sorted({low for low, _ in pairs})
        for row in db.session.scalars(select(DismissedPair).where(DismissedPair.low_idea_id.in_(lows))):
            if (row.low_idea_id, row.high_idea_id) in pairs:
                db.session.delete(row)
    _keep_members(suggestion, still_open)
    suggestion.state, suggestion.decided_at, suggestion.decided_by_id = "pending", None, None
    _audit(actor, "reopen_suggestion", suggestion, ideas=still_open, previous_state=previous, title=suggestion.proposed_title)


def remove_member(suggestion: MergeSuggestion, idea_id: int, actor) -> None:
    """Take one idea out of the group; it is never suggested with the others again."""
    take_turn(suggestion)
    ensure_pending(suggestion)
    ids = member_ids(suggestion)
    if idea_id not in ids:
        raise DomainError(_("That idea is not part of this group."))
    rest = [i for i in ids if i != idea_id]
    record_dismissed([(idea_id, other) for other in rest], actor)
    title = suggestion.proposed_title  # the one the PM saw: the group may take its next idea's
    _keep_members(suggestion, rest)
    _audit(actor, "remove_from_suggestion", suggestion, idea=idea_id, title=title,
           name=db.session.get(Idea, idea_id).title)
    if len(rest) < 2:
        _decide(suggestion, "dismissed", actor)


def split_suggestion(suggestion: MergeSuggestion, idea_ids: list[int], actor) -> MergeSuggestion:
    """Move some members into a group of their own; the two groups are never suggested together."""
    take_turn(suggestion)
    ensure_pending(suggestion)
    ids = member_ids(suggestion)
    chosen = [i for i in ids if i in set(idea_ids)]
    if len(chosen) != len(set(idea_ids)):
        raise DomainError(_("Only ideas of this group can be split off."))
    rest = [i for i in ids if i not in set(chosen)]
    if len(chosen) < 2:
        raise DomainError(_("Tick at least two ideas to split off into a new group (to drop one idea, remove it)."))
    if len(rest) < 2:
        raise DomainError(_("Leave at least two ideas in this group (to drop one idea, remove it)."))
    record_dismissed(list(product(chosen, rest)), actor)
    group, title = group_of(suggestion), suggestion.proposed_title
    _keep_members(suggestion, rest)
    part = group.subgroup(chosen)
    part.label = db.session.get(Idea, part.member_ids[0]).title
    new = build_suggestion(part, run_id=suggestion.run_id)
    db.session.add(new)
    db.session.flush()
    _audit(actor, "split_suggestion", suggestion, new_suggestion=new.id, ideas=chosen, title=title)
    return new


def rename_suggestion(suggestion: MergeSuggestion, title: str, actor) -> None:
    """Change the theme title the group will get when accepted."""
    take_turn(suggestion)
    ensure_pending(suggestion)
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(_("Give the theme a title."))
    if len(title) > 140:
        raise DomainError(_("Keep the theme title under 140 characters."))
    old, suggestion.proposed_title = suggestion.proposed_title, title
    suggestion.title_saved_by_pm = True
    db.session.flush()
    _audit(actor, "rename_suggestion", suggestion, old=old, new=title)


def take_turn(suggestion: MergeSuggestion, merging: bool = False) -> None:
    """Wait until any other decision on the group is committed, then re-read it: two PMs deciding it at once take
    turns, and the later one sees what the earlier one did (its state is checked after this).

    The ideas are locked before the group, the order a merge or a vote takes them in (an idea, then the groups holding
    it), so each waits for the other instead of both for each other: FOR UPDATE when accepting (the merge takes that
    lock), else FOR KEY SHARE, which a vote's update does not wait for. On SQLite the write lock does all of it."""
    lock_for_writing(db.session)
    ideas = select(Idea.id).where(Idea.id.in_(member_ids(suggestion))).order_by(Idea.id)
    db.session.execute(ideas.with_for_update(read=not merging, key_share=not merging))
    db.session.refresh(suggestion, with_for_update=True)


def ensure_pending(suggestion: MergeSuggestion) -> None:
    """Refuse to act on a suggestion someone already decided."""
    if suggestion.state != "pending":
        raise DomainError(str(STATE_MESSAGES.get(suggestion.state, _l("This group is no longer pending."))))


def member_ids(suggestion: MergeSuggestion) -> list[int]:
    """Ids of the suggestion's members, most central first."""
    return [member.idea_id for member in suggestion.members]


def group_of(suggestion: MergeSuggestion) -> Group:
    """The suggestion as a Group (members, title, keywords, pairwise scores)."""
    scores = {ordered_pair(a, b): float(s) for a, b, s in suggestion.pair_scores or []}
    return Group(member_ids(suggestion), suggestion.proposed_title, list(suggestion.keywords or []), scores)


def record_dismissed(pairs, actor) -> None:
    """Store each pair of ideas as not-duplicates (once)."""
    wanted = {ordered_pair(a, b) for a, b in pairs if a != b}
    if not wanted:
        return
    ids = {i for pair in wanted for i in pair}
    existing = set(tuple(row) for row in db.session.execute(
        select(DismissedPair.low_idea_id, DismissedPair.high_idea_id).where(DismissedPair.low_idea_id.in_(ids))
    ))
    for low, high in sorted(wanted - existing):
        db.session.add(DismissedPair(low_idea_id=low, high_idea_id=high, dismissed_by_id=actor.id if actor else None))
    db.session.flush()


def _keep_members(suggestion: MergeSuggestion, keep: list[int]) -> None:
    held = member_ids(suggestion)
    group = group_of(suggestion).subgroup(keep)
    suggestion.members = [m for m in suggestion.members if m.idea_id in set(keep)]
    for position, member in enumerate(sorted(suggestion.members, key=lambda m: m.position)):
        member.position, member.centrality = position, group.centrality(member.idea_id)
    suggestion.pair_scores = group.pair_list()
    suggestion.cohesion = group.cohesion()
    if held:
        retitle_after_leaving(suggestion, held)
    db.session.flush()
    suggestion.backers_united = backers_united(keep)


def refresh_backers_united(idea_id: int) -> None:
    """Recount what the pending groups holding this idea would unite: its backers just changed (a vote, a merge
    into it), and the inbox shows and ranks groups by that figure."""
    holding = select(SuggestionMember.suggestion_id).where(SuggestionMember.idea_id == idea_id)
    for suggestion in db.session.scalars(
            select(MergeSuggestion).where(MergeSuggestion.state == "pending", MergeSuggestion.id.in_(holding))):
        suggestion.backers_united = backers_united(member_ids(suggestion))


def _decide(suggestion: MergeSuggestion, state: str, actor) -> None:
    suggestion.state, suggestion.decided_at = state, utcnow()
    suggestion.decided_by_id = actor.id if actor else None
    db.session.flush()


def drop_from_pending(idea_ids: set[int], actor) -> None:
    """Take merged or withdrawn ideas out of pending groups; a group left with one idea is superseded."""
    if not idea_ids:
        return
    holding = select(SuggestionMember.suggestion_id).where(SuggestionMember.idea_id.in_(idea_ids))
    groups = db.session.scalars(
        select(MergeSuggestion).where(MergeSuggestion.state == "pending", MergeSuggestion.id.in_(holding))
    )
    for suggestion in list(groups):
        rest = [i for i in member_ids(suggestion) if i not in idea_ids]
        _keep_members(suggestion, rest)
        if len(rest) < 2:
            _decide(suggestion, "superseded", actor)


def _audit(actor, action: str, suggestion: MergeSuggestion, **details) -> None:
    record_event(actor, action, suggestion, **details)
    db.session.flush()
