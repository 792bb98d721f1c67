"""Going back on a triage decision: the toast leads to an undo, the audit log undoes merges, the Decided tab
says when a merge was undone, and a group can be reopened."""
import pytest
from sqlalchemy import func, select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.merging.services import undo_merge
from ideabox.models import DismissedPair, Idea, Merge, MergeSuggestion
from ideabox.triage.services import accept_suggestion, dismiss_suggestion, reopen_suggestion
from tests.conftest import login
from tests.factories import make_idea, make_user
from tests.factories_triage import make_suggestion, member_ids


@pytest.fixture
def ideas(board, customer):
    titles = ["Export reports to CSV", "CSV export for reports", "Download report as CSV"]
    return [make_idea(board, make_user(), title=title) for title in titles]


@pytest.fixture
def suggestion(ideas):
    return make_suggestion(ideas, title="CSV export")


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def text(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def merges():
    return db.session.scalars(select(Merge).order_by(Merge.id)).all()


def test_the_toast_leads_to_the_undo_buttons_on_the_kept_ideas_page(client, pm, ideas, suggestion):
    login(client, pm)

    body = text(client.htmx_post(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[1].id}))

    assert f'href="/ideas/{ideas[1].id}#merged-ideas"' in body and "Undo on the kept idea's page" in body
    assert "/merging/audit" not in body
    panel = client.get(f"/ideas/{ideas[1].id}").get_data(as_text=True)
    assert 'id="merged-ideas"' in panel and panel.count('data-testid="undo-merge"') == 2


def test_the_audit_log_undoes_merges_that_can_still_be_undone(client, pm, ideas, suggestion):
    login(client, pm)
    client.post_form(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[0].id})
    first, second = merges()
    log = client.get("/merging/audit").get_data(as_text=True)
    assert log.count('data-testid="undo-merge"') == 2
    assert f'action="/merging/merges/{first.id}/undo"' in log and 'name="csrf_token"' in log

    response = client.post_form(f"/merging/merges/{first.id}/undo", {"back": "audit", "page": "1"})

    assert response.status_code == 303 and response.headers["Location"].endswith("/merging/audit?page=1")
    log = text(client.get("/merging/audit"))
    assert "Undid the merge of “CSV export for reports”." in log
    assert log.count('data-testid="undo-merge"') == 1 and 'data-testid="merge-undone"' in log
    assert db.session.get(Merge, first.id).undone_at is not None
    assert db.session.get(Idea, ideas[1].id).merged_into_id is None


def test_the_audit_log_offers_no_undo_for_a_merge_merged_over(client, app, pm, ideas, board):
    other = make_idea(board, make_user(), title="Spreadsheet export")
    login(client, pm)
    client.post_form("/triage/merge", {"primary_id": ideas[0].id, "merged_id": ideas[1].id})
    client.post_form("/triage/merge", {"primary_id": other.id, "merged_id": ideas[0].id})
    log = client.get("/merging/audit").get_data(as_text=True)
    # #2 now points at `other` through the later merge: only the later merge can be undone first.
    assert log.count('data-testid="undo-merge"') == 1
    assert f'action="/merging/merges/{merges()[1].id}/undo"' in log


def test_an_undo_refused_from_the_audit_log_comes_back_to_it(client, pm, ideas, suggestion):
    login(client, pm)
    client.post_form(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[0].id})
    merge = merges()[0]
    client.post_form(f"/merging/merges/{merge.id}/undo", {"back": "audit"})
    again = client.post_form(f"/merging/merges/{merge.id}/undo", {"back": "audit"}, follow_redirects=True)
    assert again.request.path == "/merging/audit" and "already undone" in text(again)


