"""The triage inbox over HTTP: who may use it, each decision on a group, bad input."""
import pytest
from sqlalchemy import event, func, select

from ideabox.extensions import db
from ideabox.models import (
    AuditEvent, ClusteringRun, DismissedPair, DuplicateAnswer, Idea, Merge, MergeSuggestion, Theme,
)
import ideabox.triage.subscribers  # noqa: F401  (until the factory wires it: keeps these tests honest either way)
from ideabox.models import utcnow
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_merging import make_vote
from tests.factories_triage import member_ids, make_suggestion, seed_corpus


@pytest.fixture
def ideas(board, customer):
    titles = ["Export reports to CSV", "CSV export for reports", "Download report as CSV", "Spreadsheet export"]
    return [factories.make_idea(board, factories.make_user(), title=title) for title in titles]


@pytest.fixture
def suggestion(ideas):
    return make_suggestion(ideas, title="CSV export")


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def post_routes(s, ideas):
    """Every POST route with input that succeeds for a PM."""
    return [
        (f"/triage/suggestions/{s.id}/accept", {"primary_id": ideas[0].id}),
        (f"/triage/suggestions/{s.id}/dismiss", {}),
        (f"/triage/suggestions/{s.id}/remove", {"remove_id": ideas[3].id}),
        (f"/triage/suggestions/{s.id}/split", {"split_ids": [ideas[2].id, ideas[3].id]}),
        (f"/triage/suggestions/{s.id}/rename", {"title": "Spreadsheet exports"}),
        ("/triage/runs", {}),
        ("/triage/merge", {"primary_id": ideas[0].id, "merged_id": ideas[1].id}),
    ]


