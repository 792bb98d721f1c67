"""In a real browser: an admin asks for confirmed emails; an unconfirmed customer sees why instead of the idea
form, opens the emailed link, then posts."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import Idea
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, screenshot
from tests.browser.test_email_confirmation import emailed_link

pytestmark = pytest.mark.browser

def test_an_unconfirmed_customer_confirms_then_posts(live_server, page, browser, sign_in):
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
        factories.make_user(email="nora@example.com", display_name="Nora New", email_confirmed_at=None)
        factories.make_board(name="Mobile app", slug="mobile")
        db.session.commit()
    errors = console_errors_of(page)
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/admin/site")
    card = page.get_by_test_id("confirmed-email-form")
    checkbox = card.get_by_label("People must confirm their email address before they post ideas, vote, comment or react")
    expect(checkbox).not_to_be_checked()
    checkbox.check()
    card.get_by_test_id("save-confirmed-email").click()
    expect(page.locator(".flash--success")).to_contain_text("People now confirm their email address")
    expect(page.get_by_test_id("confirmed-email-form").get_by_role("checkbox")).to_be_checked()

    with another_browser(browser) as customer:
        customer_errors = console_errors_of(customer)
        sign_in(customer, live_server, "nora@example.com")
        customer.goto(f"{live_server.url}/b/mobile/new")
        expect(customer.get_by_test_id("confirm-first")).to_contain_text("once your email address is confirmed")
        banner = customer.get_by_test_id("confirm-banner")
        expect(banner).to_contain_text("Confirm your email to post and vote")
        expect(customer.get_by_role("button", name="Send the link again")).to_have_count(1)  # said once, not twice
        expect(customer.locator("#idea-form")).to_have_count(0)
        screenshot(customer, "confirm-first-1280")
        customer.set_viewport_size({"width": 390, "height": 844})
        screenshot(customer, "confirm-first-390")
        customer.set_viewport_size({"width": 1280, "height": 860})

        banner.get_by_role("button", name="Send the link again").click()
        expect(customer.locator(".flash--info")).to_contain_text("We sent a new link to nora@example.com")
        expect(customer).to_have_url(re.compile(r"/b/mobile/new$"))  # back where they were

        customer.goto(live_server.url + emailed_link(live_server, "nora@example.com"))
        expect(customer.locator(".flash--success")).to_contain_text("nora@example.com is confirmed")
        customer.goto(f"{live_server.url}/b/mobile/new")
        expect(customer.get_by_test_id("confirm-first")).to_have_count(0)
        customer.get_by_label("Title").fill("Offline mode")
        customer.get_by_test_id("submit-idea").click()
        expect(customer.locator(".flash--success")).to_contain_text("Your idea is posted")
        with live_server.app.app_context():
            assert db.session.scalar(select(Idea.title)) == "Offline mode"
        assert customer_errors == []
    assert errors == []
