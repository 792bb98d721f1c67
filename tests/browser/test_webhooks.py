"""In a real browser: an admin connects a webhook to a real endpoint for one board, tests it, reads what was sent,
and sees a customer's new idea on that board arrive signed, and none from another board; the pages fit a phone."""
import pytest
from playwright.sync_api import expect
from standardwebhooks import Webhook as Verifier

from ideabox.extensions import db
from ideabox.ideas.services import submit_idea
from ideabox.models import Board, User, Webhook
from ideabox.webhooks.delivery import drain
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, page_width, screenshot
from tests.factories_webhooks import Receiver

pytestmark = pytest.mark.browser


@pytest.fixture
def receiver(live_server):
    live_server.app.config["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = True  # the endpoint listens on 127.0.0.1
    server = Receiver().start()
    yield server
    server.stop()


def seed(live_server) -> str:
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
        factories.make_user(email="casey@example.com", display_name="Casey Customer")
        board = factories.make_board(name="Mobile app", slug="mobile")
        factories.make_board(name="API", slug="api")
        factories.make_board(name="Security reviews", slug="security", is_private=True)
        db.session.commit()
        return board.slug


def test_an_admin_connects_tests_and_watches_a_webhook(live_server, page, sign_in, receiver, browser):
    slug = seed(live_server)
    errors = console_errors_of(page)
    sign_in(page, live_server, "ada@example.com")
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Webhooks and Slack").click()
    expect(page.get_by_role("heading", name="No webhooks yet")).to_be_visible()
    page.get_by_role("link", name="New webhook").first.click()

    page.get_by_label("Name").fill("CRM sync")
    page.get_by_label("Endpoint address").fill(receiver.url + "/ideabox")
    page.get_by_label("Someone votes for an idea").uncheck()
    page.get_by_label("Someone takes their vote back").uncheck()
    picks = page.get_by_test_id("board-picks")
    expect(page.get_by_label("All boards, and boards added later")).to_be_checked()
    expect(picks).to_be_hidden()  # the boards to pick show once "Only the boards I pick" is chosen
    page.get_by_label("Only the boards I pick").check()
    expect(picks).to_be_visible()
    expect(picks.locator("label", has_text="Security reviews")).to_contain_text("Private")
    page.get_by_label("Security reviews").check()
    page.get_by_role("button", name="Connect webhook").click()
    expect(page.get_by_test_id("board-picks").locator(".errors")).to_contain_text(
        "“Security reviews” is a private board")  # private boards are off: nothing saved, the form says why
    page.get_by_label("Security reviews").uncheck()
    page.get_by_label("Mobile app").check()
    screenshot(page, "webhook-boards-picked")
    page.get_by_role("button", name="Connect webhook").click()
    expect(page.locator(".flash--success")).to_contain_text("Webhook “CRM sync” is saved.")
    expect(page.get_by_text("Nothing sent yet.")).to_be_visible()
    expect(page.get_by_test_id("webhook-scope")).to_have_text("Boards: Mobile app")

    page.get_by_role("button", name="Send a test").click()
    expect(page.locator(".flash--success")).to_contain_text("Delivered: the endpoint answered 200")
    delivery = page.get_by_test_id("delivery").first
    expect(delivery.get_by_test_id("delivery-state")).to_have_text("Delivered · 200")
    delivery.locator("summary").click()
    expect(delivery.locator("pre").first).to_contain_text('"type": "ping"')
    page.get_by_text("Show the secret").click()
    secret = page.get_by_test_id("secret-value").inner_text()
    screenshot(page, "webhook-tested")

    with another_browser(browser) as customer_page:
        sign_in(customer_page, live_server, "casey@example.com")
        customer_page.goto(f"{live_server.url}/b/{slug}")
        customer_page.click("[data-testid=new-idea]")
        customer_page.fill("#title", "Offline mode")
        customer_page.fill("textarea[name=body]", "Let me work on the train.")
        customer_page.click("[data-testid=submit-idea]")
        customer_page.wait_for_url("**/ideas/*?submitted=1")
    with live_server.app.app_context(), live_server.app.test_request_context():
        casey = db.session.scalar(db.select(User).where(User.email == "casey@example.com"))
        submit_idea(db.session.scalar(db.select(Board).where(Board.slug == "api")), casey, "Rate limits")
        db.session.commit()  # an idea on another board: no delivery for this webhook
        assert drain().sent == 1  # what `flask send-webhooks` or the RQ worker does

    idea_post = receiver.received[-1]
    event = Verifier(secret).verify(idea_post.body, idea_post.headers)
    assert event["type"] == "idea.created" and event["data"]["idea"]["title"] == "Offline mode"
    page.reload()
    newest = page.get_by_test_id("delivery").first
    expect(newest).to_have_attribute("data-event", "idea.created")
    expect(newest.get_by_test_id("delivery-state")).to_have_text("Delivered · 200")

    page.get_by_role("link", name="← Webhooks").click()
    row = page.get_by_test_id("webhook-row")
    expect(row).to_contain_text("CRM sync")
    expect(row.get_by_test_id("webhook-state")).to_have_text("On")
    expect(row).to_contain_text("9 events")
    expect(row.get_by_test_id("webhook-boards")).to_have_text("Mobile app")
    screenshot(page, "webhooks-list")
    assert errors == []


def test_a_slack_webhook_on_a_phone(live_server, browser, sign_in, receiver):
    seed(live_server)
    with live_server.app.app_context():
        boards = list(db.session.scalars(db.select(Board).where(Board.slug.in_(["mobile", "api"]))))
        webhook = Webhook(name="Slack #product-feedback", url=receiver.url + "/services/T000/B000/XXXX",
                          kind="slack", events=["idea.created"], secret="whsec_" + "A" * 43 + "=",
                          all_boards=False, boards=boards)
        db.session.add(webhook)
        db.session.commit()
        webhook_id = webhook.id
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", timezone_id="UTC")
    page = context.new_page()
    errors = console_errors_of(page)
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/admin/webhooks/{webhook_id}")
    expect(page.get_by_label("Slack message (or a Slack-compatible incoming webhook)")).to_be_checked()
    expect(page.get_by_test_id("webhook-secret")).to_have_count(0)  # Slack's URL is its secret
    expect(page.get_by_test_id("webhook-scope")).to_have_text("Boards: API, Mobile app")
    expect(page.get_by_label("Only the boards I pick")).to_be_checked()
    expect(page.get_by_label("API", exact=True)).to_be_checked()
    expect(page.get_by_label("Security reviews")).not_to_be_checked()
    screenshot(page, "webhook-boards-phone")
    page.get_by_role("button", name="Send a test").click()
    expect(page.locator(".flash--success")).to_contain_text("Delivered")
    assert receiver.received[-1].json["text"].endswith("is connected: this is a test message.")
    page.get_by_test_id("delivery").first.locator("summary").click()
    screenshot(page, "webhook-slack-phone")
    assert page_width(page) <= 390
    page.goto(f"{live_server.url}/admin/webhooks")
    assert page_width(page) <= 390
    screenshot(page, "webhooks-list-phone")
    context.close()
    assert errors == []
