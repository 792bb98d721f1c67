"""In a real browser: sign up, sign out, sign in again; an admin creates a board; account settings."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import Board, OutboxEmail, User
from ideabox.notifications.digest import send_new_idea_digests
from tests import factories
from tests.browser.conftest import another_browser, screenshot
from tests.factories_notifications import outbox_for

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"


def seed(live_server, **people):
    """Create users (name → role) on the live server's database; return their emails by name."""
    with live_server.app.app_context():
        for name, role in people.items():
            factories.make_user(role=role, email=f"{name}@example.com", display_name=name.title())
        db.session.commit()


def test_register_sign_out_and_sign_in_again(live_server, page, sign_in):
    page.goto(f"{live_server.url}/auth/login")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    screenshot(page, "auth-login")

    page.get_by_role("link", name="Create an account").click()
    page.fill("input[name=email]", "Grace@Example.com")
    page.fill("input[name=display_name]", "Grace Hopper")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", "a different passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".errors")).to_contain_text("The two passwords don't match.")
    screenshot(page, "auth-register-error")

    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".usernav__name")).to_have_text("Grace Hopper")
    expect(page.locator(".flash--success")).to_contain_text("Welcome to IdeaBox, Grace Hopper!")

    page.locator(".usernav").get_by_role("button", name="Sign out", exact=True).click()
    expect(page.locator(".usernav")).to_contain_text("Sign in")
    expect(page.locator(".usernav__name")).to_have_count(0)

    sign_in(page, live_server, "grace@example.com", "wrong passphrase!")
    expect(page.locator(".flash--error")).to_contain_text("That email and password don't match an account.")

    sign_in(page, live_server, "grace@example.com", PASSWORD)
    expect(page.locator(".usernav__name")).to_have_text("Grace Hopper")
    with live_server.app.app_context():
        assert db.session.scalar(select(User.email)) == "grace@example.com"


def test_account_settings(live_server, page, sign_in):
    seed(live_server, casey="customer")
    sign_in(page, live_server, "casey@example.com")
    page.locator(".usernav__name").click()
    expect(page.get_by_role("heading", name="Account settings")).to_be_visible()
    page.fill("input[name=display_name]", "Casey Jones")
    page.select_option("select[name=timezone]", "Europe/Lisbon")
    page.get_by_label("Email me when ideas I follow").uncheck()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash--success")).to_have_text("Your settings are saved.")
    expect(page.locator(".usernav__name")).to_have_text("Casey Jones")
    expect(page.locator("select[name=timezone]")).to_have_value("Europe/Lisbon")
    screenshot(page, "auth-account")


def test_visitor_returns_to_the_page_they_wanted_after_signing_in(live_server, page):
    seed(live_server, pat="pm")
    page.goto(f"{live_server.url}/admin/tags")
    expect(page).to_have_url(re.compile(r"/auth/login\?next="))
    page.fill("input[name=email]", "pat@example.com")
    page.fill("input[name=password]", factories.PASSWORD)
    page.get_by_role("button", name="Sign in").last.click()
    expect(page).to_have_url(f"{live_server.url}/admin/tags")
    expect(page.get_by_role("heading", name="Tags", exact=True)).to_be_visible()


def test_admin_creates_a_board(live_server, page, sign_in):
    seed(live_server, ada="admin", casey="customer")
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Administration", exact=True)).to_be_visible()
    page.locator(".admin__side").get_by_role("link", name="Boards").click()
    expect(page.get_by_text("No boards yet")).to_be_visible()
    page.get_by_role("link", name="New board").first.click()
    page.wait_for_load_state()  # the slug suggester is a deferred script: type once it runs

    page.locator("input[name=name]").press_sequentially("Mobile app")
    expect(page.locator("input[name=slug]")).to_have_value("mobile-app")  # suggested from the name
    page.fill("input[name=slug]", "Mobile App")
    page.get_by_role("button", name="Create board").click()
    expect(page.locator(".field.has-error")).to_contain_text("Lowercase letters, digits and hyphens")

    page.fill("input[name=slug]", "mobile-app")
    page.fill("textarea[name=description]", "Ideas for the iOS and Android apps.")
    page.get_by_role("button", name="Create board").click()
    expect(page.locator(".flash--success")).to_have_text("Board “Mobile app” is saved.")
    expect(page.locator("[data-testid=board-row]")).to_have_count(1)
    expect(page.locator("[data-testid=board-row]")).to_contain_text("/b/mobile-app")

    with live_server.app.app_context():
        for n, name in enumerate(["Web dashboard", "Integrations", "Internal tools"]):
            db.session.add(Board(name=name, slug=f"extra-{n}", description="Where ideas about this go.", is_private=n == 2))
        db.session.commit()
    page.reload()
    screenshot(page, "admin-boards")

    page.on("dialog", lambda dialog: dialog.dismiss())
    page.locator("[data-testid=board-row]", has_text="Integrations").get_by_role("button", name="Delete").click()
    expect(page.locator("[data-testid=board-row]")).to_have_count(4)  # dismissing the question keeps the board
    with live_server.app.app_context():
        assert db.session.scalar(select(Board.description).where(Board.slug == "mobile-app")) == "Ideas for the iOS and Android apps."


