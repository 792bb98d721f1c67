"""In a real browser: an admin gives the site its name, welcome, logo and colour, and a visitor sees them."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import LOADED_WIDTH, console_errors_of, screenshot
from tests.test_uploads import image_bytes

pytestmark = pytest.mark.browser


def test_an_admin_makes_the_site_their_own(live_server, page, sign_in, tmp_path):
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
        factories.make_board(name="Mobile app", slug="mobile")
        db.session.commit()
    logo = tmp_path / "acme.png"
    logo.write_bytes(image_bytes(size=(240, 64), color=(15, 118, 110)))
    errors = console_errors_of(page)
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Site name and look").click()
    expect(page).to_have_url(f"{live_server.url}/admin/site")

    page.get_by_label("Site name").fill("Acme Feedback")
    page.get_by_label("Accent colour").fill("#ffd400")  # too light for white button text
    page.get_by_test_id("site-form").get_by_role("button", name="Save").click()
    expect(page.get_by_text("White text on #ffd400 is hard to read")).to_be_visible()
    expect(page.get_by_test_id("site-name")).to_have_text("IdeaBox")  # nothing saved
    screenshot(page, "site-settings-refused")

    page.get_by_label("Site name").fill("Acme Feedback")
    page.get_by_label("Welcome heading").fill("What should Acme build next?")
    page.get_by_label("Welcome message").fill("Vote for what matters to you. Read **our guidelines** first.")
    page.get_by_label("Accent colour").fill("#0f766e")
    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_test_id("site-form").get_by_role("button", name="Save").click()
    expect(page.get_by_text("The site's look is saved.")).to_be_visible()
    expect(page.get_by_test_id("current-logo")).to_be_visible()
    expect(page.get_by_test_id("site-name")).to_have_text("Acme Feedback")
    screenshot(page, "site-settings-saved")

    visitor = page.context.browser.new_page()
    visitor.goto(live_server.url)
    expect(visitor).to_have_title("Boards · Acme Feedback")
    expect(visitor.get_by_test_id("welcome-heading")).to_have_text("What should Acme build next?")
    expect(visitor.get_by_test_id("welcome-message").locator("strong")).to_have_text("our guidelines")
    logo_image = visitor.get_by_test_id("site-logo")
    expect(logo_image).to_be_visible()
    assert logo_image.evaluate(LOADED_WIDTH) == 240  # it loaded, under the CSP
    sign_up = visitor.get_by_role("link", name="Sign up")
    assert sign_up.evaluate("a => getComputedStyle(a).backgroundColor") == "rgb(15, 118, 110)"
    screenshot(visitor, "site-settings-home", full_page=False)
    visitor.close()
    assert errors == []
