"""In a real browser: a customer makes an API token, a script posts an idea with it, the idea shows on the
board, and the revoked token stops working; the page fits a phone."""
import httpx
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import console_errors_of, page_width, screenshot

pytestmark = pytest.mark.browser


def test_a_customer_makes_uses_and_revokes_a_token(live_server, page, sign_in, browser):
    with live_server.app.app_context():
        factories.make_user(email="casey@example.com", display_name="Casey Customer")
        factories.make_board(name="Mobile app", slug="mobile")
        db.session.commit()
    errors = console_errors_of(page)
    sign_in(page, live_server, "casey@example.com")
    page.goto(f"{live_server.url}/auth/account")
    page.get_by_test_id("api-tokens-link").click()
    expect(page.get_by_text("You have no tokens.")).to_be_visible()
    page.get_by_label("What it is for").fill("Weekly export script")
    page.get_by_role("button", name="Make token").click()
    token = page.get_by_test_id("new-token-value").inner_text()
    assert token.startswith("ibx_")
    expect(page.get_by_test_id("token-row")).to_contain_text("Weekly export script")
    screenshot(page, "api-token-made")

    api = f"{live_server.url}/api/v1"
    posted = httpx.post(f"{api}/ideas", json={"board": "mobile", "title": "Calendar sync"},
                        headers={"Authorization": f"Bearer {token}"})
    assert posted.status_code == 201 and posted.json()["author"]["name"] == "Casey Customer"
    page.goto(f"{live_server.url}/b/mobile")
    expect(page.get_by_role("link", name="Calendar sync")).to_be_visible()

    page.goto(f"{live_server.url}/account/api-tokens")
    expect(page.get_by_test_id("new-token-value")).to_have_count(0)  # shown once only
    expect(page.get_by_test_id("token-row")).not_to_contain_text("Never")  # the script used it
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator(".flash--success")).to_contain_text("is revoked")
    refused = httpx.get(f"{api}/ideas", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and refused.json()["code"] == 401

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("What it is for").fill("Phone")
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_test_id("new-token")).to_be_visible()
    assert page_width(page) <= 390
    screenshot(page, "api-token-phone")
    assert errors == []