def test_the_decided_tab_says_undone_and_reopens_the_group(client, app, pm, ideas, suggestion):
    login(client, pm)
    client.post_form(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[0].id})
    history = client.get("/triage/history").get_data(as_text=True)
    assert ">Accepted<" in history and 'data-action="reopen"' not in history

    first, second = merges()
    with app.test_request_context():
        undo_merge(first, pm)
    db.session.commit()
    partly = client.get("/triage/history").get_data(as_text=True)
    assert ">Accepted<" in partly and "some of its merges were undone since" in partly

    with app.test_request_context():
        undo_merge(second, pm)
    db.session.commit()
    undone = client.get("/triage/history").get_data(as_text=True)
    assert ">Undone<" in undone and ">Accepted<" not in undone and 'data-action="reopen"' in undone

    response = client.htmx_post(f"/triage/suggestions/{suggestion.id}/reopen")

    body = text(response)
    assert "Reopened: the group is back among the suggested duplicates." in body
    assert 'data-action="accept"' in body and 'id="pending-count" hx-swap-oob="true">1<' in body
    assert db.session.get(MergeSuggestion, suggestion.id).state == "pending"
    assert f'id="group-{suggestion.id}"' in client.get("/triage/").get_data(as_text=True)


def test_a_dismissed_group_can_be_reopened_and_suggested_again(client, app, pm, ideas, suggestion):
    login(client, pm)
    client.post_form(f"/triage/suggestions/{suggestion.id}/dismiss")
    assert db.session.scalar(select(func.count(DismissedPair.id))) == 3
    assert 'data-action="reopen"' in client.get("/triage/history").get_data(as_text=True)

    response = client.post_form(f"/triage/suggestions/{suggestion.id}/reopen")

    assert response.status_code == 303 and response.headers["Location"].endswith(f"/triage/#group-{suggestion.id}")
    reopened = db.session.get(MergeSuggestion, suggestion.id)
    assert (reopened.state, reopened.decided_at, reopened.decided_by_id) == ("pending", None, None)
    assert db.session.scalar(select(func.count(DismissedPair.id))) == 0
    assert member_ids(suggestion) == [idea.id for idea in ideas]


def test_reopening_keeps_pairs_dismissed_by_other_decisions(request_context, pm, ideas, board, suggestion):
    outsider = make_idea(board, make_user(), title="Outsider")
    other = make_suggestion([ideas[0], outsider])
    dismiss_suggestion(other, pm)
    dismiss_suggestion(suggestion, pm)
    reopen_suggestion(suggestion, pm)
    pairs = db.session.execute(select(DismissedPair.low_idea_id, DismissedPair.high_idea_id)).all()
    assert [tuple(pair) for pair in pairs] == [(ideas[0].id, outsider.id)]


def test_reopening_drops_ideas_merged_since_and_needs_two(request_context, pm, ideas, board, suggestion):
    dismiss_suggestion(suggestion, pm)
    from ideabox.merging.services import merge_ideas
    merge_ideas(ideas[0], [ideas[1]], pm)
    reopen_suggestion(suggestion, pm)
    assert member_ids(suggestion) == [ideas[0].id, ideas[2].id]

    pair = make_suggestion(ideas[:2])
    dismiss_suggestion(pair, pm)
    with pytest.raises(DomainError, match="Fewer than two"):
        reopen_suggestion(pair, pm)


def test_an_accepted_group_with_merges_in_force_cannot_be_reopened(client, request_context, pm, ideas, suggestion):
    accept_suggestion(suggestion, ideas[0].id, pm)
    with pytest.raises(DomainError, match="Only a dismissed group"):
        reopen_suggestion(suggestion, pm)
    pending = make_suggestion([ideas[0], make_idea(ideas[0].board, make_user())])
    with pytest.raises(DomainError, match="Only a dismissed group"):
        reopen_suggestion(pending, pm)


def test_a_group_accepted_again_after_reopening_counts_only_its_new_merges(request_context, pm, ideas, suggestion):
    from ideabox.triage.queries import undo_states

    accept_suggestion(suggestion, ideas[0].id, pm)
    for merge in merges():
        undo_merge(merge, pm)
    assert undo_states([suggestion]) == {suggestion.id: "undone"}
    reopen_suggestion(suggestion, pm)
    accept_suggestion(suggestion, ideas[1].id, pm)
    assert undo_states([suggestion]) == {}


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("customer", 403), ("executive", 403)])
def test_only_pms_reopen(client, as_role, role, status, app, pm, suggestion):
    with app.test_request_context():
        dismiss_suggestion(suggestion, pm)
    db.session.commit()
    as_role(role)
    assert client.post_form(f"/triage/suggestions/{suggestion.id}/reopen").status_code == status
    assert db.session.get(MergeSuggestion, suggestion.id).state == "dismissed"
