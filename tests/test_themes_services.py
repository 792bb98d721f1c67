"""Theme services: membership keeps merged duplicates along, splits are audited, status fans out once."""
import pytest
from sqlalchemy import select

from ideabox import signals
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.merging.services import merge_ideas, undo_merge
from ideabox.models import AuditEvent, IdeaStatus, StatusChange, Theme
from ideabox.themes.queries import can_view_theme, theme_audience_user_ids, theme_backers
from ideabox.themes.services import (
    accept_group,
    add_to_theme,
    create_theme,
    remove_from_theme,
    rename_theme,
    set_theme_status,
    split_theme,
)
from tests.factories import make_customer_account, make_idea, make_user
from tests.factories_merging import make_proxy_vote, make_vote


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def ideas(board, customer):
    return [make_idea(board, customer, title=f"Export idea {n}") for n in range(4)]


def actions():
    return [event.action for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_create_theme_takes_merged_duplicates_along(ideas, pm):
    a, b, c, _ = ideas
    merge_ideas(a, [b], pm)
    theme = create_theme("  CSV   export ", [a, c], pm)
    db.session.commit()
    assert theme.title == "CSV export"
    assert {a.theme_id, b.theme_id, c.theme_id} == {theme.id}
    assert actions() == ["merge", "create_theme"]


def test_a_merged_idea_stands_for_its_primary(ideas, pm):
    a, b, _, _ = ideas
    merge_ideas(a, [b], pm)
    theme = create_theme("Exports", [b], pm)
    assert a.theme_id == theme.id


def test_theme_backers_are_unique_across_members_duplicates_and_accounts(ideas, pm, customer, other_customer):
    a, b, c, d = ideas
    for idea in (a, b, c):
        make_vote(idea, other_customer)
    make_vote(c, customer)
    acme = make_customer_account()
    make_proxy_vote(a, acme, pm)
    make_proxy_vote(c, acme, pm)
    make_vote(d, make_user())  # not in the theme
    merge_ideas(a, [b], pm)
    theme = create_theme("Exports", [a, c], pm)
    assert theme_backers(theme) == 3  # other_customer, customer, Acme
    assert set(theme_audience_user_ids(theme.id)) == {other_customer.id, customer.id}


def test_add_and_remove_keep_duplicates_with_their_primary(ideas, pm):
    a, b, c, d = ideas
    theme = create_theme("Exports", [a], pm)
    merge_ideas(c, [d], pm)
    add_to_theme(theme, [c], pm)
    assert d.theme_id == theme.id
    with pytest.raises(DomainError, match="already in this theme"):
        add_to_theme(theme, [c], pm)
    remove_from_theme(theme, [c], pm)
    assert (c.theme_id, d.theme_id, a.theme_id) == (None, None, theme.id)
    with pytest.raises(DomainError, match="not an idea of this theme"):
        remove_from_theme(theme, [b], pm)
    assert actions()[-2:] == ["add_to_theme", "remove_from_theme"]


def test_split_moves_ideas_to_a_new_theme_and_is_audited(ideas, pm):
    a, b, c, _ = ideas
    theme = create_theme("Exports", [a, b, c], pm)
    set_theme_status(theme, IdeaStatus.PLANNED, pm)
    new = split_theme(theme, [c], pm, "PDF export")
    db.session.commit()
    assert (new.title, new.status, c.theme_id) == ("PDF export", IdeaStatus.PLANNED, new.id)
    assert a.theme_id == b.theme_id == theme.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "split_theme"))
    assert (event.actor_id, event.subject_id, event.details["idea_ids"]) == (pm.id, theme.id, [c.id])


@pytest.mark.parametrize("which, title, message", [
    ("all", "New", "Leave at least one idea"),
    ("none", "New", "at least one"),
    ("outsider", "New", "not an idea of this theme"),
    ("one", "", "title"),
    ("one", "x" * 141, "at most 140"),
])
def test_bad_splits_change_nothing(ideas, pm, which, title, message):
    a, b, _, d = ideas
    theme = create_theme("Exports", [a, b], pm)
    chosen = {"all": [a, b], "none": [], "outsider": [d], "one": [b]}[which]
    with pytest.raises(DomainError, match=message):
        split_theme(theme, chosen, pm, title)
    assert db.session.scalar(select(db.func.count(Theme.id))) == 1
    assert a.theme_id == b.theme_id == theme.id