GET_ROUTES = ["/triage/", "/triage/history", "/triage/duplicates", "/triage/duplicates?q=CSV"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_for_pms_and_admins_only(client, as_role, role, suggestion):
    as_role(role)
    run = ClusteringRun(state="finished", backend="hybrid")
    db.session.add(run)
    db.session.commit()
    for url in [*GET_ROUTES, f"/triage/runs/{run.id}"]:
        response = client.get(url, headers={"HX-Request": "true"} if "/runs/" in url else {})
        expected = {"anonymous": 302, "customer": 403, "executive": 403}.get(role, 200)
        assert response.status_code == expected, url
        if role == "anonymous":
            assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("index", range(7))
def test_every_action_is_for_pms_and_admins_only(client, as_role, role, index, suggestion, ideas):
    as_role(role)
    url, data = post_routes(suggestion, ideas)[index]

    response = client.post_form(url, data)

    if role in ("pm", "admin"):
        assert response.status_code == 303, (url, response.get_data(as_text=True)[:500])
        return
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert db.session.get(MergeSuggestion, suggestion.id).state == "pending"
    assert member_ids(suggestion) == [i.id for i in ideas]
    assert count(DismissedPair) == count(Merge) == count(ClusteringRun) == 0


@pytest.mark.parametrize("index", range(7))
def test_actions_without_csrf_token_are_refused(client, pm, index, suggestion, ideas):
    login(client, pm)
    url, data = post_routes(suggestion, ideas)[index]

    response = client.post(url, data=data)

    assert response.status_code == 400
    assert db.session.get(MergeSuggestion, suggestion.id).state == "pending"
    assert count(Merge) == count(DismissedPair) == count(ClusteringRun) == 0


def test_inbox_shows_groups_by_backers_united_with_member_details(client, pm, board, ideas, suggestion):
    other = [factories.make_idea(board, factories.make_user(), title=t) for t in ("Dark mode", "Night theme")]
    for n in range(6):
        make_vote(other[0], factories.make_user())
    bigger = make_suggestion(other, title="Dark mode")
    db.session.add(DuplicateAnswer(idea_id=other[1].id, candidate_id=other[0].id, is_same=True))
    db.session.add(DuplicateAnswer(idea_id=ideas[1].id, candidate_id=ideas[0].id, is_same=False))
    db.session.commit()
    login(client, pm)

    body = client.get("/triage/").get_data(as_text=True)

    assert body.index(f'id="group-{bigger.id}"') < body.index(f'id="group-{suggestion.id}"')
    assert "Night theme" in body and board.name in body and "6</strong> backers" in body
    assert body.count('data-testid="same-signal"') == 1
    assert f"Author: same as #{other[0].id}" in body
    assert 'value="CSV export"' in body and "keyword" in body


def test_inbox_query_count_does_not_grow_with_groups(client, pm, board):
    login(client, pm)

    def queries_for_inbox():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        assert client.get("/triage/").status_code == 200
        event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    def add_groups(n):
        for _ in range(n):
            make_suggestion([factories.make_idea(board, factories.make_user()) for _ in range(3)])

    add_groups(2)
    few = queries_for_inbox()
    add_groups(8)
    assert queries_for_inbox() == few


def test_accept_merges_into_the_chosen_primary_and_creates_the_theme(client, pm, ideas, suggestion):
    login(client, pm)

    response = client.post_form(f"/triage/suggestions/{suggestion.id}/accept",
                                {"primary_id": ideas[2].id, "title": "  Export reports  "})

    assert response.status_code == 303
    decided = db.session.get(MergeSuggestion, suggestion.id)
    assert decided.state == "accepted" and decided.decided_by_id == pm.id and decided.decided_at
    theme = db.session.scalar(select(Theme))
    assert theme.title == "Export reports"
    for idea in ideas:
        db.session.refresh(idea)
        assert idea.theme_id == theme.id
        assert idea.merged_into_id == (None if idea.id == ideas[2].id else ideas[2].id)
    assert {m.suggestion_id for m in db.session.scalars(select(Merge))} == {suggestion.id}
    assert count(AuditEvent, AuditEvent.action == "merge") == 3
    page = client.get("/triage/").get_data(as_text=True)
    assert f'id="group-{suggestion.id}"' not in page
    assert "Merged 3 ideas into “Download report as CSV”" in page


def test_accept_takes_merged_ideas_out_of_other_pending_groups(client, pm, board, ideas, suggestion):
    extra = factories.make_idea(board, factories.make_user(), title="Excel export")
    overlapping = make_suggestion([ideas[1], ideas[2], extra])
    pair = make_suggestion([ideas[3], extra])
    left_alone = make_suggestion([ideas[0], extra])
    login(client, pm)

    client.post_form(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[0].id})

    assert member_ids(overlapping) == [extra.id]
    assert db.session.get(MergeSuggestion, overlapping.id).state == "superseded"
    assert db.session.get(MergeSuggestion, pair.id).state == "superseded"
    assert db.session.get(MergeSuggestion, left_alone.id).state == "pending"
    assert member_ids(left_alone) == [ideas[0].id, extra.id]


def test_accept_joins_the_primary_theme(client, pm, ideas, suggestion):
    from ideabox.themes.services import create_theme

    with client.application.test_request_context():
        theme = create_theme("Reporting", [ideas[1]], pm)
    db.session.commit()
    login(client, pm)

    client.post_form(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[1].id, "title": "Ignored"})

    assert count(Theme) == 1
    assert {db.session.get(Idea, i.id).theme_id for i in ideas} == {theme.id}
    history = client.get("/triage/history").get_data(as_text=True)
    assert "Reporting" in history and "Ignored" not in history  # the theme it joined, not the unused proposal


