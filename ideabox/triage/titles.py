"""Whose title a group of duplicates carries: the engine's, which follows the ideas, or one a PM saved, which stays.

The engine titles a group after its lead idea (the most central one; a part split off a group, after its own
first idea). A title a PM saved is marked so (MergeSuggestion.title_saved_by_pm) and passes to the group a
recompute puts in the place of the one it was saved for.
"""
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import Idea, MergeSuggestion
from ideabox.triage.grouping import Group

# A recomputed group keeps a PM's title when more than half of the ideas it and the old group hold together are in
# both (Jaccard similarity over 1/2): the same ideas, or the same with an idea posted or merged away since. A group
# split down the middle, or mostly of other ideas, is another group: the engine titles it afresh.
SAME_GROUP = 0.5


def retitle_after_leaving(suggestion: MergeSuggestion, held_before: list[int]) -> None:
    """Give a group whose lead idea left (split off, removed, merged) the title of its new lead, as the engine would;
    a title a PM saved stays. `held_before`: its ideas before, lead first."""
    members = sorted(suggestion.members, key=lambda member: member.position)
    if len(members) < 2 or members[0].idea_id == held_before[0] or suggestion.title_saved_by_pm:
        return
    suggestion.proposed_title = db.session.get(Idea, members[0].idea_id).title[:140]


def keep_pms_titles(groups: list[Group]) -> None:
    """Give each recomputed group the title a PM saved for the pending group it replaces (see SAME_GROUP); each
    title goes to one group at most, the one most alike."""
    group_of = {idea_id: n for n, group in enumerate(groups) for idea_id in group.member_ids}
    saved = db.session.scalars(
        select(MergeSuggestion).where(MergeSuggestion.state == "pending", MergeSuggestion.title_saved_by_pm.is_(True))
        .options(selectinload(MergeSuggestion.members))
    )
    matches = []
    for old in saved:
        held = {member.idea_id for member in old.members}
        for n, shared in Counter(group_of[i] for i in held if i in group_of).items():
            alike = shared / len(held | set(groups[n].member_ids))
            if alike > SAME_GROUP:
                matches.append((-alike, old.id, n, old.proposed_title))
    titled, taken = set(), set()
    for _, old_id, n, title in sorted(matches):
        if old_id not in taken and n not in titled:
            groups[n].label, groups[n].label_saved = title, True
            titled.add(n)
            taken.add(old_id)
