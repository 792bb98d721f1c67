"""A PM works the triage inbox in a real browser: recompute, accept a group, see the theme."""
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import DuplicateAnswer, Idea, MergeSuggestion, Theme
from tests import factories
from tests.browser.conftest import console_errors_of, screenshot
from tests.factories_triage import seed_backers, seed_corpus

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(live_server):
    with live_server.app.app_context():
        board = factories.make_board(name="Reporting", slug="reporting")
        ideas = seed_corpus(board)
        mobile = factories.make_board(name="Mobile app", slug="mobile")
        factories.make_idea(mobile, factories.make_user(), title="Face ID sign-in", body="Unlock the app with Face ID.")
        seed_backers(ideas)
        pm = factories.make_user(role="pm", email="pm@example.com", display_name="Pat PM")
        db.session.add(DuplicateAnswer(idea_id=ideas["slack-2"].id, candidate_id=ideas["slack-1"].id, is_same=True))
        db.session.commit()
        keys = {key: idea.id for key, idea in ideas.items()}
        return {"pm": pm.email, "ids": keys}


def test_pm_recomputes_and_accepts_a_group_into_a_theme(page, live_server, sign_in, seeded):
    ids = seeded["ids"]
    sign_in(page, live_server, seeded["pm"])
    page.goto(f"{live_server.url}/triage/")
    assert page.get_by_test_id("inbox-empty").is_visible()

    page.get_by_test_id("recompute").click()
    page.wait_for_url(f"{live_server.url}/triage/")
    groups = page.get_by_test_id("group")
    groups.first.wait_for()
    assert groups.count() >= 4
    assert "Last recomputed" in page.get_by_test_id("run-status").inner_text()
    signal = page.get_by_test_id("same-signal")
    assert signal.count() == 1 and f"same as #{ids['slack-1']}" in signal.inner_text()
    screenshot(page, "triage_inbox")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "triage_inbox_mobile")
    page.set_viewport_size({"width": 1280, "height": 860})

    csv = page.locator(f'[data-testid="group"]:has([data-idea-id="{ids["csv-2"]}"])')
    assert csv.locator('[data-testid="member"]').count() == 3
    csv.locator(f'input[name="primary_id"][value="{ids["csv-2"]}"]').check()
    csv.locator('input[name="title"]').fill("Export reports as CSV")
    csv.locator('[data-action="accept"]').click()

    page.get_by_test_id("toast").wait_for()
    assert "Merged 2 ideas into “Download report data as a CSV file”" in page.get_by_test_id("toast").inner_text()
    assert csv.count() == 0  # the card went away in place, no reload
    assert page.locator("#pending-count").inner_text() == str(groups.count())

    with live_server.app.app_context():
        theme = db.session.scalar(select(Theme).where(Theme.title == "Export reports as CSV"))
        assert theme is not None
        members = db.session.scalars(select(Idea).where(Idea.theme_id == theme.id)).all()
        assert {i.id for i in members} == {ids["csv-1"], ids["csv-2"], ids["csv-3"]}
        assert db.session.get(Idea, ids["csv-1"]).merged_into_id == ids["csv-2"]
        assert db.session.scalar(select(MergeSuggestion).where(MergeSuggestion.state == "accepted")) is not None

    page.goto(f"{live_server.url}/triage/history")
    assert page.get_by_role("heading", name="Export reports as CSV").is_visible()
    screenshot(page, "triage_history")


def test_pm_removes_a_member_and_dismisses_a_group(page, live_server, sign_in, seeded):
    ids = seeded["ids"]
    sign_in(page, live_server, seeded["pm"])
    page.goto(f"{live_server.url}/triage/")
    page.get_by_test_id("recompute").click()
    page.get_by_test_id("group").first.wait_for()

    csv = page.locator(f'[data-testid="group"]:has([data-idea-id="{ids["csv-1"]}"])')
    csv.locator(f'[data-idea-id="{ids["csv-3"]}"] [data-action="remove"]').click()
    page.get_by_text("Removed from the group.").wait_for()
    assert csv.locator('[data-testid="member"]').count() == 2

    csv.locator(f'[data-idea-id="{ids["csv-1"]}"] input[name="split_ids"]').check()
    csv.locator('[data-action="split"]').click()
    error = csv.get_by_test_id("group-error")
    error.wait_for()
    assert "Tick at least two ideas" in error.inner_text()

    title = csv.locator('input[name="title"]')
    title.fill("CSV exports")
    title.press("Enter")
    page.get_by_text("Theme title saved.").wait_for()
    assert csv.locator('input[name="title"]').input_value() == "CSV exports"
    with live_server.app.app_context():
        assert db.session.scalar(select(MergeSuggestion.proposed_title).where(MergeSuggestion.state == "pending",
                                 MergeSuggestion.proposed_title == "CSV exports")) is not None

    csv.locator('[data-action="dismiss"]').click()
    page.get_by_text("Dismissed. These ideas won't be suggested together again.").wait_for()
    assert csv.count() == 0
    # the decided card is gone: a keyboard or screen-reader user is at its outcome, not back at the page's top
    expect(page.get_by_test_id("toast")).to_be_focused()