def test_backers_united_follows_votes_and_merges_made_since_the_recompute(client, pm, board, ideas, suggestion):
    from ideabox.ideas.services import cast_vote, retract_vote

    login(client, pm)
    before = db.session.get(MergeSuggestion, suggestion.id).backers_united
    newcomer = factories.make_user()
    with client.application.test_request_context():
        cast_vote(ideas[0], newcomer)
    db.session.commit()
    assert db.session.get(MergeSuggestion, suggestion.id).backers_united == before + 1

    outside = factories.make_idea(board, factories.make_user(), title="Excel download of reports")
    for voter in (factories.make_user(), factories.make_user(), newcomer):
        make_vote(outside, voter)
    united_now = before + 1 + db.session.get(Idea, outside.id).backer_count - 1  # the newcomer counts once
    client.post_form("/triage/merge", {"primary_id": ideas[1].id, "merged_id": outside.id})
    db.session.expire_all()
    assert db.session.get(MergeSuggestion, suggestion.id).backers_united == united_now
    assert f'data-testid="backers-united">{united_now}<' in client.get("/triage/").get_data(as_text=True)

    with client.application.test_request_context():
        retract_vote(db.session.get(Idea, ideas[0].id), newcomer)
    db.session.commit()
    assert db.session.get(MergeSuggestion, suggestion.id).backers_united == united_now  # still backs the merged one


def test_accept_with_htmx_removes_the_card_and_updates_the_count(client, pm, ideas, suggestion):
    login(client, pm)

    response = client.htmx_post(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[0].id})

    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.vary
    assert 'data-testid="group"' not in body
    assert 'id="triage-toast"' in body and 'hx-swap-oob="true"' in body
    assert 'id="pending-count" hx-swap-oob="true">0<' in body
    theme = db.session.scalar(select(Theme))
    assert f'href="/themes/{theme.id}"' in body and "View theme" in body


@pytest.mark.parametrize("data, message", [
    ({"primary_id": "999999"}, "Choose the primary idea among the ideas of this group."),
    ({}, "Choose the primary idea to keep."),
    ({"primary_id": "abc"}, "Not a valid integer value."),
    ({"primary_id": "1", "title": "x" * 141}, "Field cannot be longer than 140 characters."),
])
def test_accept_with_bad_input_explains_and_changes_nothing(client, pm, ideas, suggestion, data, message):
    login(client, pm)

    response = client.post_form(f"/triage/suggestions/{suggestion.id}/accept", data)
    htmx = client.htmx_post(f"/triage/suggestions/{suggestion.id}/accept", data)

    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert htmx.status_code == 200 and message in htmx.get_data(as_text=True)
    assert 'data-testid="group-error"' in htmx.get_data(as_text=True)
    assert db.session.get(MergeSuggestion, suggestion.id).state == "pending"
    assert count(Merge) == 0 and count(Theme) == 0


def test_an_htmx_answer_shows_its_own_outcome_only(client, pm, board, ideas):
    """After a merge, a failing split answers with its error and empties the toast of "Merged…" (and any
    group's earlier error) instead of leaving it on screen beside the error."""
    merged, other = make_suggestion(ideas[:2]), make_suggestion(ideas[2:])
    login(client, pm)

    accepted = client.htmx_post(f"/triage/suggestions/{merged.id}/accept", {"primary_id": ideas[0].id})
    assert "Merged 1 idea into" in accepted.get_data(as_text=True)
    failed = client.htmx_post(f"/triage/suggestions/{other.id}/split", {"split_ids": [ideas[2].id]})

    body = failed.get_data(as_text=True)
    assert failed.status_code == 200 and body.count('data-testid="group-error"') == 1 and "Tick at least two ideas" in body
    assert '<div hx-swap-oob="innerHTML:#triage-toast,.group__alert"></div>' in body  # emptied before the card lands
    assert 'data-testid="toast"' not in body and "Merged" not in body
    renamed = client.htmx_post(f"/triage/suggestions/{other.id}/rename", {"title": "Downloads"}).get_data(as_text=True)
    assert "Theme title saved." in renamed and 'data-testid="group-error"' not in renamed
    assert renamed.index("innerHTML:#triage-toast,.group__alert") < renamed.index('data-testid="toast"')


