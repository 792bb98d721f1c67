"""Merge rules, tested without HTTP: links not copies, unique backers, exact undo, audit."""
import pytest
from sqlalchemy import select

from ideabox import signals
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.merging.services import merge_ideas, undo_merge
from ideabox.models import AuditEvent, Comment, IdeaStatus, Merge, Theme, Vote, utcnow
from tests.factories import make_board, make_comment, make_idea, make_user
from tests.factories_merging import make_vote


@pytest.fixture(autouse=True)
def request_context(app):
    """Services translate their messages; Babel's locale selector reads the request."""
    with app.test_request_context():
        yield


@pytest.fixture
def trio(board, customer):
    a = make_idea(board, customer, title="Dark mode for the dashboard")
    b = make_idea(board, customer, title="Night theme please")
    c = make_idea(board, customer, title="Black background option")
    return a, b, c


def test_merge_is_a_link_that_keeps_text_votes_and_comments(trio, pm, customer, other_customer):
    a, b, _ = trio
    make_vote(b, other_customer)
    make_comment(b, other_customer, "Needed at night")
    [merge] = merge_ideas(a, [b], pm)
    db.session.commit()

    assert b.merged_into_id == a.id and b.merged_at is not None
    assert b.title == "Night theme please"
    assert b.vote_count == 1
    assert db.session.scalar(select(Vote.idea_id).where(Vote.user_id == other_customer.id)) == b.id
    assert db.session.scalar(select(Comment.idea_id)) == b.id
    assert merge.primary_idea_id == a.id and merge.merged_idea_id == b.id and merge.merged_by_id == pm.id


def test_union_of_backers_counts_a_person_once_and_loses_nobody(trio, pm, customer, other_customer):
    a, b, c = trio
    third = make_user()
    for idea in trio:
        make_vote(idea, other_customer)  # backs all three duplicates
    make_vote(b, third)
    make_vote(a, customer)
    merge_ideas(a, [b, c], pm)
    db.session.commit()

    assert a.backer_count == 3  # customer, other_customer (once), third
    assert a.vote_count == 2  # its own votes are untouched
    assert (b.vote_count, c.vote_count) == (2, 1)


def test_merge_flattens_chains_and_undo_restores_them(trio, pm, customer, other_customer):
    a, b, c = trio
    make_vote(c, other_customer)
    [first] = merge_ideas(b, [c], pm)
    assert b.backer_count == 1
    c_before = (c.merged_into_id, c.merged_at, c.theme_id, c.status)
    a.status = IdeaStatus.PLANNED
    [second] = merge_ideas(a, [b], pm)
    db.session.commit()
    assert c.status == IdeaStatus.PLANNED

    assert c.merged_into_id == a.id  # re-pointed straight at the idea people see
    assert a.backer_count == 1 and b.backer_count == 0
    assert second.previous_state["repointed"][0]["idea_id"] == c.id

    undo_merge(second, pm)
    db.session.commit()
    assert (b.merged_into_id, c.merged_into_id) == (None, b.id)
    assert (c.merged_into_id, c.merged_at, c.theme_id, c.status) == c_before
    assert (a.backer_count, b.backer_count) == (0, 1)
    assert first.undone_at is None


def test_undo_restores_exact_previous_state_and_counts(board, customer, other_customer, pm):
    theme = Theme(title="Reporting")
    db.session.add(theme)
    db.session.commit()
    a = make_idea(board, customer, status=IdeaStatus.PLANNED)
    b = make_idea(board, customer, status=IdeaStatus.UNDER_REVIEW, theme_id=theme.id)
    make_vote(a, customer)
    make_vote(b, other_customer)
    before = (b.merged_into_id, b.merged_at, b.theme_id, b.status, b.backer_count, a.backer_count)

    [merge] = merge_ideas(a, [b], pm)
    assert (b.status, b.theme_id, a.backer_count) == (IdeaStatus.PLANNED, None, 2)
    undo_merge(merge, pm)
    db.session.commit()

    assert (b.merged_into_id, b.merged_at, b.theme_id, b.status, b.backer_count, a.backer_count) == before
    assert merge.undone_at is not None and merge.undone_by_id == pm.id


