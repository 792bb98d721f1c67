"""Recomputing stored duplicate suggestions: the bridge from ideas to the clustering engine."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ideabox.clustering import get_encoder
from ideabox.extensions import db
from ideabox import jobs
from ideabox.jobs import HEARTBEAT_LOST_AFTER, active_run, execute_run
from ideabox.models import ClusteringRun, DismissedPair, IdeaEmbedding, MergeSuggestion, utcnow
from ideabox.triage import services
from ideabox.triage.grouping import Group, split_along
from tests import factories
from tests.conftest import login
from tests.factories_triage import GROUPS, seed_backers, seed_corpus


def recompute(actor=None) -> ClusteringRun:
    run = services.start_recompute(actor, "hybrid")
    db.session.commit()
    return execute_run(run)


def pending():
    return list(db.session.scalars(
        select(MergeSuggestion).where(MergeSuggestion.state == "pending")
        .order_by(MergeSuggestion.backers_united.desc(), MergeSuggestion.id)
    ))


def keyed_groups(ideas, suggestions) -> list[set[str]]:
    key_of = {idea.id: key for key, idea in ideas.items()}
    return [{key_of[m.idea_id] for m in s.members} for s in suggestions]


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():  # services phrase their errors in the viewer's language
        yield


@pytest.fixture
def corpus(board):
    return seed_corpus(board)


def test_recompute_suggests_the_paraphrased_duplicates_and_nothing_else(corpus):
    run = recompute()

    assert run.state == "finished" and run.error == ""
    assert run.progress_total > 0 and run.progress_done == run.progress_total
    found = keyed_groups(corpus, pending())
    for expected in GROUPS.values():
        assert expected in found, f"{expected} not suggested; got {found}"
    loners = {"keys", "offline", "tags", "2fa", "calendar", "fields"}
    assert not any(group & loners for group in found)


def test_suggestions_carry_title_keywords_scores_and_central_order(corpus):
    recompute()
    csv = next(s for s in pending() if {m.idea_id for m in s.members} == {corpus[k].id for k in GROUPS["csv"]})

    assert "csv" in csv.proposed_title.lower()
    assert "csv" in csv.keywords
    assert 0 < csv.cohesion <= 1
    assert len(csv.pair_scores) == 3 and all(0 < score <= 1 for _, _, score in csv.pair_scores)
    assert [m.position for m in csv.members] == [0, 1, 2]
    assert csv.members[0].centrality >= csv.members[-1].centrality


def test_recompute_stores_missing_embeddings_once(corpus):
    db.session.execute(db.delete(IdeaEmbedding))
    db.session.commit()
    recompute()
    stored = db.session.scalar(select(db.func.count()).select_from(IdeaEmbedding))
    assert stored == len(corpus)
    assert {row.model for row in db.session.scalars(select(IdeaEmbedding))} == {get_encoder("hybrid").model}


def test_groups_are_ordered_by_unique_backers_united(corpus):
    expected = seed_backers(corpus)
    recompute()

    order = keyed_groups(corpus, pending())
    united = [s.backers_united for s in pending()]
    assert united == sorted(united, reverse=True)
    by_group = {name: next(s.backers_united for s, keys in zip(pending(), order) if keys == members)
                for name, members in GROUPS.items()}
    assert by_group == expected  # dark: a voter backing both ideas counts once
    assert order[0] == GROUPS["slack"]


def test_dismissed_pairs_are_never_suggested_again(corpus, pm):
    recompute()
    csv = next(s for s in pending() if len(s.members) == 3)
    services.dismiss_suggestion(csv, pm)
    db.session.commit()

    recompute()

    csv_ids = {corpus[k].id for k in GROUPS["csv"]}
    for suggestion in pending():
        assert len({m.idea_id for m in suggestion.members} & csv_ids) < 2
    assert db.session.get(MergeSuggestion, csv.id).state == "dismissed"


def test_removed_member_is_not_regrouped_with_the_others(corpus, pm):
    recompute()
    csv = next(s for s in pending() if len(s.members) == 3)
    services.remove_member(csv, corpus["csv-2"].id, pm)
    db.session.commit()

    recompute()

    groups = keyed_groups(corpus, pending())
    assert {"csv-1", "csv-3"} in groups
    assert not any("csv-2" in group and len(group & GROUPS["csv"]) > 1 for group in groups)


def test_new_run_supersedes_pending_but_keeps_decisions(corpus, pm):
    recompute()
    first = pending()
    services.dismiss_suggestion(first[-1], pm)
    db.session.commit()

    recompute()

    states = {s.id: db.session.get(MergeSuggestion, s.id).state for s in first}
    assert states[first[-1].id] == "dismissed"
    assert all(state == "superseded" for sid, state in states.items() if sid != first[-1].id)
    assert pending() and all(s.id not in states for s in pending())


def test_merged_withdrawn_and_already_themed_ideas_are_not_suggested(corpus, pm):
    from ideabox.merging.services import merge_ideas
    from ideabox.themes.services import create_theme

    merge_ideas(corpus["csv-1"], [corpus["csv-2"]], pm)
    corpus["dark-2"].withdrawn_at = utcnow()
    create_theme("Slack", [corpus["slack-1"], corpus["slack-2"]], pm)
    db.session.commit()

    recompute()

    groups = keyed_groups(corpus, pending())
    assert not any("csv-2" in g or "dark-2" in g for g in groups)
    assert GROUPS["slack"] not in groups
    assert GROUPS["sso"] in groups


def test_split_along_dismissed_pairs_keeps_the_strongest_core():
    scores = {(1, 2): .9, (1, 3): .8, (2, 3): .7, (1, 4): .6, (2, 4): .5, (3, 4): .85}
    group = Group([1, 2, 3, 4], "Label", [], scores)

    parts = split_along(group, {(1, 3), (2, 3)})

    assert [p.member_ids for p in parts] == [[1, 2], [3, 4]]  # 4 is closer to 3 than to 1 and 2
    assert parts[1].scores == {(3, 4): .85}
    assert split_along(group, set())[0] is group
    assert [p.member_ids for p in split_along(group, {(1, 2), (3, 4)})] == [[1, 3], [2, 4]]
    assert split_along(group, {(1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4)}) == []


def test_only_one_run_at_a_time_and_stale_runs_are_released(pm):
    run = services.start_recompute(pm, "tfidf")
    db.session.commit()
    with pytest.raises(services.DomainError, match="already being recomputed"):
        services.start_recompute(pm, "tfidf")

    run.created_at = utcnow() - timedelta(hours=4)
    db.session.commit()
    assert active_run() is None
    assert run.state == "failed"


def running(pm, heartbeat_age: timedelta) -> ClusteringRun:
    run = services.start_recompute(pm, "tfidf")
    run.state, run.heartbeat_at = "running", utcnow() - heartbeat_age
    db.session.commit()
    return run


def test_a_run_with_a_fresh_heartbeat_is_not_released(pm):
    run = running(pm, HEARTBEAT_LOST_AFTER - timedelta(minutes=1))
    assert active_run() is run and run.state == "running"


def test_a_run_without_a_job_whose_heartbeat_stopped_is_released(pm):
    run = running(pm, HEARTBEAT_LOST_AFTER + timedelta(seconds=1))  # created just now: the heartbeat decides
    assert active_run() is None
    assert run.state == "failed" and run.error == "The worker stopped before finishing."
    assert services.start_recompute(pm, "tfidf").id != run.id


def test_a_stopped_run_reads_in_the_pm_s_language_whatever_the_worker_spoke(app, pm):
    running(pm, HEARTBEAT_LOST_AFTER + timedelta(seconds=1))
    assert active_run() is None  # released by the English-speaking process
    french_pm = factories.make_user("pm", locale="fr")
    db.session.commit()

    page = login(app.test_client(), french_pm).get("/triage/").get_data(as_text=True)

    assert "Le worker s’est arrêté avant la fin." in page
    assert "The worker stopped before finishing." not in page


def test_a_queued_run_that_never_beat_is_judged_by_its_age(pm):
    run = services.start_recompute(pm, "tfidf")
    run.created_at = utcnow() - HEARTBEAT_LOST_AFTER + timedelta(minutes=1)
    db.session.commit()
    assert active_run() is run
    run.created_at -= timedelta(minutes=2)
    db.session.commit()
    assert active_run() is None and run.state == "failed"


def test_a_run_with_a_job_asks_rq_not_its_heartbeat(app, pm, redis_queue):
    run = running(pm, HEARTBEAT_LOST_AFTER * 2)  # a queued job waits for a worker as long as it must
    jobs.enqueue_run(run, app.config["REDIS_URL"], redis_queue.name)
    db.session.commit()
    assert active_run() is run

    run.job_id = "no-such-job"  # RQ forgot it: nobody will finish it
    db.session.commit()
    assert active_run() is None and run.state == "failed"


def test_a_run_beats_when_it_starts_and_as_it_saves_progress(corpus):
    beats = []

    def listener(done, total):
        beats.append(db.session.get(ClusteringRun, run_id).heartbeat_at)

    run = services.start_recompute(None, "tfidf")
    db.session.commit()
    run_id = run.id
    run = execute_run(run, listener)

    assert run.state == "finished" and beats[0] == run.started_at
    assert run.started_at < run.heartbeat_at <= run.finished_at


def test_a_failing_run_records_its_error(board, customer):
    factories.make_idea(board, customer, title="Alpha")
    run = services.start_recompute(None, "no-such-backend")
    db.session.commit()

    run = execute_run(run)

    assert run.state == "failed" and "unknown backend" in run.error
    assert run.finished_at is not None


def test_recompute_with_too_few_ideas_finishes_empty(board, customer):
    factories.make_idea(board, customer, title="Only one idea")
    run = recompute()
    assert run.state == "finished" and pending() == []
    assert db.session.scalar(select(db.func.count()).select_from(DismissedPair)) == 0


def test_ideas_merged_while_a_run_computes_are_left_out(corpus, pm):
    from ideabox.merging.services import merge_ideas

    merged = []

    def a_pm_merges_meanwhile(done, total):
        if not merged:
            merged.extend(merge_ideas(corpus["csv-1"], [corpus["csv-2"]], pm))

    run = services.start_recompute(pm, "hybrid")
    db.session.commit()
    execute_run(run, listener=a_pm_merges_meanwhile)

    groups = keyed_groups(corpus, pending())
    assert merged and {"csv-1", "csv-3"} in groups
    assert not any("csv-2" in group for group in groups)