def test_only_the_latest_outcome_shows(page, live_server, sign_in, seeded):
    """A merge's toast goes when a later split fails, and that error goes when a later action on another group works."""
    ids = seeded["ids"]
    errors = console_errors_of(page)
    sign_in(page, live_server, seeded["pm"])
    page.goto(f"{live_server.url}/triage/")
    page.get_by_test_id("recompute").click()
    page.get_by_test_id("group").first.wait_for()
    group_of = lambda key: page.locator(f'[data-testid="group"]:has([data-idea-id="{ids[key]}"])')  # noqa: E731
    toast = page.locator("#triage-toast")

    group_of("slack-1").locator('[data-action="accept"]').click()
    page.get_by_test_id("toast").get_by_text("Merged 1 idea into").wait_for()
    csv = group_of("csv-1")
    csv.locator(f'[data-idea-id="{ids["csv-1"]}"] input[name="split_ids"]').check()
    csv.locator('[data-action="split"]').click()
    csv.get_by_test_id("group-error").wait_for()
    assert toast.inner_html() == "" and not toast.is_visible()

    dark = group_of("dark-1")
    dark.locator('input[name="title"]').fill("Dark mode")
    dark.locator('[data-action="rename"]').click()
    page.get_by_test_id("toast").get_by_text("Theme title saved.").wait_for()
    assert page.get_by_test_id("group-error").count() == 0
    assert errors == []


def test_pm_finds_duplicates_of_one_idea(page, live_server, sign_in, seeded):
    ids = seeded["ids"]
    sign_in(page, live_server, seeded["pm"])
    page.goto(f"{live_server.url}/triage/duplicates")
    page.fill("input[name=q]", str(ids["slack-1"]))
    page.get_by_role("button", name="Find duplicates").click()

    match = page.locator(f'[data-testid="neighbour"][data-idea-id="{ids["slack-2"]}"]')
    match.wait_for()
    screenshot(page, "triage_find_duplicates")
    match.locator('[data-action="merge-here"]').click()
    page.get_by_text("Merged “Send updates to a Slack channel” into “Slack notifications for status changes”.").wait_for()


def test_recompute_on_the_queue_shows_progress_then_the_groups(page, live_server, sign_in, seeded, _migrated,
                                                               monkeypatch):
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError
    from rq import Queue

    from ideabox.worker import InProcessWorker

    connection = Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisConnectionError:
        pytest.skip("Redis is unreachable at 127.0.0.1:6379")
    queue = Queue(f"ideabox-browser-{uuid.uuid4().hex[:10]}", connection=connection)
    live_server.app.config.update(REDIS_URL="redis://127.0.0.1:6379/0", RQ_QUEUE=queue.name)
    monkeypatch.setenv("DATABASE_URL", _migrated)  # the job builds its own app, as under `rq worker`
    monkeypatch.setenv("SECRET_KEY", "test-secret-key")
    try:
        sign_in(page, live_server, seeded["pm"])
        page.goto(f"{live_server.url}/triage/")
        page.get_by_test_id("recompute").click()
        page.get_by_text("Waiting for a worker…").wait_for()
        assert page.locator("#run-status progress").count() == 1
        screenshot(page, "triage_run_queued", full_page=False)

        InProcessWorker([queue], connection=connection).work(burst=True)

        page.get_by_test_id("group").first.wait_for()  # the poll saw the run finish and reloaded the page
        assert "Last recomputed" in page.get_by_test_id("run-status").inner_text()
        assert page.get_by_test_id("group").count() >= 4
    finally:
        queue.delete(delete_jobs=True)
