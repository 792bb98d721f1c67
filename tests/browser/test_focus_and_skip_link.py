"""Keyboard users in a real browser: focus that survives each htmx swap, a skip link past the header, a focus ring
one can see on every kind of control, a header that holds a long name, and sign-up that keeps where one was going."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import screenshot
from tests.browser.test_ideas import seed_people_and_idea
from tests.browser.test_comment_reactions import seed_commented_idea
from tests.browser.test_keyboard_and_phone import PHONE, press_twice, settled

pytestmark = pytest.mark.browser


def test_keyboard_focus_stays_on_the_follow_button(live_server, page, sign_in):
    _slug, customer_email, _pm, idea_id = seed_people_and_idea(live_server)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    press_twice(page, page.get_by_test_id("follow-button"))


def test_keyboard_focus_stays_on_a_reaction_and_lands_on_the_one_picked(live_server, page, sign_in):
    customer_email, idea_id = seed_commented_idea(live_server)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    reactions = page.get_by_test_id("reactions").first
    press_twice(page, reactions.get_by_test_id("reaction-thumbs_up"))
    settled(page)  # the second swap done: the picker is the one on the page now

    reactions.get_by_test_id("add-reaction").focus()
    page.keyboard.press("Enter")  # opens the picker
    expect(reactions.get_by_test_id("pick-tada")).to_be_visible()
    reactions.get_by_test_id("pick-tada").focus()
    page.keyboard.press("Enter")
    tada = reactions.get_by_test_id("reaction-tada")
    expect(tada).to_have_attribute("aria-pressed", "true")
    expect(tada).to_be_focused()  # on the reaction just added: it says "pressed", and Enter takes it back
    settled(page)
    screenshot(page, "focus-reaction-picked", full_page=False)
    page.keyboard.press("Enter")
    expect(tada).to_have_count(0)  # the only tada is gone, and with it the button
    expect(reactions.get_by_test_id("add-reaction")).to_be_focused()


def test_keyboard_focus_after_posting_a_comment_is_in_the_emptied_box(live_server, page, sign_in):
    customer_email, idea_id = seed_commented_idea(live_server)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    box = page.get_by_role("textbox", name="Comment", exact=True)  # the label names the box
    expect(box).to_have_attribute("id", "comment-body")

    page.get_by_test_id("post-comment").focus()
    page.keyboard.press("Enter")  # nothing written: the box says why, and has the focus
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description("Write something before posting your comment.")
    settled(page)

    page.keyboard.type("Underground car parks as well.")
    page.get_by_test_id("post-comment").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("comment").last).to_contain_text("Underground car parks as well.")
    expect(box).to_be_focused()
    expect(box).to_have_value("")
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description("Your comment was posted.")
    settled(page)
    screenshot(page, "focus-comment-posted", full_page=False)
    page.reload()
    expect(box).not_to_be_focused()  # only the answer to a post moves the focus
    expect(box).not_to_have_attribute("aria-describedby", re.compile("."))


def test_keyboard_focus_stays_on_the_changelog_subscription(live_server, page, sign_in):
    with live_server.app.app_context():
        factories.make_user(email="casey@example.com", display_name="Casey Customer")
        db.session.commit()
    sign_in(page, live_server, "casey@example.com")
    page.goto(f"{live_server.url}/changelog")
    press_twice(page, page.get_by_test_id("changelog-subscription"))


def test_a_skip_link_leads_past_the_header_to_the_content(live_server, page, sign_in):
    slug, customer_email, _pm, _idea_id = seed_people_and_idea(live_server)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/b/{slug}")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()  # out of sight for the mouse
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()  # the very first stop
    expect(skip).to_be_in_viewport()
    screenshot(page, "focus-skip-link", full_page=False)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    tabs = 0
    vote = page.get_by_test_id("vote-button").first
    while not vote.evaluate("button => button === document.activeElement"):
        page.keyboard.press("Tab")
        tabs += 1
        assert page.evaluate("!!document.activeElement.closest('main')")  # never back into the header
        assert tabs < 20  # 17 past the filters; 33 from the top of the page without the skip link


# What a focused control shows: whether the browser deems it keyboard-focused, its ring, and the colour around it.
RING = """element => {
    const style = getComputedStyle(element), clear = colour => /rgba\\(.*, 0\\)|transparent/.test(colour);
    let around = element.parentElement;
    while (around && clear(getComputedStyle(around).backgroundColor)) { around = around.parentElement; }
    return {focusVisible: element.matches(':focus-visible'), style: style.outlineStyle,
            width: parseFloat(style.outlineWidth), color: style.outlineColor,
            around: around ? getComputedStyle(around).backgroundColor : 'rgb(255, 255, 255)'};
}"""


def luminance(rgb: str) -> float:
    """Relative luminance of a CSS rgb()/rgba() colour (WCAG 2)."""
    channels = [int(value) / 255 for value in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def assert_visible_ring(page, locator, what):
    """Tab to `locator` (keyboard focus) and check it shows a ring of 2px or more with 3:1 against what is around it."""
    page.keyboard.press("Tab")  # keyboard modality: script focus from here on counts as keyboard focus
    locator.focus()
    ring = locator.evaluate(RING)
    assert ring["focusVisible"], what
    assert ring["style"] != "none" and ring["width"] >= 2, (what, ring)
    assert contrast(ring["color"], ring["around"]) >= 3, (what, ring)


def test_keyboard_focus_shows_a_ring_on_every_kind_of_control(live_server, page, sign_in):
    customer_email, idea_id = seed_commented_idea(live_server)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    assert_visible_ring(page, page.get_by_test_id("vote-button"), "vote button")
    assert_visible_ring(page, page.get_by_test_id("follow-button"), "button")
    assert_visible_ring(page, page.locator("main a.person-link").first, "link")
    assert_visible_ring(page, page.get_by_test_id("add-reaction"), "summary")
    assert_visible_ring(page, page.locator("#comment-body"), "textarea")
    assert_visible_ring(page, page.get_by_role("navigation", name="Main").get_by_role("link").first, "menu link")
    screenshot(page, "focus-ring-menu-link", full_page=False)

    page.goto(f"{live_server.url}/auth/account")
    assert_visible_ring(page, page.locator("main input[type=text]").first, "text field")
    assert_visible_ring(page, page.locator("main input[type=checkbox]").first, "checkbox")
    screenshot(page, "focus-ring-checkbox", full_page=False)
    assert_visible_ring(page, page.locator("main select").first, "select")
    screenshot(page, "focus-ring-select", full_page=False)

    page.goto(f"{live_server.url}/ideas/{idea_id}/report")
    assert_visible_ring(page, page.locator("main input[type=radio]").first, "radio")
    screenshot(page, "focus-ring-radio", full_page=False)


HEADER_FITS = """() => {
    const header = document.querySelector('.topbar'), label = header.querySelector('.usernav__label');
    const signOut = [...header.querySelectorAll('button')].pop().getBoundingClientRect();
    return {height: header.getBoundingClientRect().height,
            sideScroll: document.documentElement.scrollWidth > innerWidth,
            signOutShown: signOut.right <= innerWidth && signOut.left >= 0,
            truncated: label.offsetWidth > 0 && label.scrollWidth > label.clientWidth};
}"""


def test_a_long_name_without_spaces_leaves_the_header_in_one_piece(live_server, page, sign_in):
    with live_server.app.app_context():
        factories.make_user(email="long@example.com", display_name="W" * 80)
        db.session.commit()
    sign_in(page, live_server, "long@example.com")
    page.goto(f"{live_server.url}/")
    fits = page.evaluate(HEADER_FITS)
    screenshot(page, "long-name-header-1280", full_page=False)
    assert fits["truncated"] and not fits["sideScroll"] and fits["signOutShown"], fits
    assert fits["height"] < 80, fits  # one row, as with a short name (it was 168px, the menu in a column)
    account = page.locator("header").get_by_role("link", name="W" * 80)  # all of it, for screen readers
    expect(account).to_be_visible()

    page.set_viewport_size(PHONE)
    fits = page.evaluate(HEADER_FITS)
    screenshot(page, "long-name-header-390", full_page=False)
    assert not fits["sideScroll"] and fits["signOutShown"], fits


def assert_on(page, path, next_path):
    """Wait for the page at `path`, and check its `next` parameter (however it is encoded)."""
    page.wait_for_url(re.compile(re.escape(path) + r"\?"))
    assert parse_qs(urlsplit(page.url).query) == {"next": [next_path]}, page.url


def test_sign_up_from_the_sign_in_page_keeps_where_one_was_going(live_server, page):
    slug, _customer, _pm, _idea_id = seed_people_and_idea(live_server)
    page.goto(f"{live_server.url}/")
    header = page.locator("header")
    expect(header.get_by_role("link", name="Sign in")).to_have_attribute("href", "/auth/login?next=/")  # no stray "?"

    page.goto(f"{live_server.url}/b/{slug}")
    page.get_by_test_id("new-idea").click()
    assert_on(page, "/auth/login", f"/b/{slug}/new")
    header.get_by_role("link", name="Sign up").click()
    assert_on(page, "/auth/register", f"/b/{slug}/new")  # not back to the sign-in page, with the goal nested in it
    header.get_by_role("link", name="Sign in").click()  # and back: still the same destination
    assert_on(page, "/auth/login", f"/b/{slug}/new")
    header.get_by_role("link", name="Sign up").click()
    page.fill("input[name=email]", "grace@example.com")
    page.fill("input[name=display_name]", "Grace Hopper")
    page.fill("input[name=password]", factories.PASSWORD)
    page.fill("input[name=confirm]", factories.PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(f"{live_server.url}/b/{slug}/new")
    expect(page.get_by_role("heading", name="Post an idea")).to_be_visible()
