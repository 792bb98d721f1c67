"""Keyboard use and screen sizes in a real browser: focus that survives htmx swaps, a header that works at 390px,
and an admin table that fits a 1280px screen."""
import io
from datetime import timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.models import SiteSettings, utcnow
from ideabox.uploads.services import store_image
from tests import factories
from tests.browser.conftest import screenshot
from tests.browser.test_roadmap import seed_roadmap

pytestmark = pytest.mark.browser


PHONE = {"width": 390, "height": 844}
MENU_STATE = """nav => {
    const active = nav.querySelector('.is-active').getBoundingClientRect(), box = nav.getBoundingClientRect();
    const style = getComputedStyle(nav);
    return {visible: active.left >= box.left && active.right <= box.right + 1, scrolled: nav.scrollLeft,
            fadeStart: style.getPropertyValue('--mainnav-fade-start'), fadeEnd: style.getPropertyValue('--mainnav-fade-end')};
}"""


@pytest.fixture
def board_with_idea(live_server):
    """A board with one idea by someone else, and a customer to vote on it."""
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        idea = factories.make_idea(board, factories.make_user(), title="Lock screen widget")
        customer = factories.make_user(email="casey@example.com", display_name="Casey Customer")
        db.session.commit()
        return {"idea_id": idea.id, "email": customer.email}


def settled(page):
    """Wait until htmx has wired up what it swapped in (it marks new content .htmx-added until then)."""
    expect(page.locator(".htmx-added")).to_have_count(0)


def press_twice(page, button):
    """Focus a toggle and press Enter twice: it must turn on, then off, and keep the focus throughout."""
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_be_focused()
    settled(page)
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_be_focused()


def vote_twice_with_the_keyboard(page):
    """Vote and unvote with Enter on the first vote button; focus must stay on it throughout."""
    press_twice(page, page.get_by_test_id("vote-button").first)


def test_keyboard_focus_stays_on_the_vote_button_on_a_board(page, live_server, sign_in, board_with_idea):
    sign_in(page, live_server, board_with_idea["email"])
    page.goto(f"{live_server.url}/b/mobile")
    vote_twice_with_the_keyboard(page)


def test_keyboard_focus_stays_on_the_vote_button_on_the_idea_page(page, live_server, sign_in, board_with_idea):
    sign_in(page, live_server, board_with_idea["email"])
    page.goto(f"{live_server.url}/ideas/{board_with_idea['idea_id']}")
    vote_twice_with_the_keyboard(page)


def test_keyboard_focus_stays_on_the_arrow_a_pm_pressed(live_server, page, sign_in):
    pm_email, _, _ = seed_roadmap(live_server)
    sign_in(page, live_server, pm_email)
    page.goto(f"{live_server.url}/roadmap")
    titles = page.locator("[data-testid=column-planned] .rm-card__title")
    card = page.locator("[data-testid=column-planned] [data-testid=roadmap-card]", has_text="Recurring tasks")
    up, down = card.locator("[data-testid=move-up]"), card.locator("[data-testid=move-down]")
    assert titles.all_inner_texts()[1] == "Recurring tasks"

    up.focus()
    page.keyboard.press("Enter")
    expect(titles.first).to_have_text("Recurring tasks")
    expect(up).to_be_focused()  # on top now: the arrow says it cannot go further, and keeps the focus
    expect(up).to_have_attribute("aria-disabled", "true")
    settled(page)
    page.keyboard.press("Enter")  # does nothing
    page.keyboard.press("Tab")
    expect(down).to_be_focused()
    expect(titles.first).to_have_text("Recurring tasks")
    page.keyboard.press("Enter")
    expect(titles.nth(1)).to_have_text("Recurring tasks")
    expect(down).to_be_focused()


def test_a_phone_reaches_account_settings_from_the_header(page, live_server, sign_in, board_with_idea):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, board_with_idea["email"])
    page.goto(f"{live_server.url}/b/mobile")
    account = page.locator("header").get_by_role("link", name="Account settings")
    expect(account).to_be_visible()
    assert page.locator("header").get_by_text("Casey Customer").is_hidden()  # no room for the name
    screenshot(page, "phone-header-account", full_page=False)
    account.click()
    expect(page).to_have_url(f"{live_server.url}/auth/account")


def test_a_phone_menu_opens_on_the_current_section_and_fades_where_more_items_are(page, live_server, sign_in):
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com")
        db.session.commit()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "ada@example.com")
    menu = page.get_by_role("navigation", name="Main")

    page.goto(f"{live_server.url}/admin/")  # the last of nine items, far off a 390px screen
    state = menu.evaluate(MENU_STATE)
    assert state["visible"] and state["scrolled"] > 0
    assert (state["fadeStart"], state["fadeEnd"]) == ("32px", "0px")  # more to the left only
    screenshot(page, "phone-menu-admin", full_page=False)

    page.goto(f"{live_server.url}/")
    state = menu.evaluate(MENU_STATE)
    assert state["visible"] and state["scrolled"] == 0
    assert (state["fadeStart"], state["fadeEnd"]) == ("0px", "32px")  # more to the right only