def test_undo_twice_is_refused(trio, pm):
    a, b, _ = trio
    [merge] = merge_ideas(a, [b], pm)
    undo_merge(merge, pm)
    with pytest.raises(DomainError, match="already undone"):
        undo_merge(merge, pm)


def test_undo_of_a_merge_folded_into_a_later_one_is_refused(trio, pm):
    a, b, c = trio
    [first] = merge_ideas(b, [c], pm)
    merge_ideas(a, [b], pm)
    with pytest.raises(DomainError, match="undo the later merge first"):
        undo_merge(first, pm)
    assert c.merged_into_id == a.id


@pytest.mark.parametrize("case", ["self", "cycle", "withdrawn", "elsewhere", "again", "empty", "merged-primary"])
def test_refused_merges_change_nothing(trio, pm, case):
    a, b, c = trio
    merge_ideas(b, [c], pm)
    db.session.commit()
    primary, merged, message = {
        "self": (a, [a], "into itself"),
        "cycle": (c, [b], "loop"),
        "withdrawn": (a, [b], "withdrawn"),
        "elsewhere": (a, [c], "undo that merge first"),
        "again": (b, [c], "already merged into this idea"),
        "empty": (a, [], "at least one"),
        "merged-primary": (c, [a], "merge into that one instead"),
    }[case]
    if case == "withdrawn":
        a.withdrawn_at = utcnow()
    merges = db.session.scalar(select(db.func.count(Merge.id)))
    with pytest.raises(DomainError, match=message):
        merge_ideas(primary, merged, pm)
    assert db.session.scalar(select(db.func.count(Merge.id))) == merges
    assert (a.merged_into_id, b.merged_into_id, c.merged_into_id) == (None, None, b.id)


@pytest.mark.parametrize("role", ["customer", "executive"])
def test_only_staff_merge_or_undo(trio, pm, role):
    a, b, _ = trio
    actor = make_user(role=role)
    with pytest.raises(PermissionDenied):
        merge_ideas(a, [b], actor)
    [merge] = merge_ideas(a, [b], pm)
    with pytest.raises(PermissionDenied):
        undo_merge(merge, actor)


def test_admin_may_merge(trio, admin):
    a, b, _ = trio
    assert merge_ideas(a, [b], admin)[0].merged_by_id == admin.id


def test_merge_and_undo_are_audited(trio, pm):
    a, b, c = trio
    merges = merge_ideas(a, [b, c], pm)
    undo_merge(merges[0], pm)
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.subject_id) for e in events] == [
        ("merge", pm.id, a.id), ("merge", pm.id, a.id), ("undo_merge", pm.id, a.id)]
    assert events[0].details["merged_idea_id"] == b.id
    assert events[2].details["merge_id"] == merges[0].id


def test_merge_sends_one_signal_with_all_merged_ideas(trio, pm):
    a, b, c = trio
    received = []

    def listener(sender, **kwargs):
        received.append((sender, kwargs["merged"], kwargs["actor"]))

    with signals.ideas_merged.connected_to(listener):
        merge_ideas(a, [b, c], pm)
    assert received == [(a, [b, c], pm)]


def test_merged_ideas_join_the_primarys_theme(board, customer, pm):
    theme = Theme(title="Dark mode")
    db.session.add(theme)
    db.session.commit()
    a = make_idea(board, customer, theme_id=theme.id, status=IdeaStatus.PLANNED)
    b = make_idea(board, customer)
    merge_ideas(a, [b], pm)
    assert (b.theme_id, b.status) == (theme.id, IdeaStatus.PLANNED)


def test_cross_board_merges_are_allowed(board, private_board, customer, pm):
    a = make_idea(board, customer)
    b = make_idea(private_board, customer)
    other_board = make_board(name="Web")
    c = make_idea(other_board, customer)
    merge_ideas(a, [b, c], pm)
    assert b.merged_into_id == c.merged_into_id == a.id


def test_a_public_idea_is_never_hidden_inside_a_private_one(board, private_board, customer, pm):
    public = make_idea(board, customer)
    private = make_idea(private_board, pm)
    with pytest.raises(DomainError, match="Merge the other way round"):
        merge_ideas(private, [public], pm)
    assert public.merged_into_id is None
