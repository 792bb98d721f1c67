"""In a real browser: a refused account card shows its reason where the person was, each label focuses its own field,
and an idea's draft (title too) is still there after "Vote for this instead" and Back."""
import re

import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import console_errors_of, screenshot, wait_until
from tests.factories_similarity import CATALOGUE, post_idea

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "a much longer secret"
DUPLICATE_IDS = """() => {
  const seen = {};
  document.querySelectorAll('[id]').forEach(el => { seen[el.id] = (seen[el.id] || 0) + 1; });
  return Object.keys(seen).filter(id => seen[id] > 1);
}"""


@pytest.fixture
def casey(live_server):
    with live_server.app.app_context():
        factories.make_user(email="casey@example.com", display_name="Casey Customer")
    return "casey@example.com"


def card(page, anchor):
    return page.locator(f"section#{anchor}")


def refuse_in(page, anchor):
    """Fill a card of the account page so it is refused for a wrong current password (or an empty name)."""
    section = card(page, anchor)
    if anchor == "password":
        section.get_by_label("Current password").fill("not my password")
        section.get_by_label("New password").fill(NEW_PASSWORD)
        section.get_by_label("Confirm password").fill(NEW_PASSWORD)
        section.get_by_role("button", name="Change password").click()
    elif anchor == "email":
        section.get_by_label("New email").fill("casey.new@example.com")
        section.get_by_label("Current password").fill("not my password")
        section.get_by_role("button", name="Send a link to the new email").click()
    elif anchor == "your-data":
        section.get_by_label("Current password").fill("not my password")
        section.get_by_label("I understand").check()
        section.get_by_test_id("erase-account").click()
    else:
        section.get_by_label("Display name").fill("   ")  # passes the browser's `required`, not the server
        section.get_by_role("button", name="Save settings").click()


@pytest.mark.parametrize(("anchor", "action", "reason"), [
    ("password", "/auth/account/password", "Your current password is not right."),
    ("email", "/auth/account/email", "That is not your current password."),
    ("your-data", "/auth/account/erase", "That is not your current password."),
    ("profile", "/auth/account", "Enter the name other people will see."),
])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_refused_card_shows_its_reason_where_the_person_was(live_server, page, sign_in, casey, anchor, action,
                                                               reason, viewport):
    errors = console_errors_of(page)
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    sign_in(page, live_server, casey)
    page.goto(f"{live_server.url}/auth/account")
    card(page, anchor).scroll_into_view_if_needed()
    refuse_in(page, anchor)
    message = card(page, anchor).get_by_text(reason)
    expect(message).to_be_visible()
    page.wait_for_load_state()
    expect(message).to_be_in_viewport()  # the browser lands at the card, not at the top of a long page
    title_top = card(page, anchor).locator("h2").evaluate("h2 => h2.getBoundingClientRect().top")
    assert title_top >= page.locator(".topbar").evaluate("bar => bar.getBoundingClientRect().bottom")  # not under it
    expect(page).to_have_url(f"{live_server.url}{action}#{anchor}")
    screenshot(page, f"account-refused-{anchor}-{viewport}", full_page=False)
    assert errors == []


def test_a_saved_card_comes_back_to_the_top_where_its_message_is(live_server, page, sign_in, casey):
    sign_in(page, live_server, casey)
    page.goto(f"{live_server.url}/auth/account")
    refuse_in(page, "password")
    section = card(page, "password")
    section.get_by_label("Current password").fill(factories.PASSWORD)
    section.get_by_label("New password").fill(NEW_PASSWORD)
    section.get_by_label("Confirm password").fill(NEW_PASSWORD)
    section.get_by_role("button", name="Change password").click()
    expect(page).to_have_url(f"{live_server.url}/auth/account#top")
    expect(page.locator(".flash--success")).to_contain_text("Your password is changed.")
    wait_until(page, "window.scrollY === 0")
    expect(page.locator(".flash--success")).to_be_in_viewport()
    screenshot(page, "account-password-changed", full_page=False)


@pytest.mark.parametrize("role", ["customer", "admin"])
def test_each_label_focuses_its_own_field_and_no_id_is_used_twice(live_server, page, sign_in, role):
    with live_server.app.app_context():
        factories.make_user(role=role, email="someone@example.com", email_confirmed_at=None)  # "send the link again"
    sign_in(page, live_server, "someone@example.com")
    page.goto(f"{live_server.url}/auth/account")
    assert page.evaluate(DUPLICATE_IDS) == []
    for anchor in ("email", "password", "your-data"):
        section = card(page, anchor)
        section.locator("label", has_text="Current password").click()
        expect(section.get_by_label("Current password")).to_be_focused()
        assert page.evaluate("document.activeElement.closest('section').id") == anchor
    refuse_in(page, "password")  # the page shown again with a card's errors has no twice-used id either
    expect(card(page, "password").locator(".errors")).to_be_visible()
    assert page.evaluate(DUPLICATE_IDS) == []


@pytest.fixture
def seeded(live_server):
    """A board whose ideas include "Export reports to CSV", and a customer."""
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        pm = factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        ideas = {title: post_idea(board, pm, title) for title in CATALOGUE}
        factories.make_user(email="casey@example.com", display_name="Casey Customer")
        db.session.commit()
        return {"export_id": ideas["Export reports to CSV"].id}