def test_the_people_table_shows_its_actions_at_1280px(page, live_server, sign_in):
    """Long emails and customer accounts must not push Suspend/Erase into a side-scroll at the foot of the table."""
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com")
        vandelay = factories.make_customer_account("Vandelay Industries International")
        for n in range(25):
            factories.make_user(email=f"nadia.lindqvist{n}@umbrellalogistics.example.com", display_name=f"Nadia Lindqvist {n}",
                                customer_account=vandelay, last_seen_at=utcnow() - timedelta(minutes=50))
        db.session.commit()
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/admin/users")
    scroller = page.locator(".table-scroll").first
    assert scroller.evaluate("area => area.scrollWidth <= area.clientWidth")
    area = scroller.bounding_box()
    erase = page.get_by_test_id("erase-user").first.bounding_box()
    assert erase["x"] + erase["width"] <= area["x"] + area["width"]
    row = page.get_by_test_id("user-row").filter(has_text="Nadia Lindqvist 3")
    expect(row.get_by_test_id("erase-user")).to_have_accessible_description("Nadia Lindqvist 3")  # whose, said
    screenshot(page, "admin-people-1280", full_page=False)


def test_the_search_box_on_a_phone_is_one_line_high(page, live_server, board_with_idea):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/search?q=lock")
    box = page.locator("#all-search").bounding_box()
    button = page.get_by_test_id("search-form").get_by_role("button", name="Search").bounding_box()
    assert box["height"] < 60 and button["height"] < 60, (box, button)  # the toolbar's column once made it 350 px
    expect(page.get_by_test_id("idea-row")).to_have_count(1)
    screenshot(page, "phone-search", full_page=False)


def test_a_phone_menu_opens_on_the_current_section_without_css_scroll_initial_target(page, live_server, sign_in):
    """Firefox and Safari do not know scroll-initial-target: served a stylesheet without it, the menu must still
    open on the current section (app.js centres it)."""
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com")
        db.session.commit()

    def without_scroll_initial_target(route):
        css = route.fetch().text()
        assert "scroll-initial-target" in css  # the rule this test takes away
        route.fulfill(body=css.replace("scroll-initial-target: nearest;", ""), content_type="text/css")

    page.route("**/static/css/app.css*", without_scroll_initial_target)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "ada@example.com")
    menu = page.get_by_role("navigation", name="Main")
    for path in ("/admin/", "/insights/"):  # the last item, and one in the middle
        page.goto(f"{live_server.url}{path}")
        state = menu.evaluate(MENU_STATE)
        assert state["visible"] and state["scrolled"] > 0, (path, state)
    page.goto(f"{live_server.url}/")
    assert menu.evaluate(MENU_STATE)["scrolled"] == 0


HEADER_ROWS = """bar => {
    const menu = bar.querySelector('.mainnav'), items = [...menu.children];
    const top = element => Math.round(element.getBoundingClientRect().top);
    return {menuRows: new Set(items.map(top)).size, stacked: bar.classList.contains('topbar__inner--stacked'),
            brandAndAccountAligned: Math.abs(top(bar.querySelector('.brand')) - top(bar.querySelector('.usernav'))) < 12,
            menuBelow: top(menu) > top(bar.querySelector('.brand')) + 10, height: Math.round(bar.getBoundingClientRect().height)};
}"""


@pytest.mark.parametrize("locale", ["en", "fr", "de"])
def test_an_admins_long_menu_beside_a_logo_takes_one_row_of_its_own_at_1280px(page, live_server, sign_in, locale):
    """Nine items, a 160px logo and French or German words do not fit beside the account links: the menu moves to
    a second row whole, never wrapping into a third."""
    with live_server.app.app_context():
        admin = factories.make_user(role="admin", email="ada@example.com", display_name="Ada Lovelace-Byron", locale=locale)
        wide = io.BytesIO()
        Image.new("RGB", (480, 64), (15, 118, 110)).save(wide, "PNG")
        wide.seek(0)
        logo = store_image(wide, admin)
        db.session.add(SiteSettings(id=1, name="Northwind Projects feedback", logo_id=logo.id))
        db.session.commit()
    page.set_viewport_size({"width": 1280, "height": 860})
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/admin/")
    state = page.locator(".topbar__inner").evaluate(HEADER_ROWS)
    assert state["menuRows"] == 1 and state["brandAndAccountAligned"], state
    assert state["stacked"] == state["menuBelow"], state
    assert state["height"] < 110, state
    screenshot(page, f"header-admin-logo-{locale}", full_page=False)
    page.context.clear_cookies()  # a visitor's four items fit beside the logo
    page.goto(f"{live_server.url}/")
    visitor = page.locator(".topbar__inner").evaluate(HEADER_ROWS)
    assert visitor["menuRows"] == 1 and not visitor["stacked"] and not visitor["menuBelow"], visitor
