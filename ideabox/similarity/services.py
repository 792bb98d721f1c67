"""Duplicate-aware submission: similar ideas for a draft or an idea, and "is this the same as …?"."""
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ideabox.errors import DomainError, NotFound, PermissionDenied
from ideabox.extensions import db
from ideabox.ideas.services import cast_vote
from ideabox.models import DuplicateAnswer, Idea, utcnow
from ideabox.permissions import can_view_board
from ideabox.similarity.embeddings import idea_document
from ideabox.similarity.index_registry import live_index
from ideabox.similarity.queries import all_boards, answer_about, latest_answer, listed_ideas_by_id

MIN_QUERY_CHARS = 4
DRAFT_ID = "__draft__"
MAX_LOOKUP = 500  # matches a lookup reads at most, looking past copies of one text


@dataclass(frozen=True)
class SimilarIdea:
    """An idea like the one at hand, how alike (0–1), how close for this query, and whether on the same board."""

    idea: Idea
    score: float
    same_board: bool
    closeness: float = 0.0

    @property
    def percent(self) -> int:
        """The score as a whole percentage, for people."""
        return round(self.score * 100)


def find_similar_ideas(viewer, title: str, body: str = "", board=None, exclude=(), limit=None) -> list[SimilarIdea]:
    """Listed ideas the viewer may see that resemble a draft, the draft's board first."""
    title = " ".join((title or "").split())
    if len(title) < MIN_QUERY_CHARS:
        return []
    return _lookup(viewer, idea_document(DRAFT_ID, title, body), board, set(exclude), limit)


def ideas_similar_to(idea, viewer, limit=None) -> list[SimilarIdea]:
    """Listed ideas the viewer may see that resemble an existing idea (never itself)."""
    return _lookup(viewer, idea_document(idea.id, idea.title, idea.body), idea.board, {idea.id}, limit)


def closest_match(idea, viewer) -> SimilarIdea | None:
    """The one idea most like this one, if it is alike enough to ask whether it is the same."""
    best = max(ideas_similar_to(idea, viewer, limit=3), key=lambda s: s.score, default=None)
    return best if best is not None and _clears(best, "SAME_AS") else None


def _clears(match, rule: str) -> bool:
    """Whether a match reaches both floors of a rule: config RULE_MIN_SCORE and RULE_MIN_CLOSENESS."""
    config = current_app.config
    return match.score >= config[f"{rule}_MIN_SCORE"] and match.closeness >= config[f"{rule}_MIN_CLOSENESS"]


@dataclass(frozen=True)
class SameAsQuestion:
    """What the author is asked about a new idea, and their answer once given."""

    candidate: Idea
    score: float | None = None
    answer: DuplicateAnswer | None = None


def same_as_question(idea, viewer) -> SameAsQuestion | None:
    """The question to ask the idea's author (or their answer to show back); None for anyone else."""
    if not (viewer and viewer.is_authenticated) or idea.author_id != viewer.id or not idea.is_visible:
        return None
    answer = latest_answer(idea)
    if answer is not None:
        candidate = db.session.get(Idea, answer.candidate_id)
        return SameAsQuestion(candidate, answer=answer) if candidate is not None else None
    match = closest_match(idea, viewer)
    return SameAsQuestion(match.idea, match.score) if match is not None else None


def answer_same_as(idea, candidate, is_same: bool, actor) -> DuplicateAnswer:
    """Record the author's answer to "is your idea the same as …?"; yes also backs the candidate."""
    if not (actor and actor.is_authenticated) or idea.author_id != actor.id:
        raise PermissionDenied(_("Only the idea's author can answer this question."))
    if not idea.is_visible:
        raise DomainError(_("This idea was withdrawn or merged, so there is nothing left to compare."))
    if candidate is None or candidate.id == idea.id or not candidate.is_visible or not can_view_board(actor, candidate.board):
        raise NotFound(_("The idea you compared with no longer exists."))
    answer = _save_answer(idea, candidate, bool(is_same), actor)
    if answer.is_same:
        cast_vote(candidate, actor)
    return answer


def _save_answer(idea, candidate, is_same: bool, actor) -> DuplicateAnswer:
    """Insert or update the pair's answer; a concurrent double-click updates instead of failing."""
    answer = answer_about(idea, candidate)
    if answer is None:
        try:
            with db.session.begin_nested():
                answer = DuplicateAnswer(idea_id=idea.id, candidate_id=candidate.id, is_same=is_same,
                                         answered_by_id=actor.id)
                db.session.add(answer)
            return answer
        except IntegrityError:
            answer = answer_about(idea, candidate)
    answer.is_same, answer.answered_by_id, answer.created_at = is_same, actor.id, utcnow()
    db.session.flush()
    return answer


def _lookup(viewer, doc, board, exclude: set, limit) -> list[SimilarIdea]:
    config = current_app.config
    limit = limit or config.get("SIMILAR_IDEAS_LIMIT", 5)
    index = live_index()
    index.ensure_current()
    hidden = [b.id for b in all_boards() if not can_view_board(viewer, b)]
    board_id = board.id if board is not None else None
    # Load a few spares: one may have been merged or withdrawn by another worker a moment ago.
    matches = _suggestible_matches(index, doc, hidden, exclude, board_id, limit + 3, 4 * limit + 10)
    if not matches:
        return []
    ideas = {idea.id: idea for idea in db.session.scalars(listed_ideas_by_id(m.id for m in matches))}
    found = [
        SimilarIdea(ideas[m.id], m.score, ideas[m.id].board_id == board_id, m.closeness)
        for m in matches
        if m.id in ideas and can_view_board(viewer, ideas[m.id].board)
    ]
    return found[:limit]


def _suggestible_matches(index, doc, hidden: list, exclude: set, board_id, wanted: int, k: int) -> list:
    """Up to `wanted` matches that clear the floors, the draft's board first, one per text; where
    copies of one text fill the k looked up, look further for other ideas."""
    while True:
        found = index.similar(doc, k=k, hidden_boards=hidden, exclude=exclude)
        matches = [m for m in found if _clears(m, "SIMILAR_IDEAS")]
        matches.sort(key=lambda m: index.board_of(m.id) != board_id)  # stable: best first within each group
        matches = _one_per_text(matches, index)
        further = len(found) == k and _clears(found[-1], "SIMILAR_IDEAS") and k < MAX_LOOKUP
        if len(matches) >= wanted or not further:
            return matches[:wanted]
        k = min(4 * k, MAX_LOOKUP)


def _one_per_text(matches: list, index) -> list:
    """The matches without copies of a text already listed: one request posted five times is one
    suggestion (the first, on the draft's board if it is there)."""
    seen, kept = set(), []
    for match in matches:
        code = index.text_code(match.id)
        if code is None or code not in seen:
            kept.append(match)
        seen.add(code)
    return kept