TITLE = "Download my reports as a spreadsheet"
DETAILS = "Every Friday I copy the figures by hand."


def test_the_draft_title_comes_back_after_vote_instead_then_back(live_server, page, sign_in, seeded):
    errors = console_errors_of(page)
    sign_in(page, live_server, "casey@example.com")
    page.goto(f"{live_server.url}/b/mobile/new")
    page.locator("#title").press_sequentially(TITLE, delay=10)
    page.locator("#body").fill(DETAILS)
    vote = page.get_by_test_id("similar-box").get_by_test_id("vote-instead").first
    expect(vote).to_be_visible()
    assert page.locator("#title").get_attribute("autocomplete") == "off"  # no browser dropdown over the similar box
    vote.click()
    expect(page).to_have_url(re.compile(rf"/ideas/{seeded['export_id']}$"))

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/b/mobile/new")
    expect(page.locator("#title")).to_have_value(TITLE)
    expect(page.locator("#body")).to_have_value(DETAILS)
    expect(page.get_by_test_id("similar-box").get_by_test_id("similar-item").first).to_contain_text(
        "Export reports to CSV")  # looked up again for the title that came back
    screenshot(page, "idea-draft-after-back", full_page=False)

    page.reload()  # a reload keeps it too, with no notice: the person is where they were
    expect(page.locator("#title")).to_have_value(TITLE)
    expect(page.get_by_test_id("draft-notice")).to_have_count(0)

    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/b/mobile/new")  # come back by a link: the draft, and the offer to discard it
    expect(page.locator("#title")).to_have_value(TITLE)
    expect(page.locator("#body")).to_have_value(DETAILS)
    expect(page.get_by_test_id("draft-notice")).to_contain_text("Your unsent draft is back.")
    screenshot(page, "idea-draft-by-link", full_page=False)
    page.get_by_test_id("discard-draft").click()
    expect(page.locator("#title")).to_have_value("")
    expect(page.locator("#body")).to_have_value("")
    expect(page.locator("#title")).to_be_focused()
    expect(page.get_by_test_id("draft-notice")).to_have_count(0)
    page.reload()  # discarded for good
    expect(page.locator("#title")).to_have_value("")
    page.locator("#title").fill("Offline mode for field work")
    page.get_by_test_id("submit-idea").click()
    expect(page).to_have_url(re.compile(r"/ideas/\d+\?submitted=1$"))
    page.wait_for_load_state()  # the idea's page, shown: its script forgets the posted draft as it runs
    page.go_back()  # back to the form just posted: Chromium restores nothing of it, and neither do we
    expect(page).to_have_url(f"{live_server.url}/b/mobile/new")
    expect(page.locator("#title")).to_have_value("")
    assert errors == []


def test_a_comment_draft_survives_a_reload_and_signing_out_forgets_it(live_server, page, sign_in, seeded):
    sign_in(page, live_server, "casey@example.com")
    idea_page = f"{live_server.url}/ideas/{seeded['export_id']}"
    page.goto(idea_page)
    page.locator("#comment-body").fill("Half a thought about the export")
    page.reload()
    expect(page.locator("#comment-body")).to_have_value("Half a thought about the export")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    sign_in(page, live_server, "casey@example.com")  # the next person at this tab, or the same: nothing left over
    page.goto(idea_page)
    expect(page.locator("#comment-body")).to_have_value("")
    expect(page.get_by_test_id("draft-notice")).to_have_count(0)


def test_an_idea_sent_after_signing_out_elsewhere_comes_back_filled_after_signing_in(live_server, page, sign_in,
                                                                                      seeded):
    """Signed out in another tab (or the session ended), the send leads to sign in, then to the form again: what
    was typed is there to post, and gone once it is posted."""
    sign_in(page, live_server, "casey@example.com")
    page.goto(f"{live_server.url}/b/mobile/new")
    page.locator("#title").fill(TITLE)
    page.locator("#body").fill(DETAILS)
    other_tab = page.context.new_page()
    other_tab.goto(f"{live_server.url}/")
    other_tab.get_by_role("button", name="Sign out").click()
    # closed mid-navigation, a Chromium tab can acknowledge the close and stay open, hanging the test for good
    # (crbug.com/536385539, playwright#42068): close it once the signed-out page has loaded
    expect(other_tab.get_by_role("link", name="Sign in")).to_be_visible()
    other_tab.wait_for_load_state()
    other_tab.close()
    page.get_by_test_id("submit-idea").click()
    expect(page).to_have_url(re.compile(r"/auth/login\?next="))
    from tests.browser.conftest import fill_login_form

    fill_login_form(page, "casey@example.com")
    expect(page).to_have_url(f"{live_server.url}/b/mobile/new")
    expect(page.locator("#title")).to_have_value(TITLE)
    expect(page.locator("#body")).to_have_value(DETAILS)
    page.get_by_test_id("submit-idea").click()
    expect(page).to_have_url(re.compile(r"/ideas/\d+\?submitted=1$"))
    page.wait_for_load_state()  # the idea's page, shown: its script forgets the posted draft as it runs
    page.goto(f"{live_server.url}/b/mobile/new")  # posted: a new idea starts empty
    expect(page.locator("#title")).to_have_value("")
    expect(page.locator("#body")).to_have_value("")
