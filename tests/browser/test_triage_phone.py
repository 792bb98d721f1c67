"""The triage inbox on a 390 px phone (QA): the columns' headings are hidden there, so each idea's radio and checkbox
say what they do beside them, the theme's title reads whole, and "Save title" shows without tapping the field first."""
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import page_width, screenshot
from tests.factories_triage import make_suggestion

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TITLES = ["Assign a task to more than one person", "Several assignees per task", "Shared ownership of tasks"]


@pytest.fixture
def inbox(page, live_server, sign_in):
    """A PM's inbox with one group, titled after its lead idea as a recompute titles it."""
    with live_server.app.app_context():
        factories.make_user(role="pm", email="pm@example.com", display_name="Pat PM")
        board = factories.make_board(name="Tasks", slug="tasks")
        ideas = [factories.make_idea(board, factories.make_user(), title=title, body="Our teams share the work.")
                 for title in TITLES]
        make_suggestion(ideas, title=TITLES[0])
    sign_in(page, live_server, "pm@example.com")
    return f"{live_server.url}/triage/"


def test_each_idea_s_controls_say_what_they_do_on_a_phone(page, inbox):
    page.set_viewport_size(PHONE)
    page.goto(inbox)
    group = page.get_by_test_id("group")
    members = group.get_by_test_id("member")
    screenshot(page, "triage_phone", full_page=False)
    for member in members.all():
        for text in ("Keep", "Split off"):
            label = member.locator("label").filter(has_text=text)
            expect(label).to_be_visible()
            box = label.bounding_box()
            assert box["height"] >= 40 and box["x"] + box["width"] <= PHONE["width"], (text, box)  # a thumb's target

    # a tap on the words sets the control they name
    members.nth(1).get_by_text("Keep", exact=True).click()
    expect(members.nth(1).locator("input[name=primary_id]")).to_be_checked()
    expect(members.nth(1).get_by_test_id("kept-badge")).to_be_visible()
    members.nth(2).get_by_text("Split off", exact=True).click()
    expect(members.nth(2).locator("input[name=split_ids]")).to_be_checked()

    title = group.locator("input[name=title]")
    save = group.locator("[data-action=rename]")
    expect(save).to_be_visible()  # without tapping the field first
    field, button = title.bounding_box(), save.bounding_box()
    assert field["y"] + field["height"] <= button["y"] or field["x"] + field["width"] <= button["x"], (field, button)
    assert title.evaluate("input => input.scrollWidth <= input.clientWidth"), "the title is cut off"
    assert page_width(page) <= PHONE["width"]
    members.last.scroll_into_view_if_needed()
    screenshot(page, "triage_phone_chosen", full_page=False)

    save.click()
    expect(page.get_by_test_id("toast")).to_contain_text("Theme title saved.")
    assert page_width(page) <= PHONE["width"]


def test_wide_screens_keep_the_column_headings_instead(page, inbox):
    page.goto(inbox)
    group = page.get_by_test_id("group")
    expect(group.locator(".members__legend")).to_be_visible()
    member = group.get_by_test_id("member").first
    expect(member.get_by_text("Split off", exact=True)).to_be_hidden()
    expect(member.get_by_text("Keep", exact=True)).to_be_hidden()
