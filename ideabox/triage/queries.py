"""Read-side queries of the triage area; each returns a select() or plain values."""
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import Board, ClusteringRun, DuplicateAnswer, Idea, Merge, MergeSuggestion, SuggestionMember


def _with_members(query):
    return query.options(
        selectinload(MergeSuggestion.members)
        .selectinload(SuggestionMember.idea)
        .options(selectinload(Idea.board), selectinload(Idea.theme))
    )


def pending_suggestions(board_id: int | None = None):
    """Pending groups (touching a board, if given), the merge uniting the most backers first."""
    query = select(MergeSuggestion).where(MergeSuggestion.state == "pending")
    if board_id is not None:
        on_board = select(SuggestionMember.suggestion_id).join(Idea).where(Idea.board_id == board_id)
        query = query.where(MergeSuggestion.id.in_(on_board))
    return _with_members(
        query.order_by(MergeSuggestion.backers_united.desc(), MergeSuggestion.cohesion.desc(), MergeSuggestion.id)
    )


def boards():
    """Every board, by name, for the inbox filter."""
    return select(Board).order_by(Board.name)


def decided_suggestions():
    """Accepted and dismissed groups, latest decision first."""
    return _with_members(
        select(MergeSuggestion)
        .where(MergeSuggestion.state.in_(("accepted", "dismissed")))
        .order_by(MergeSuggestion.decided_at.desc(), MergeSuggestion.id.desc())
    )


def suggestion_with_members(suggestion_id: int):
    """One suggestion, members eager-loaded."""
    return _with_members(select(MergeSuggestion).where(MergeSuggestion.id == suggestion_id))


def latest_run():
    """The most recent recompute."""
    return select(ClusteringRun).order_by(ClusteringRun.id.desc()).limit(1)


def same_as_answers(idea_ids) -> dict[int, set[int]]:
    """For each idea, the ideas its author said it is the same as."""
    answers = defaultdict(set)
    if idea_ids:
        rows = db.session.execute(
            select(DuplicateAnswer.idea_id, DuplicateAnswer.candidate_id)
            .where(DuplicateAnswer.idea_id.in_(list(idea_ids)), DuplicateAnswer.is_same.is_(True))
        )
        for idea_id, candidate_id in rows:
            answers[idea_id].add(candidate_id)
    return dict(answers)


def find_ideas(text: str, limit: int = 8):
    """Ideas whose title contains the text (or whose id it is), visible first."""
    text = text.strip().lstrip("#")
    query = select(Idea).options(selectinload(Idea.board))
    if text.isdigit():
        return query.where(Idea.id == int(text))
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return (query.where(Idea.title.ilike(pattern, escape="\\"))
            .order_by(Idea.merged_into_id.is_not(None), Idea.backer_count.desc(), Idea.id).limit(limit))


def pending_count():
    """How many groups wait for a decision."""
    return select(func.count()).select_from(MergeSuggestion).where(MergeSuggestion.state == "pending")


def undo_states(suggestions) -> dict[int, str]:
    """For accepted groups whose merges were undone since: "undone" when all were, else "partly"."""
    accepted = {s.id: s.decided_at for s in suggestions if s.state == "accepted" and s.decided_at}
    if not accepted:
        return {}
    rows = db.session.execute(
        select(Merge.suggestion_id, Merge.created_at, Merge.undone_at).where(Merge.suggestion_id.in_(list(accepted)))
    )
    made, undone = defaultdict(int), defaultdict(int)
    for suggestion_id, created_at, undone_at in rows:
        if created_at >= accepted[suggestion_id]:  # merges of its latest acceptance, not of one since reopened
            made[suggestion_id] += 1
            undone[suggestion_id] += undone_at is not None
    return {sid: "undone" if undone[sid] == made[sid] else "partly" for sid in made if undone[sid]}
