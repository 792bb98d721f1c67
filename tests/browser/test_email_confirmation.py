"""In a real browser: a new account confirms its email from the emailed link, then moves to another address."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import OutboxEmail, User
from tests.browser.conftest import console_errors_of, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"
LINK = re.compile(r"http://localhost(/auth/confirm/\S+)")


def emailed_link(live_server, to_address) -> str:
    """The site path of the newest confirmation link queued to an address."""
    with live_server.app.app_context():
        body = db.session.scalars(select(OutboxEmail.text_body).where(OutboxEmail.to_address == to_address)
                                  .order_by(OutboxEmail.id.desc())).first()
        return LINK.search(body).group(1)


def test_confirm_the_email_then_move_to_another(live_server, page):
    errors = console_errors_of(page)
    page.goto(f"{live_server.url}/auth/register")
    page.fill("input[name=email]", "grace@example.com")
    page.fill("input[name=display_name]", "Grace Hopper")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    banner = page.get_by_test_id("confirm-banner")
    expect(banner).to_contain_text("we sent a link to grace@example.com")
    screenshot(page, "email-confirm-banner")

    banner.get_by_role("button", name="Send the link again").click()
    expect(page.locator(".flash--info")).to_contain_text("We sent a new link to grace@example.com")
    with live_server.app.app_context():
        assert db.session.query(OutboxEmail).filter_by(to_address="grace@example.com").count() == 2

    page.goto(live_server.url + emailed_link(live_server, "grace@example.com"))
    expect(page.locator(".flash--success")).to_contain_text("grace@example.com is confirmed")
    expect(page.get_by_test_id("email-status")).to_contain_text("Confirmed")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("confirm-banner")).to_have_count(0)

    page.goto(f"{live_server.url}/auth/account")
    page.fill("input[name=new_email]", "grace.hopper@example.com")
    page.locator("#email").get_by_label("Current password").fill("not my password")
    page.get_by_role("button", name="Send a link to the new email").click()
    expect(page.locator("#email .errors")).to_contain_text("That is not your current password.")
    screenshot(page, "email-change-error")

    page.locator("#email").get_by_label("Current password").fill(PASSWORD)
    page.get_by_role("button", name="Send a link to the new email").click()
    expect(page.locator(".flash--info")).to_contain_text("until then it keeps grace@example.com")
    screenshot(page, "email-change-sent")

    page.goto(live_server.url + emailed_link(live_server, "grace.hopper@example.com"))
    expect(page.locator(".flash--success")).to_contain_text("Your account now uses grace.hopper@example.com")
    expect(page.get_by_test_id("email-status")).to_contain_text("grace.hopper@example.com")
    screenshot(page, "email-changed")
    with live_server.app.app_context():
        assert db.session.scalar(select(User.email)) == "grace.hopper@example.com"
    assert errors == []
