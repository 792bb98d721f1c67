"""A customer typing a new idea sees similar ones appear, votes for one instead, and answers "same as?"."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote
from ideabox.models import DuplicateAnswer, Vote
from tests import factories
from tests.browser.conftest import fill_login_form, screenshot
from tests.factories_similarity import CATALOGUE, post_idea

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(live_server):
    """A public board with the catalogue of ideas, one of them backed by three people, and a customer."""
    app = live_server.app
    with app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile", description="Ideas for our iOS and Android apps")
        pm = factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        ideas = {title: post_idea(board, pm, title) for title in CATALOGUE}
        web = factories.make_board(name="Web app", slug="web")
        post_idea(web, pm, "Download all my data as a CSV spreadsheet", "For our quarterly audit.")
        post_idea(board, pm, "Export charts as images")
        export = ideas["Export reports to CSV"]
        for n in range(3):
            cast_vote(export, factories.make_user(display_name=f"Backer {n}"))
        customer = factories.make_user(email="casey@example.com", display_name="Casey Customer")
        db.session.commit()
        return {"export_id": export.id, "customer_id": customer.id, "email": customer.email}


def votes_by(app, idea_id, user_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(Vote.idea_id == idea_id, Vote.user_id == user_id))


def test_similar_ideas_appear_while_typing_and_vote_instead_registers(page, live_server, sign_in, seeded):
    sign_in(page, live_server, seeded["email"])
    page.goto(f"{live_server.url}/b/mobile/new")
    box = page.get_by_test_id("similar-box")
    expect(box.get_by_test_id("similar-item")).to_have_count(0)

    page.locator("#title").press_sequentially("Download my reports as a spreadsheet", delay=20)

    first = box.get_by_test_id("similar-item").first
    expect(first).to_contain_text("Export reports to CSV")
    expect(first).to_contain_text("4 backers")
    expect(first).to_contain_text("Open")
    assert page.url.endswith("/b/mobile/new")  # no reload: the draft is still being typed
    expect(page.locator("#title")).to_have_value("Download my reports as a spreadsheet")
    screenshot(page, "similar_as_you_type", full_page=False)

    first.get_by_test_id("vote-instead").click()

    expect(page).to_have_url(re.compile(rf"/ideas/{seeded['export_id']}$"))
    expect(page.get_by_test_id("vote-button").first).to_have_attribute("aria-pressed", "true")
    assert votes_by(live_server.app, seeded["export_id"], seeded["customer_id"]) == 1


def test_enter_in_the_title_posts_the_idea_not_a_vote_for_a_similar_one(page, live_server, sign_in, seeded):
    """The similar box's vote buttons sit inside the idea form: Enter (implicit submission) must still post the idea."""
    sign_in(page, live_server, seeded["email"])
    page.goto(f"{live_server.url}/b/mobile/new")
    page.locator("#title").press_sequentially("Download my reports as a spreadsheet", delay=20)
    expect(page.get_by_test_id("similar-box").get_by_test_id("vote-instead").first).to_be_visible()

    page.locator("#title").press("Enter")

    expect(page).to_have_url(re.compile(r"/ideas/\d+\?submitted=1$"))
    expect(page.locator("h1")).to_have_text("Download my reports as a spreadsheet")
    assert votes_by(live_server.app, seeded["export_id"], seeded["customer_id"]) == 0


def test_author_is_asked_whether_the_new_idea_is_the_same_as_the_closest(page, live_server, sign_in, seeded):
    sign_in(page, live_server, seeded["email"])
    page.goto(f"{live_server.url}/b/mobile/new")
    page.locator("#title").fill("Let me export my reports to CSV files")
    page.get_by_test_id("submit-idea").click()

    prompt = page.get_by_test_id("same-as-prompt")
    expect(prompt).to_contain_text("Is your idea the same as")
    expect(prompt.get_by_test_id("same-as-candidate")).to_have_text("Export reports to CSV")
    screenshot(page, "same_as_prompt", full_page=False)

    prompt.get_by_test_id("same-as-yes").click()

    expect(page.get_by_test_id("same-as-answer")).to_contain_text("You said your idea is the same as")
    assert votes_by(live_server.app, seeded["export_id"], seeded["customer_id"]) == 1
    with live_server.app.app_context():
        answer = db.session.scalar(select(DuplicateAnswer))
        assert (answer.candidate_id, answer.is_same) == (seeded["export_id"], True)
    expect(page.get_by_test_id("idea-similar")).to_contain_text("Export reports to CSV")
    expect(page.get_by_test_id("idea-similar")).to_contain_text("5 backers")  # refreshed with the answer
    screenshot(page, "same_as_answered", full_page=True)


def test_without_javascript_the_lookup_page_finds_and_votes(browser, live_server, seeded):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.goto(f"{live_server.url}/auth/login")
    fill_login_form(page, seeded["email"])

    page.goto(f"{live_server.url}/similar?board=mobile")
    page.fill("#title", "Download my reports as a spreadsheet")
    page.get_by_role("button", name="Find similar ideas").click()
    item = page.get_by_test_id("similar-item").first
    expect(item).to_contain_text("Export reports to CSV")
    screenshot(page, "similar_page_no_js", full_page=False)

    item.get_by_test_id("vote-instead").click()

    expect(page).to_have_url(re.compile(rf"/ideas/{seeded['export_id']}$"))
    assert votes_by(live_server.app, seeded["export_id"], seeded["customer_id"]) == 1
    context.close()


def test_the_details_find_what_the_title_alone_does_not(page, live_server, sign_in, seeded):
    sign_in(page, live_server, seeded["email"])
    page.goto(f"{live_server.url}/b/mobile/new")
    box = page.get_by_test_id("similar-box")
    with page.expect_response(lambda response: "/similar?title=Please%20add%20this&" in response.url):
        page.locator("#title").press_sequentially("Please add this", delay=20)  # the title's lookup answers
    expect(box.get_by_test_id("similar-item")).to_have_count(0)

    page.locator("#body").press_sequentially("A dark theme for the phone app, for reading at night.", delay=10)
    expect(box.get_by_test_id("similar-item").first).to_contain_text("Dark mode for the mobile app")
    screenshot(page, "similar_from_the_details", full_page=False)