def test_unknown_suggestion_is_404(client, pm):
    login(client, pm)
    for action in ("accept", "dismiss", "remove", "split", "rename"):
        assert client.post_form(f"/triage/suggestions/424242/{action}", {"primary_id": 1}).status_code == 404


@pytest.mark.parametrize("state, message", [("accepted", "already accepted"), ("dismissed", "already dismissed"),
                                            ("superseded", "replaced by a newer recompute")])
def test_acting_on_a_decided_suggestion_is_refused(client, pm, ideas, state, message):
    decided = make_suggestion(ideas, state=state)
    login(client, pm)
    for action, data in [("accept", {"primary_id": ideas[0].id}), ("dismiss", {}), ("rename", {"title": "New"}),
                         ("remove", {"remove_id": ideas[0].id}), ("split", {"split_ids": [ideas[0].id, ideas[1].id]})]:
        response = client.post_form(f"/triage/suggestions/{decided.id}/{action}", data)
        assert response.status_code == 422 and message in response.get_data(as_text=True), action
    assert db.session.get(MergeSuggestion, decided.id).state == state
    assert len(member_ids(decided)) == 4
    assert count(Merge) == count(DismissedPair) == count(MergeSuggestion) - 1 == 0


def test_accept_refuses_a_member_withdrawn_behind_its_back(client, pm, ideas, suggestion):
    ideas[3].withdrawn_at = utcnow()  # a row changed without the service (and so without its signal)
    db.session.commit()
    login(client, pm)

    response = client.post_form(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[0].id})

    assert response.status_code == 422
    assert "was merged or withdrawn since this was suggested" in response.get_data(as_text=True)
    assert count(Merge) == 0


def test_merges_and_withdrawals_elsewhere_leave_pending_groups(client, pm, board, ideas, suggestion):
    from ideabox.ideas.services import withdraw_idea
    from ideabox.merging.services import merge_ideas

    pair = make_suggestion([ideas[0], ideas[1]])
    with client.application.test_request_context():
        merge_ideas(ideas[0], [ideas[3]], pm)
        withdraw_idea(ideas[1], pm)
    db.session.commit()

    assert member_ids(suggestion) == [ideas[0].id, ideas[2].id]
    assert db.session.get(MergeSuggestion, suggestion.id).state == "pending"
    assert member_ids(pair) == [ideas[0].id]
    assert db.session.get(MergeSuggestion, pair.id).state == "superseded"


def test_dismiss_records_every_pair(client, pm, ideas, suggestion):
    login(client, pm)

    response = client.htmx_post(f"/triage/suggestions/{suggestion.id}/dismiss")

    assert 'data-testid="group"' not in response.get_data(as_text=True)
    assert db.session.get(MergeSuggestion, suggestion.id).state == "dismissed"
    pairs = set(db.session.execute(select(DismissedPair.low_idea_id, DismissedPair.high_idea_id)).all())
    ids = sorted(i.id for i in ideas)
    assert pairs == {(a, b) for n, a in enumerate(ids) for b in ids[n + 1:]}
    assert count(AuditEvent, AuditEvent.action == "dismiss_suggestion") == 1


def test_remove_member_updates_the_card_and_records_pairs(client, pm, ideas, suggestion):
    login(client, pm)

    response = client.htmx_post(f"/triage/suggestions/{suggestion.id}/remove", {"remove_id": ideas[1].id})

    body = response.get_data(as_text=True)
    assert body.count('data-testid="member"') == 3 and ideas[1].title not in body
    assert member_ids(suggestion) == [ideas[0].id, ideas[2].id, ideas[3].id]
    assert count(DismissedPair) == 3
    assert db.session.get(MergeSuggestion, suggestion.id).state == "pending"


