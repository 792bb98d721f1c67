"""A group's title (QA): one a PM saved outlives a recompute of the same ideas, and an engine title follows the
ideas when the idea it named leaves the group ("Assign a task to more than one person" stayed after #263 left)."""
import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.merging.services import merge_ideas
from ideabox.models import MergeSuggestion
from ideabox.triage import services
from ideabox.triage.grouping import Group
from ideabox.triage.titles import keep_pms_titles
from tests import factories
from tests.conftest import login
from tests.factories_triage import GROUPS, make_suggestion, seed_corpus

TITLES = ["Assign a task to more than one person", "Several assignees per task", "Shared ownership of tasks",
          "Two people on one card", "Co-owners for a card"]


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():  # services phrase their errors in the viewer's language
        yield


@pytest.fixture
def ideas(board):
    return [factories.make_idea(board, factories.make_user(), title=title) for title in TITLES]


def engine_titled(ideas):
    """A group as a recompute stores it: titled after its lead (most central) idea."""
    return make_suggestion(ideas, title=ideas[0].title)


def title_of(suggestion) -> str:
    return db.session.scalar(select(MergeSuggestion.proposed_title).where(MergeSuggestion.id == suggestion.id))


def pending_titles(corpus) -> dict[frozenset, str]:
    key_of = {idea.id: key for key, idea in corpus.items()}
    groups = db.session.scalars(select(MergeSuggestion).where(MergeSuggestion.state == "pending"))
    return {frozenset(key_of[m.idea_id] for m in group.members): group.proposed_title for group in groups}


# After a split, a removal or a merge: the engine's title follows the ideas, a PM's stays.

def test_the_group_left_by_a_split_takes_the_title_of_its_new_lead(pm, ideas):
    group = engine_titled(ideas)

    new = services.split_suggestion(group, [ideas[0].id, ideas[3].id], pm)

    assert title_of(group) == "Several assignees per task"
    assert new.proposed_title == "Assign a task to more than one person"


def test_removing_the_idea_a_group_was_named_after_renames_it(pm, ideas):
    group = engine_titled(ideas)

    services.remove_member(group, ideas[0].id, pm)

    assert title_of(group) == "Several assignees per task"


def test_a_title_still_naming_an_idea_of_the_group_stays(pm, ideas):
    group = engine_titled(ideas)

    services.remove_member(group, ideas[2].id, pm)
    services.split_suggestion(group, [ideas[3].id, ideas[4].id], pm)

    assert title_of(group) == "Assign a task to more than one person"


def test_an_idea_merged_elsewhere_takes_its_title_from_the_group(pm, ideas, board):
    group = engine_titled(ideas)
    elsewhere = factories.make_idea(board, factories.make_user(), title="Task owners")

    merge_ideas(elsewhere, [ideas[0]], pm)

    assert title_of(group) == "Several assignees per task"


def test_a_title_a_pm_saved_stays_through_splits_and_removals(pm, ideas):
    group = engine_titled(ideas)
    services.rename_suggestion(group, "Multiple assignees", pm)

    services.split_suggestion(group, [ideas[0].id, ideas[1].id], pm)
    services.remove_member(group, ideas[2].id, pm)

    assert title_of(group) == "Multiple assignees"


def test_a_pm_who_saved_the_lead_idea_s_own_title_keeps_it(pm, ideas):
    group = engine_titled(ideas)
    services.rename_suggestion(group, ideas[0].title, pm)

    services.remove_member(group, ideas[0].id, pm)

    assert title_of(group) == "Assign a task to more than one person"


def test_the_audit_log_names_the_group_by_the_title_the_pm_saw(pm, ideas):
    from ideabox.models import AuditEvent

    group = engine_titled(ideas)
    services.remove_member(group, ideas[0].id, pm)

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "remove_from_suggestion"))
    assert event.details["title"] == "Assign a task to more than one person"


# At a recompute: which new group keeps a PM's title.

def groups_of(*id_lists) -> list[Group]:
    return [Group(list(ids), f"Engine title {n}") for n, ids in enumerate(id_lists)]


def test_a_recomputed_group_of_the_same_ideas_keeps_the_pm_s_title(pm, ideas):
    ids = [idea.id for idea in ideas]
    services.rename_suggestion(engine_titled(ideas[:3]), "Multiple assignees", pm)
    engine_titled(ideas[3:])  # its title is the engine's: the new group's stays the engine's too

    groups = groups_of(ids[:3], ids[3:])
    keep_pms_titles(groups)

    assert [group.label for group in groups] == ["Multiple assignees", "Engine title 1"]


@pytest.mark.parametrize("new_ids, kept", [
    ([0, 1, 2, 3], True),  # one more idea: 3 of 4 in both
    ([1, 2], True),  # one fewer (merged since): 2 of 3
    ([2, 3], False),  # 1 of 4: another group
    ([0, 1, 3, 4], False),  # 2 of 5
])
def test_a_recomputed_group_keeps_a_pm_s_title_when_most_of_its_ideas_are_the_same(pm, ideas, new_ids, kept):
    services.rename_suggestion(engine_titled(ideas[:3]), "Multiple assignees", pm)

    groups = groups_of([ideas[n].id for n in new_ids])
    keep_pms_titles(groups)

    assert (groups[0].label == "Multiple assignees") is kept


def test_a_recomputed_group_takes_the_title_of_the_pending_group_most_like_it(pm, ideas):
    """Pending groups overlap when one was reopened; a new group takes one title, of the one sharing most."""
    services.rename_suggestion(engine_titled(ideas[:3]), "Multiple assignees", pm)
    services.rename_suggestion(engine_titled(ideas[1:5]), "Shared tasks", pm)

    groups = groups_of([idea.id for idea in ideas[:4]])  # 3 of the first's 4 ideas in all, 3 of the second's 5
    keep_pms_titles(groups)

    assert groups[0].label == "Multiple assignees"


def test_the_inbox_keeps_a_saved_title_through_recomputes(client, pm, board):
    corpus = seed_corpus(board)
    login(client, pm)
    client.post_form("/triage/runs")
    csv = next(group for group in db.session.scalars(select(MergeSuggestion).where(MergeSuggestion.state == "pending"))
               if len(group.members) == 3)
    engine_title = csv.proposed_title

    said = client.post_form(f"/triage/suggestions/{csv.id}/rename", {"title": "Spreadsheet exports"},
                            follow_redirects=True)
    assert "Theme title saved." in said.get_data(as_text=True)
    for _ in range(2):  # the title it kept is still the PM's at the next recompute
        client.post_form("/triage/runs")
        titles = pending_titles(corpus)
        assert titles[frozenset(GROUPS["csv"])] == "Spreadsheet exports"
        assert engine_title not in titles.values()
    assert list(titles.values()).count("Spreadsheet exports") == 1
    assert "Spreadsheet exports" in client.get("/triage/").get_data(as_text=True)
