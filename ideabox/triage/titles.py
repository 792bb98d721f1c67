"""Whose title a group of duplicates carries: the engine's, which follows the ideas, or one a PM saved, which stays.

The engine titles a group after its lead idea (the most central one; a part split off a group, after its own
first idea). A PM's "Save title" is recorded in the audit log only, as `rename_suggestion`, so that is where a title
is recognised as a PM's: one a PM saved for this group, or for a group that held one of its ideas and that it took
the title from at a recompute.
"""
from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import AuditEvent, Idea, MergeSuggestion, SuggestionMember
from ideabox.triage.grouping import Group

# A recomputed group keeps a PM's title when more than half of the ideas it and the old group hold together are in
# both (Jaccard similarity over 1/2): the same ideas, or the same with an idea posted or merged away since. A group
# split down the middle, or mostly of other ideas, is another group: the engine titles it afresh.
SAME_GROUP = 0.5


def titles_saved_by_pms(idea_ids=None) -> dict[int, set[str]]:
    """For each idea (of `idea_ids`, or every one), the titles PMs saved for groups holding it."""
    query = (
        select(SuggestionMember.idea_id, AuditEvent.details)
        .join(AuditEvent, (AuditEvent.subject_id == SuggestionMember.suggestion_id)
              & (AuditEvent.subject_type == MergeSuggestion.__tablename__))
        .where(AuditEvent.action == "rename_suggestion")
    )
    if idea_ids is not None:
        query = query.where(SuggestionMember.idea_id.in_(list(idea_ids)))
    saved = defaultdict(set)
    for idea_id, details in db.session.execute(query):
        saved[idea_id].add((details or {}).get("new"))
    return saved


def is_pms(title: str, idea_ids, saved: dict[int, set[str]]) -> bool:
    """Whether a PM saved this title for a group holding one of these ideas."""
    return any(title in saved.get(idea_id, ()) for idea_id in idea_ids)


def retitle_after_leaving(suggestion: MergeSuggestion, held_before: list[int]) -> None:
    """Give a group whose lead idea left (split off, removed, merged) the title of its new lead, as the engine would;
    a title a PM saved stays. `held_before`: its ideas before, lead first."""
    members = sorted(suggestion.members, key=lambda member: member.position)
    if len(members) < 2 or members[0].idea_id == held_before[0]:
        return
    if is_pms(suggestion.proposed_title, held_before, titles_saved_by_pms(held_before)):
        return
    suggestion.proposed_title = db.session.get(Idea, members[0].idea_id).title[:140]


def keep_pms_titles(groups: list[Group]) -> None:
    """Give each recomputed group the title a PM saved for the pending group it replaces (see SAME_GROUP); each
    title goes to one group at most, the one most alike."""
    saved = titles_saved_by_pms()
    if not saved:
        return
    group_of = {idea_id: n for n, group in enumerate(groups) for idea_id in group.member_ids}
    pending = db.session.scalars(
        select(MergeSuggestion).where(MergeSuggestion.state == "pending").options(selectinload(MergeSuggestion.members))
    )
    matches = []
    for old in pending:
        held = {member.idea_id for member in old.members}
        if not is_pms(old.proposed_title, held, saved):
            continue
        for n, shared in Counter(group_of[i] for i in held if i in group_of).items():
            alike = shared / len(held | set(groups[n].member_ids))
            if alike > SAME_GROUP:
                matches.append((-alike, old.id, n, old.proposed_title))
    titled, taken = set(), set()
    for _, old_id, n, title in sorted(matches):
        if old_id not in taken and n not in titled:
            groups[n].label = title
            titled.add(n)
            taken.add(old_id)