def test_admin_changes_a_role_and_suspends(live_server, page, sign_in):
    seed(live_server, ada="admin", casey="customer")
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/admin/users")
    row = page.locator("[data-testid=user-row][data-email='casey@example.com']")
    row.locator("select[name=role]").select_option("pm")
    row.get_by_role("button", name="Save").click()
    expect(page.locator(".flash--success")).to_have_text("Casey is now Product manager.")

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("[data-testid=user-row][data-email='casey@example.com']").get_by_role("button", name="Suspend").click()
    expect(page.locator(".flash--success")).to_contain_text("Casey is suspended")
    screenshot(page, "admin-users")
    with live_server.app.app_context():
        casey = db.session.scalar(select(User).where(User.email == "casey@example.com"))
        assert casey.role.value == "pm" and casey.is_suspended


def test_forgotten_password(live_server, page, sign_in):
    seed(live_server, casey="customer")
    page.goto(f"{live_server.url}/auth/login")
    page.get_by_role("link", name="Forgot password?").click()
    page.fill("input[name=email]", "casey@example.com")
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.locator(".flash--info")).to_contain_text("a link to choose a new password is on its way")

    with live_server.app.app_context():
        body = db.session.scalar(select(OutboxEmail.text_body))
    path = re.search(r"https?://[^/\s]+(/auth/reset/\S+)", body).group(1)
    page.goto(f"{live_server.url}{path}")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator(".flash--success")).to_have_text("Your password is changed and you are signed in.")
    expect(page.locator(".usernav__name")).to_have_text("Casey")

    page.locator(".usernav").get_by_role("button", name="Sign out", exact=True).click()
    sign_in(page, live_server, "casey@example.com", PASSWORD)
    expect(page.locator(".usernav__name")).to_have_text("Casey")


def test_pm_manages_a_customer_account_and_tags(live_server, page, sign_in):
    seed(live_server, pat="pm", casey="customer")
    sign_in(page, live_server, "pat@example.com")
    page.goto(f"{live_server.url}/admin/accounts")
    page.get_by_role("link", name="New account").click()
    page.fill("input[name=name]", "Acme Corp")
    page.fill("input[name=segment]", "Enterprise")
    page.fill("input[name=annual_revenue]", "1200000.5")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".field.has-error")).to_contain_text("Enter a whole number without separators")
    page.fill("input[name=annual_revenue]", "1200000")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".flash--success")).to_have_text("Customer account “Acme Corp” is saved.")

    page.fill("input[name=email]", "casey@example.com")
    page.get_by_role("button", name="Add person").click()
    expect(page.locator("[data-testid=member-row]")).to_contain_text("casey@example.com")
    screenshot(page, "admin-account")

    page.locator(".admin__side").get_by_role("link", name="Tags").click()
    page.get_by_role("link", name="New tag").first.click()
    page.fill("input[name=name]", "Reporting")
    page.fill("input[name=slug]", "reporting")
    page.get_by_role("button", name="Create tag").click()
    expect(page.locator("[data-testid=tag-row]")).to_contain_text("Reporting")

    page.locator(".admin__side").get_by_role("link", name="Overview").click()
    expect(page.locator("[data-testid=count-accounts]")).to_have_text("1")
    expect(page.locator("[data-testid=count-tags]")).to_have_text("1")
    expect(page.locator(".admin__side")).not_to_contain_text("People and roles")
    screenshot(page, "admin-index")


def test_pm_hears_of_each_new_idea_then_by_digest_then_not_at_all(live_server, browser, page, sign_in):
    seed(live_server, casey="customer", pat="pm")
    with live_server.app.app_context():
        factories.make_board(name="Mobile app", slug="mobile")

    def casey_posts(title):
        page.goto(f"{live_server.url}/b/mobile/new")
        page.fill("#title", title)
        page.click("[data-testid=submit-idea]")
        page.wait_for_url("**/ideas/*")

    sign_in(page, live_server, "casey@example.com")
    casey_posts("Offline mode for field work")
    with another_browser(browser) as pm_page:
        sign_in(pm_page, live_server, "pat@example.com")
        expect(pm_page.locator(".bell__count")).to_have_text("1")
        pm_page.goto(f"{live_server.url}/notifications/")
        expect(pm_page.locator("[data-testid=notification]")).to_have_count(1)
        expect(pm_page.locator(".inbox__message")).to_have_text("Casey posted “Offline mode for field work” on Mobile app.")
        screenshot(pm_page, "notifications-new-idea")

        pm_page.goto(f"{live_server.url}/auth/account")
        pm_page.get_by_label("Email them as one daily digest").check()
        pm_page.get_by_role("button", name="Save settings").click()
        expect(pm_page.locator(".flash--success")).to_have_text("Your settings are saved.")
        expect(pm_page.get_by_label("Email them as one daily digest")).to_be_checked()
        screenshot(pm_page, "account-new-idea-digest")
        casey_posts("Calendar sync")
        pm_page.goto(f"{live_server.url}/notifications/")
        expect(pm_page.locator("[data-testid=notification]")).to_have_count(2)  # still told in the app at once
        with live_server.app.app_context():
            pat = db.session.scalar(select(User).where(User.email == "pat@example.com"))
            assert [mail.subject for mail in outbox_for(pat)] == ["New idea: Offline mode for field work"]
            assert send_new_idea_digests() == 1
            db.session.commit()
            assert outbox_for(pat)[-1].subject == "1 new idea to triage"

        pm_page.goto(f"{live_server.url}/auth/account")
        pm_page.get_by_label("Tell me about every new idea").uncheck()
        pm_page.get_by_role("button", name="Save settings").click()
        expect(pm_page.locator(".flash--success")).to_have_text("Your settings are saved.")
        casey_posts("Dark mode")
        pm_page.goto(f"{live_server.url}/notifications/")
        expect(pm_page.locator("[data-testid=notification]")).to_have_count(2)
