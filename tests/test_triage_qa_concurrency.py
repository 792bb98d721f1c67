"""Two PMs deciding the same group at the same moment (QA): the decisions take turns, so the outcome is one of the
two orders they could have come in, and the later one, finding the group decided, is refused and changes nothing.
Both once succeeded: a group ended "Dismissed" though its ideas were merged into a new theme."""
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, Event

import pytest
from sqlalchemy import select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import DismissedPair, Idea, MergeSuggestion, SuggestionMember, Theme, User
from ideabox.triage import queries
from ideabox.triage.services import (
    accept_suggestion, dismiss_suggestion, remove_member, rename_suggestion, split_suggestion,
)
from tests.factories import make_idea, make_user
from tests.factories_triage import make_suggestion

# Each decision on a group of four ideas, given the group, its ideas' ids (most central first) and the PM.
DECISIONS = {
    "accept": lambda group, ids, pm: accept_suggestion(group, ids[0], pm),
    "dismiss": lambda group, ids, pm: dismiss_suggestion(group, pm),
    "remove": lambda group, ids, pm: remove_member(group, ids[3], pm),
    "split": lambda group, ids, pm: split_suggestion(group, ids[2:], pm),
    "rename": lambda group, ids, pm: rename_suggestion(group, "Exports of every kind", pm),
}


def four_ideas(board) -> list[Idea]:
    titles = ["Export reports to CSV", "CSV export for reports", "Download report as CSV", "Excel export"]
    return [make_idea(board, make_user(), title=title) for title in titles]


def load(group_id: int) -> MergeSuggestion:
    """The group as the view loads it, before it validates the form and acts."""
    return db.session.scalar(queries.suggestion_with_members(group_id))


def act(group: MergeSuggestion, decision: str, pm_id: int):
    """Make one decision and commit it; None, or why it was refused."""
    ids = [member.idea_id for member in group.members]
    try:
        DECISIONS[decision](group, ids, db.session.get(User, pm_id))
    except DomainError as refusal:
        db.session.rollback()
        return refusal.message
    db.session.commit()
    return None


def at_once(app, group_id: int, decisions: tuple, pm_ids: tuple) -> list:
    """Each decision in its own thread, app context and session, the group loaded before both are released."""
    both_loaded = Barrier(2, timeout=30)  # a thread failing before it breaks the barrier instead of hanging

    def one(n):
        with app.app_context(), app.test_request_context():
            group = load(group_id)
            both_loaded.wait()
            return act(group, decisions[n], pm_ids[n])

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, range(2)))


def in_turn(app, group_id: int, decisions: tuple, pm_ids: tuple) -> list:
    """Both threads load the group; the first decides and commits before the second acts on what it loaded."""
    both_loaded, first_done = Barrier(2, timeout=30), Event()

    def one(n):
        with app.app_context(), app.test_request_context():
            group = load(group_id)
            both_loaded.wait()
            if n == 1:
                first_done.wait(timeout=30)
            try:
                return act(group, decisions[n], pm_ids[n])
            finally:
                first_done.set()

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, range(2)))


def outcome(ideas: list[Idea]) -> dict:
    """What the decisions left of a group of these ideas, by each idea's place in it (0-3): comparable between
    copies of the same group."""
    db.session.expire_all()
    place = {idea.id: n for n, idea in enumerate(ideas)}
    holding = select(SuggestionMember.suggestion_id).where(SuggestionMember.idea_id.in_(place))
    groups = db.session.scalars(select(MergeSuggestion).where(MergeSuggestion.id.in_(holding)))
    rows = [db.session.get(Idea, idea.id) for idea in ideas]
    themes = {}
    for row in rows:
        if row.theme_id is not None:
            themes.setdefault(db.session.get(Theme, row.theme_id).title, set()).add(place[row.id])
    pairs = db.session.execute(select(DismissedPair.low_idea_id, DismissedPair.high_idea_id)
                               .where(DismissedPair.low_idea_id.in_(place)))
    return {
        "groups": sorted((g.state, g.proposed_title, sorted(place[m.idea_id] for m in g.members)) for g in groups),
        "merged into": [place.get(row.merged_into_id) for row in rows],
        "themes": sorted((title, sorted(members)) for title, members in themes.items()),
        "not duplicates": sorted((place[low], place[high]) for low, high in pairs),
    }


def one_after_the_other(app, board, decisions, pm_ids, order) -> tuple:
    """What two decisions give, the second made once the first is committed, on a new copy of the group."""
    ideas = four_ideas(board)
    group = make_suggestion(ideas, title="Report exports")
    with app.test_request_context():
        said = {n: act(load(group.id), decisions[n], pm_ids[n]) for n in order}
    return outcome(ideas), sorted(filter(None, said.values()))


PAIRS = [("accept", "dismiss"), ("accept", "remove"), ("accept", "split"), ("accept", "rename"),
         ("dismiss", "split"), ("dismiss", "dismiss")]


def two_pms():
    return tuple(make_user(role="pm", display_name=name).id for name in ("Pat PM", "Robin PM"))


@pytest.mark.parametrize("decisions", PAIRS + [pair[::-1] for pair in PAIRS[:-1]], ids="-then-".join)
def test_a_decision_on_a_group_shown_before_another_was_made_acts_on_what_that_one_left(app, board, decisions):
    pm_ids = two_pms()
    expected = one_after_the_other(app, board, decisions, pm_ids, (0, 1))
    ideas = four_ideas(board)
    group = make_suggestion(ideas, title="Report exports")

    said = in_turn(app, group.id, decisions, pm_ids)

    assert (outcome(ideas), sorted(filter(None, said))) == expected, said
    assert said[0] is None


@pytest.mark.parametrize("decisions", PAIRS, ids="-and-".join)
def test_two_decisions_on_one_group_at_once_take_turns(app, board, decisions):
    pm_ids = two_pms()
    expected = [one_after_the_other(app, board, decisions, pm_ids, order) for order in ((0, 1), (1, 0))]

    ideas = four_ideas(board)
    group = make_suggestion(ideas, title="Report exports")
    said = at_once(app, group.id, decisions, pm_ids)

    assert (outcome(ideas), sorted(filter(None, said))) in expected, said
    # The later decision heard the group was decided, unless the earlier one left it pending (a member removed or
    # split off, a new title), when the later one acts on what it left.
    for refusal in filter(None, said):
        assert refusal in ("This group was already accepted.", "This group was already dismissed."), refusal