def test_removing_down_to_one_idea_dismisses_the_group(client, pm, ideas):
    pair = make_suggestion(ideas[:2])
    login(client, pm)

    client.post_form(f"/triage/suggestions/{pair.id}/remove", {"remove_id": ideas[0].id})

    assert db.session.get(MergeSuggestion, pair.id).state == "dismissed"


def test_remove_a_non_member_is_refused(client, pm, board, suggestion):
    stranger = factories.make_idea(board, factories.make_user(), title="Unrelated")
    login(client, pm)
    response = client.post_form(f"/triage/suggestions/{suggestion.id}/remove", {"remove_id": stranger.id})
    assert response.status_code == 422 and "not part of this group" in response.get_data(as_text=True)
    assert count(DismissedPair) == 0


def test_split_moves_ticked_ideas_into_a_new_group(client, pm, ideas, suggestion):
    login(client, pm)

    response = client.htmx_post(f"/triage/suggestions/{suggestion.id}/split",
                                {"split_ids": [ideas[2].id, ideas[3].id]})

    body = response.get_data(as_text=True)
    assert body.count('data-testid="group"') == 2
    new = db.session.scalar(select(MergeSuggestion).where(MergeSuggestion.id != suggestion.id))
    assert member_ids(suggestion) == [ideas[0].id, ideas[1].id]
    assert member_ids(new) == [ideas[2].id, ideas[3].id] and new.state == "pending"
    assert new.proposed_title == ideas[2].title
    assert count(DismissedPair) == 4  # every cross pair


@pytest.mark.parametrize("picked, message", [(1, "Tick at least two ideas"), (3, "Leave at least two ideas"),
                                             (0, "Tick the ideas to split off.")])
def test_split_needs_two_groups_of_two(client, pm, ideas, suggestion, picked, message):
    login(client, pm)
    response = client.post_form(f"/triage/suggestions/{suggestion.id}/split",
                                {"split_ids": [i.id for i in ideas[:picked]]})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(MergeSuggestion) == 1 and count(DismissedPair) == 0


def test_rename_changes_the_proposed_title(client, pm, suggestion):
    login(client, pm)

    response = client.htmx_post(f"/triage/suggestions/{suggestion.id}/rename", {"title": "  Reporting   exports "})

    assert 'value="Reporting exports"' in response.get_data(as_text=True)
    assert db.session.get(MergeSuggestion, suggestion.id).proposed_title == "Reporting exports"


@pytest.mark.parametrize("title, message", [("", "Give the theme a title."), ("   ", "Give the theme a title."),
                                            ("y" * 141, "Field cannot be longer than 140 characters.")])
def test_rename_with_bad_title_is_refused(client, pm, suggestion, title, message):
    login(client, pm)
    response = client.post_form(f"/triage/suggestions/{suggestion.id}/rename", {"title": title})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.get(MergeSuggestion, suggestion.id).proposed_title == "CSV export"


def test_recompute_button_without_redis_runs_in_the_request(client, pm, board):
    ideas = seed_corpus(board)
    login(client, pm)

    response = client.post_form("/triage/runs", follow_redirects=True)

    body = response.get_data(as_text=True)
    assert "Suggestions recomputed" in body and "Last recomputed" in body
    assert db.session.scalar(select(ClusteringRun)).state == "finished"
    assert ideas["slack-1"].title in body and ideas["slack-2"].title in body


def test_recompute_button_with_htmx_redirects_to_the_inbox(client, pm, board):
    seed_corpus(board)
    login(client, pm)
    response = client.htmx_post("/triage/runs")
    assert response.headers["HX-Redirect"] == "/triage/"


def test_recompute_while_running_is_refused(client, pm):
    db.session.add(ClusteringRun(state="running", backend="hybrid", progress_done=1, progress_total=4))
    db.session.commit()
    login(client, pm)
    body = client.post_form("/triage/runs", follow_redirects=True).get_data(as_text=True)
    assert "already being recomputed" in body
    assert count(ClusteringRun) == 1


