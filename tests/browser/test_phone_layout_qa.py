"""On a phone (390 px wide), in German and French, pages whose longer words used to push the page sideways or cut
their controls short: the similar ideas under a new idea's title, the reaction picker of a comment near the right
edge, and the insights filter."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ideabox.comments.reactions import toggle_reaction
from ideabox.extensions import db
from ideabox.models import Idea
from tests import factories
from tests.browser.conftest import page_width, screenshot
from tests.factories_roadmap import back
from tests.factories_similarity import CATALOGUE, post_idea

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def assert_no_sideways_scroll(page) -> None:
    """The page is no wider than the window."""
    scroll_width, window_width = page_width(page), page.evaluate("innerWidth")
    assert scroll_width <= window_width, f"the page is {scroll_width}px wide in a {window_width}px window"


def assert_inside_the_window(locator) -> None:
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


@pytest.fixture
def phone(browser):
    """A phone-sized page in a browser context of its own."""
    context = browser.new_context(viewport=PHONE, locale="de-DE", timezone_id="UTC")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_similar_ideas_fit_a_phone_with_the_vote_button_under_the_title(phone, live_server, sign_in, locale):
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        pm = factories.make_user(role="pm", display_name="Pat PM")
        for title in CATALOGUE:
            post_idea(board, pm, title)
        factories.make_user(email="kim@example.com", display_name="Kim Kunde", locale=locale)
        db.session.commit()
    sign_in(phone, live_server, "kim@example.com")
    phone.goto(f"{live_server.url}/b/mobile/new")
    phone.locator("#title").press_sequentially("Download my reports as a spreadsheet", delay=20)
    item = phone.get_by_test_id("similar-item").first
    expect(item.get_by_test_id("vote-instead")).to_be_visible()
    screenshot(phone, f"phone_layout_similar_{locale}", full_page=False)

    assert_no_sideways_scroll(phone)
    assert_inside_the_window(item.get_by_test_id("vote-instead"))
    # the title keeps at least half the row rather than a word per line beside the button
    title, row = item.locator(".similar-results__title").bounding_box(), item.bounding_box()
    assert title["width"] >= row["width"] / 2, (title, row)


def test_the_reaction_picker_near_the_right_edge_stays_in_the_window(phone, live_server, sign_in):
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        author = factories.make_user(display_name="Tomás Adeyemi")
        idea = factories.make_idea(board, author, title="Offline mode")
        comment = factories.make_comment(idea, author, body="Even read-only offline access would help.")
        for kind in ("thumbs_up", "heart", "tada", "thinking"):
            toggle_reaction(comment, factories.make_user(), kind)
        factories.make_user(email="kim@example.com", display_name="Kim Kunde", locale="de")
        db.session.commit()
        idea_id = db.session.scalar(select(Idea.id).where(Idea.title == "Offline mode"))
    sign_in(phone, live_server, "kim@example.com")
    phone.goto(f"{live_server.url}/ideas/{idea_id}")
    reactions = phone.get_by_test_id("reactions").first
    reactions.get_by_test_id("add-reaction").click()
    menu = reactions.locator(".reaction-picker__menu")
    expect(menu).to_be_visible()
    menu.scroll_into_view_if_needed()
    screenshot(phone, "phone_layout_reaction_picker_de", full_page=False)

    assert_no_sideways_scroll(phone)
    assert_inside_the_window(menu)
    for choice in menu.locator(".reaction-picker__choice").all():
        assert_inside_the_window(choice)
    menu.get_by_test_id("pick-eyes").click()  # every emoji can be reached and picked
    expect(reactions.get_by_test_id("reaction-eyes")).to_contain_text("1")


# what the select needs to show its chosen option whole: the text, its padding and the arrow
SELECT_NEEDS = """select => {
  const style = getComputedStyle(select), pen = document.createElement("canvas").getContext("2d");
  pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = pen.measureText(select.options[select.selectedIndex].text).width;
  return [Math.ceil(text + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 16), select.clientWidth];
}"""


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_the_insights_filter_shows_its_choices_whole_on_a_phone(phone, live_server, sign_in, locale):
    with live_server.app.app_context():
        factories.make_user(role="executive", email="eve@example.com", display_name="Eve Exec", locale=locale)
        board = factories.make_board(name="Reporting and analytics", slug="reporting")
        back(factories.make_idea(board, factories.make_user(), title="Offline mode for field teams"), 2)
        db.session.commit()
    sign_in(phone, live_server, "eve@example.com")
    phone.goto(f"{live_server.url}/insights/")
    form = phone.get_by_test_id("insights-filter")
    expect(form).to_be_visible()
    screenshot(phone, f"phone_layout_insights_{locale}", full_page=False)

    assert_no_sideways_scroll(phone)
    for select in form.locator("select").all():
        needs, has = select.evaluate(SELECT_NEEDS)
        shown = select.evaluate("select => select.options[select.selectedIndex].text")
        assert needs <= has, f"“{shown}” needs {needs}px, its select is {has}px wide"
    assert_inside_the_window(form.get_by_role("button"))


def test_deeply_nested_text_and_wide_tables_scroll_in_their_box_not_the_page(phone, live_server):
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        table = "| " + " | ".join(f"column {n}" for n in range(30)) + " |\n|" + "---|" * 30 + "\n| " + " | ".join(
            "x" for _ in range(30)) + " |"
        quotes = ">" * 30 + " A quote in thirty quotes."
        idea_id = factories.make_idea(board, factories.make_user(), title="Deep", body=f"{table}\n\n{quotes}").id
    phone.goto(f"{live_server.url}/ideas/{idea_id}")
    expect(phone.get_by_text("A quote in thirty quotes.")).to_be_attached()
    assert_no_sideways_scroll(phone)
    heading = phone.locator(".idea-body th").first
    assert heading.bounding_box()["height"] < 40  # "column 0" on one line, not a letter a line
    screenshot(phone, "phone-deep-markdown", full_page=False)
