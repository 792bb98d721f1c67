"""Turn the engine's duplicate groups into suggestions a PM has not already ruled out."""
from dataclasses import dataclass, field
from itertools import combinations

from sqlalchemy import func, select, union

from ideabox.backers import backer_user_ids, family_ids
from ideabox.extensions import db
from ideabox.models import DismissedPair, ProxyVote


def ordered_pair(a: int, b: int) -> tuple[int, int]:
    """The (low, high) form a DismissedPair is stored in."""
    return (a, b) if a < b else (b, a)


@dataclass
class Group:
    """A candidate suggestion: members ordered by centrality, and their pairwise scores."""

    member_ids: list[int]
    label: str
    keywords: list[str] = field(default_factory=list)
    scores: dict = field(default_factory=dict)  # {(low, high): score}
    label_saved: bool = False  # the label is one a PM saved (MergeSuggestion.title_saved_by_pm)

    def score(self, a: int, b: int) -> float | None:
        """Similarity of two members, if the engine reported it."""
        return self.scores.get(ordered_pair(a, b))

    def pair_list(self) -> list[list]:
        """Scores of every member pair as [[a, b, score], …], strongest first."""
        pairs = [[a, b, self.score(a, b)] for a, b in combinations(self.member_ids, 2)]
        return sorted((p for p in pairs if p[2] is not None), key=lambda p: -p[2])

    def cohesion(self) -> float:
        """Mean pairwise similarity of the members (0 when unknown)."""
        pairs = self.pair_list()
        return round(sum(p[2] for p in pairs) / len(pairs), 4) if pairs else 0.0

    def centrality(self, idea_id: int) -> float:
        """Mean similarity of one member to the others."""
        values = [self.score(idea_id, other) for other in self.member_ids if other != idea_id]
        values = [v for v in values if v is not None]
        return round(sum(values) / len(values), 4) if values else 0.0

    def subgroup(self, member_ids: list[int]) -> "Group":
        """A group of some of these members, keeping their order, label and scores."""
        keep = set(member_ids)
        ordered = [m for m in self.member_ids if m in keep]
        scores = {pair: s for pair, s in self.scores.items() if pair[0] in keep and pair[1] in keep}
        return Group(ordered, self.label, list(self.keywords), scores)


def dismissed_pairs() -> set[tuple[int, int]]:
    """Every pair of ideas a PM has said are not duplicates."""
    rows = db.session.execute(select(DismissedPair.low_idea_id, DismissedPair.high_idea_id))
    return {(low, high) for low, high in rows}


def split_along(group: Group, dismissed: set[tuple[int, int]]) -> list[Group]:
    """Split a group so that no part holds a dismissed pair; parts of one idea are dropped.

    Members are placed in centrality order into the compatible part they are most similar to,
    so the strongest core stays together.
    """
    parts: list[list[int]] = []
    for member in group.member_ids:
        best, best_score = None, -1.0
        for part in parts:
            if any(ordered_pair(member, other) in dismissed for other in part):
                continue
            score = sum(group.score(member, other) or 0.0 for other in part) / len(part)
            if score > best_score:
                best, best_score = part, score
        if best is None:
            parts.append([member])
        else:
            best.append(member)
    if len(parts) == 1:
        return [group] if len(group.member_ids) > 1 else []
    return [group.subgroup(part) for part in parts if len(part) > 1]


def backers_united(idea_ids: list[int]) -> int:
    """Unique backers a merge of these ideas would unite (the rule of ideabox.backers)."""
    if not idea_ids:
        return 0
    users = union(*(backer_user_ids(i) for i in idea_ids)).subquery()
    families = union(*(family_ids(i) for i in idea_ids))
    user_count = db.session.scalar(select(func.count()).select_from(users))
    account_count = db.session.scalar(
        select(func.count(ProxyVote.customer_account_id.distinct())).where(ProxyVote.idea_id.in_(families))
    )
    return user_count + account_count