def test_find_duplicates_of_one_idea_and_merge(client, pm, board):
    ideas = seed_corpus(board)
    login(client, pm)

    by_id = client.get(f"/triage/duplicates?q={ideas['csv-1'].id}").get_data(as_text=True)
    by_text = client.get("/triage/duplicates?q=Slack").get_data(as_text=True)

    assert ideas["csv-2"].title in by_id and ideas["csv-3"].title in by_id
    assert ideas["offline"].title not in by_id
    assert "Which idea?" in by_text and ideas["slack-2"].title in by_text
    response = client.post_form("/triage/merge", {"primary_id": ideas["csv-1"].id, "merged_id": ideas["csv-2"].id})
    assert response.status_code == 303
    assert db.session.get(Idea, ideas["csv-2"].id).merged_into_id == ideas["csv-1"].id
    assert "Merged “Download report data as a CSV file” into" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_merge_from_lookup_with_bad_input(client, pm, board, customer):
    idea = factories.make_idea(board, customer, title="Lonely")
    login(client, pm)
    same = client.post_form("/triage/merge", {"primary_id": idea.id, "merged_id": idea.id}, follow_redirects=True)
    assert "be merged into itself" in same.get_data(as_text=True)
    missing = client.post_form("/triage/merge", {"primary_id": "x"}, follow_redirects=True)
    assert "Choose the two ideas to merge." in missing.get_data(as_text=True)
    assert client.post_form("/triage/merge", {"primary_id": idea.id, "merged_id": 99999}).status_code == 404
    assert count(Merge) == 0


def test_find_duplicates_with_no_match(client, pm):
    login(client, pm)
    assert "No idea matches “zzz”." in client.get("/triage/duplicates?q=zzz").get_data(as_text=True)


def test_history_lists_decided_groups(client, pm, ideas):
    make_suggestion(ideas[:2], title="Old decision", state="dismissed")
    login(client, pm)
    body = client.get("/triage/history").get_data(as_text=True)
    assert "Old decision" in body and "Dismissed" in body


def test_inbox_pages_through_many_groups(client, pm, board):
    for n in range(21):
        make_suggestion([factories.make_idea(board, factories.make_user()) for _ in range(2)], title=f"Group {n}")
    login(client, pm)
    first = client.get("/triage/").get_data(as_text=True)
    second = client.get("/triage/?page=2").get_data(as_text=True)
    assert first.count('data-testid="group"') == 20 and "Page 1 of 2" in first
    assert second.count('data-testid="group"') == 1
    assert client.get("/triage/?page=9").location == "/triage/?page=2"


def test_inbox_filters_groups_by_board(client, pm, board, suggestion):
    web = factories.make_board(name="Web app", slug="web")
    other = make_suggestion([factories.make_idea(web, factories.make_user(), title=t) for t in ("Dark mode", "Night theme")],
                            title="Dark mode")
    login(client, pm)

    on_web = client.get("/triage/?board=web").get_data(as_text=True)
    on_mobile = client.get(f"/triage/?board={board.slug}").get_data(as_text=True)
    unknown = client.get("/triage/?board=nope").get_data(as_text=True)

    assert f'id="group-{other.id}"' in on_web and f'id="group-{suggestion.id}"' not in on_web
    assert f'id="group-{suggestion.id}"' in on_mobile and f'id="group-{other.id}"' not in on_mobile
    assert f'id="group-{suggestion.id}"' in unknown and f'id="group-{other.id}"' in unknown
    assert '<option value="web" selected>' in on_web


def test_recompute_with_redis_down_says_so_and_records_the_failure(client, pm, app):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    login(client, pm)

    body = client.post_form("/triage/runs", follow_redirects=True).get_data(as_text=True)

    assert "The job queue is unreachable" in body
    run = db.session.scalar(select(ClusteringRun))
    assert run.state == "failed" and "Could not reach the job queue" in run.error
    assert "The last recompute failed" in body