def test_rename_validates(ideas, pm):
    theme = create_theme("Exports", ideas[:1], pm)
    rename_theme(theme, "Data export", pm, description="All export formats")
    assert (theme.title, theme.description) == ("Data export", "All export formats")
    with pytest.raises(DomainError):
        rename_theme(theme, " ", pm)
    assert theme.title == "Data export"


def test_set_status_moves_every_idea_and_signals_once(ideas, pm):
    a, b, c, _ = ideas
    merge_ideas(a, [b], pm)
    theme = create_theme("Exports", [a, c], pm)
    received = []

    def listener(sender, **kwargs):
        received.append((sender, kwargs))

    with signals.theme_status_changed.connected_to(listener):
        changes = set_theme_status(theme, "shipped", pm, note="Out now", release_note="CSV and PDF")
    db.session.commit()
    assert {a.status, b.status, c.status, theme.status} == {IdeaStatus.SHIPPED}
    assert theme.shipped_at is not None
    assert sorted(change.idea_id for change in changes) == sorted([a.id, c.id])  # not the duplicate
    assert {row.note for row in db.session.scalars(select(StatusChange))} == {"Out now"}
    assert len(received) == 1
    sender, kwargs = received[0]
    assert sender is theme and kwargs["to_status"] == IdeaStatus.SHIPPED and kwargs["release_note"] == "CSV and PDF"
    assert kwargs["from_status"] == IdeaStatus.OPEN and kwargs["actor"] is pm


@pytest.mark.parametrize("status, note, message", [
    ("bogus", "", "valid status"),
    ("open", "", "already in that status"),
    ("planned", "n" * 5001, "at most"),
])
def test_bad_status_changes_are_refused(ideas, pm, status, note, message):
    theme = create_theme("Exports", ideas[:1], pm)
    with pytest.raises(DomainError, match=message):
        set_theme_status(theme, status, pm, note=note)
    assert theme.status == IdeaStatus.OPEN
    assert db.session.scalar(select(db.func.count(StatusChange.id))) == 0


@pytest.mark.parametrize("role", ["customer", "executive"])
def test_only_staff_change_themes(ideas, pm, role):
    actor = make_user(role=role)
    with pytest.raises(PermissionDenied):
        create_theme("Exports", ideas[:1], actor)
    theme = create_theme("Exports", ideas[:2], pm)
    for call in (lambda: rename_theme(theme, "X", actor), lambda: set_theme_status(theme, "planned", actor),
                 lambda: split_theme(theme, ideas[1:2], actor, "New"), lambda: add_to_theme(theme, ideas[2:3], actor),
                 lambda: remove_from_theme(theme, ideas[1:2], actor)):
        with pytest.raises(PermissionDenied):
            call()


def test_accept_group_merges_and_becomes_a_theme_or_joins_the_primarys(ideas, pm):
    a, b, c, d = ideas
    theme = accept_group(a, [b], pm, "Exports")
    assert (theme.title, a.theme_id, b.theme_id, b.merged_into_id) == ("Exports", theme.id, theme.id, a.id)
    assert accept_group(a, [c], pm, "Ignored title") == theme
    assert c.theme_id == theme.id


def test_undo_takes_the_duplicate_back_to_its_old_theme(ideas, pm):
    a, b, _, _ = ideas
    old = create_theme("Old", [b], pm)
    create_theme("New", [a], pm)
    [merge] = merge_ideas(a, [b], pm)
    assert b.theme_id == a.theme_id
    undo_merge(merge, pm)
    assert b.theme_id == old.id


def test_themes_of_private_boards_are_hidden_from_outsiders(private_board, board, customer, pm, executive):
    secret = create_theme("Secret", [make_idea(private_board, pm)], pm)
    mixed = create_theme("Mixed", [make_idea(private_board, pm), make_idea(board, customer)], pm)
    assert not can_view_theme(customer, secret) and not can_view_theme(None, secret)
    assert can_view_theme(executive, secret) and can_view_theme(pm, secret)
    assert can_view_theme(customer, mixed)
