"""In a real browser: a visitor switches to French in the footer and reads the boards, an idea and, signed in,
their account in French; French words are longer, and every page still fits a phone."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import IdeaStatus
from tests import factories
from tests.browser.conftest import console_errors_of, page_width, screenshot

pytestmark = pytest.mark.browser
PHONE = 390


def seed(live_server) -> int:
    with live_server.app.app_context(), live_server.app.test_request_context():
        pm = factories.make_user(role="pm", display_name="Pat PM")
        factories.make_user(email="camille@example.com", display_name="Camille Client")
        board = factories.make_board(name="Mobile app", slug="mobile", description="Ideas for our phone apps.")
        offline = factories.make_idea(board, pm, title="Offline mode", body="Let me work on the train.")
        factories.make_idea(board, pm, title="Dark mode")
        for _ in range(3):
            cast_vote(offline, factories.make_user())
        change_status(offline, IdeaStatus.IN_PROGRESS, pm, note="Being built.")
        factories.make_comment(offline, pm, "Sync comes first.")
        db.session.commit()
        return offline.id


def fits_the_phone(page, live_server, path: str) -> None:
    page.goto(f"{live_server.url}{path}")
    assert page_width(page) <= PHONE, path


def test_a_visitor_switches_to_french_and_reads_on_in_french(live_server, page, sign_in):
    idea_id = seed(live_server)
    errors = console_errors_of(page)
    page.goto(f"{live_server.url}/b/mobile")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_test_id("language-fr").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/b/mobile"  # back on the page it was switched on
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Feuille de route")).to_be_visible()
    expect(page.get_by_role("link", name="Proposer une idée")).to_be_visible()
    expect(page.get_by_test_id("language-switcher")).to_contain_text("English")
    screenshot(page, "i18n-board-fr")

    page.get_by_role("link", name="Offline mode").click()
    expect(page.locator(".idea-head")).to_contain_text("En cours")
    expect(page.get_by_role("heading", name="1 commentaire")).to_be_visible()
    expect(page.get_by_test_id("vote-button").first).to_have_attribute("title", "Voter pour cette idée")
    screenshot(page, "i18n-idea-fr")

    sign_in(page, live_server, "camille@example.com")
    page.goto(f"{live_server.url}/auth/account")
    expect(page.get_by_role("heading", name="Paramètres du compte")).to_be_visible()
    expect(page.locator("main select[name=locale]")).to_have_value("")  # follows the browser: the visitor's choice still holds
    page.locator("main select[name=locale]").select_option("fr")
    page.get_by_role("button", name="Enregistrer les paramètres").click()
    expect(page.get_by_text("Vos paramètres sont enregistrés.")).to_be_visible()
    screenshot(page, "i18n-account-fr")

    page.set_viewport_size({"width": PHONE, "height": 844})
    for path in ("/", "/b/mobile", f"/ideas/{idea_id}", "/roadmap", "/auth/account", "/notifications/"):
        fits_the_phone(page, live_server, path)
    page.goto(f"{live_server.url}/b/mobile")
    screenshot(page, "i18n-board-fr-phone")
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    screenshot(page, "i18n-idea-fr-phone")
    page.goto(f"{live_server.url}/auth/account")
    screenshot(page, "i18n-account-fr-phone")
    assert errors == []


GERMAN_PAGES = ("/", "/b/mobile", "/roadmap", "/changelog", "/people", "/auth/account", "/notifications/", "/triage/",
                "/themes/", "/insights/", "/admin/", "/admin/site", "/admin/users", "/merging/audit")


def test_an_admin_reads_every_page_in_german_on_a_desktop_and_a_phone(live_server, page, sign_in):
    """German words are the longest IdeaBox speaks ("Änderungsprotokoll"): the pages must still fit."""
    idea_id = seed(live_server)
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin", locale="de")
        db.session.commit()
    errors = console_errors_of(page)
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("link", name="Änderungsprotokoll")).to_be_visible()
    expect(page.locator(".idea-head")).to_contain_text("In Arbeit")
    screenshot(page, "i18n-idea-de")
    for path in GERMAN_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page_width(page) <= 1280, path
    page.goto(f"{live_server.url}/b/mobile")
    screenshot(page, "i18n-board-de")
    page.set_viewport_size({"width": PHONE, "height": 844})
    for path in (*GERMAN_PAGES, f"/ideas/{idea_id}"):
        fits_the_phone(page, live_server, path)
    page.goto(f"{live_server.url}/b/mobile")
    screenshot(page, "i18n-board-de-phone", full_page=False)
    page.goto(f"{live_server.url}/admin/site")
    screenshot(page, "i18n-site-settings-de-phone", full_page=False)
    assert errors == []
