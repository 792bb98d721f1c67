"""In a real browser: an admin invites a product manager, who joins from the link in the delivered email."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import Role, User
from ideabox.notifications.mailer import drain_outbox
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, screenshot
from tests.factories_notifications import LocalSmtpServer

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"
LINK = re.compile(r"http://localhost(/auth/invite/\S+)")


@pytest.fixture
def smtp_for(live_server):
    """A real SMTP server that the live server's outbox is sent to."""
    server = LocalSmtpServer()
    server.start()
    live_server.app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, MAIL_FROM="IdeaBox <roadmap@example.com>")
    yield server
    server.stop()


def delivered_link(live_server, smtp, address) -> str:
    """Send the outbox, then return the site path of the invitation link in the email that reached `address`."""
    with live_server.app.app_context():
        drain_outbox()
    [message] = smtp.to(address)
    return LINK.search(message.get_body(("plain",)).get_content()).group(1)


def test_an_admin_invites_a_pm_who_joins_from_the_email(live_server, page, browser, sign_in, smtp_for):
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
        factories.make_user(email="casey@example.com", display_name="Casey Customer")
    errors = console_errors_of(page)
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/admin/users")
    invite_form = page.get_by_test_id("invite-form")

    invite_form.get_by_label("Email").fill("casey@example.com")
    invite_form.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_test_id("invite-form").locator(".errors")).to_contain_text(
        "casey@example.com has an account already: change its role in the list of people instead.")
    screenshot(page, "invitations-refused")

    invite_form.get_by_label("Email").fill("nia@example.com")
    invite_form.get_by_label("Role").select_option(label="Product manager")
    invite_form.get_by_label("Note").fill("Welcome aboard! You'll triage the mobile app board.")
    invite_form.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".flash--success")).to_contain_text("We emailed an invitation to nia@example.com")
    row = page.locator('[data-testid="invitation-row"][data-email="nia@example.com"]')
    expect(row).to_contain_text("Product manager")
    expect(row).to_contain_text("Ada Admin")
    screenshot(page, "invitations-pending")

    path = delivered_link(live_server, smtp_for, "nia@example.com")
    with another_browser(browser) as invitee:
        invitee_errors = console_errors_of(invitee)
        invitee.goto(live_server.url + path)
        expect(invitee.get_by_role("heading", name="You're invited")).to_be_visible()
        expect(invitee.get_by_test_id("invitation")).to_contain_text("Ada Admin invited you to join as Product manager.")
        expect(invitee.get_by_test_id("invitation-note")).to_contain_text("You'll triage the mobile app board.")
        expect(invitee.locator("#invited-email")).to_have_value("nia@example.com")
        screenshot(invitee, "invitation-accept")

        invitee.get_by_label("Display name").fill("Nia New")
        invitee.get_by_label("Password", exact=True).fill(PASSWORD)
        invitee.get_by_label("Confirm password").fill(PASSWORD)
        invitee.get_by_role("button", name="Join as Product manager").click()
        expect(invitee.locator(".flash--success")).to_contain_text("Welcome, Nia New! You joined as Product manager.")
        expect(invitee.get_by_role("link", name="Triage")).to_be_visible()  # the product team's menu
        invitee.goto(f"{live_server.url}/auth/account")
        expect(invitee.get_by_test_id("role-badge")).to_have_text("Product manager")
        expect(invitee.get_by_test_id("email-status")).to_contain_text("Confirmed")
        screenshot(invitee, "invitation-joined")
        invitee.get_by_role("button", name="Sign out", exact=True).click()
        invitee.goto(live_server.url + path)
        expect(invitee.locator(".flash--error")).to_contain_text("This invitation was used already.")
        screenshot(invitee, "invitation-used")
        assert invitee_errors == []
    with live_server.app.app_context():
        nia = db.session.scalar(select(User).where(User.email == "nia@example.com"))
        assert nia.role == Role.PM and nia.email_confirmed

    page.goto(f"{live_server.url}/admin/users")
    expect(page.get_by_test_id("invitation-row")).to_have_count(0)
    expect(page.locator('[data-testid="user-row"][data-email="nia@example.com"] select')).to_have_value("pm")

    invite_form.get_by_label("Email").fill("late@example.com")
    invite_form.get_by_label("Role").select_option(label="Executive")
    invite_form.get_by_role("button", name="Send invitation").click()
    late = page.locator('[data-testid="invitation-row"][data-email="late@example.com"]')
    page.once("dialog", lambda dialog: dialog.accept())
    late.get_by_role("button", name="Revoke").click()
    expect(page.locator(".flash--success")).to_contain_text("The invitation to late@example.com is revoked")
    expect(late).to_have_count(0)

    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_test_id("audit-event").first).to_contain_text("revoked the invitation of late@example.com")
    expect(page.get_by_test_id("audit-event").filter(has_text="accepted the invitation for")).to_contain_text("Nia New")
    screenshot(page, "invitations-activity")
    assert errors == []
