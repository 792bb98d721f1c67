"""The triage inbox in French and German: the badge on the idea kept is translated, the columns' headings fit,
and what a decision did (with its Undo link) shows where the PM is, not at the top of a long page."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import screenshot
from tests.factories_triage import GROUPS, make_suggestion, seed_backers, seed_corpus

pytestmark = pytest.mark.browser


def seed(live_server, locale) -> None:
    """A PM reading in `locale`; five pending groups: the corpus' four, and one of two other ideas."""
    with live_server.app.app_context():
        factories.make_user(role="pm", email="pm@example.com", display_name="Pat PM", locale=locale)
        ideas = seed_corpus(factories.make_board(name="Reporting", slug="reporting"))
        seed_backers(ideas)
        db.session.commit()
        groups = [sorted(keys) for keys in GROUPS.values()] + [["calendar", "fields"]]
        for keys in groups:
            make_suggestion([ideas[key] for key in keys], title=keys[0])


@pytest.mark.parametrize("locale, kept", [("fr", "conservée"), ("de", "behalten")])
def test_the_kept_badge_is_translated_and_follows_the_choice(page, live_server, sign_in, locale, kept):
    seed(live_server, locale)
    sign_in(page, live_server, "pm@example.com")
    page.goto(f"{live_server.url}/triage/")
    group = page.get_by_test_id("group").first
    members, badges = group.get_by_test_id("member"), group.get_by_test_id("kept-badge")
    expect(badges.filter(visible=True)).to_have_count(1)
    expect(badges.filter(visible=True)).to_have_text(kept)

    members.last.locator("input[name=primary_id]").check()  # the one with the most backers was ticked first
    expect(members.last.get_by_test_id("kept-badge")).to_be_visible()
    expect(badges.filter(visible=True)).to_have_count(1)


@pytest.mark.parametrize("locale", ["fr", "de"])
def test_the_column_headings_fit_their_columns(page, live_server, sign_in, locale):
    seed(live_server, locale)
    sign_in(page, live_server, "pm@example.com")
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"{live_server.url}/triage/")
    group = page.get_by_test_id("group").first
    legend = group.locator(".members__legend")
    spans = legend.locator("span")
    for span in spans.all():
        assert span.evaluate("s => s.scrollWidth <= s.clientWidth"), span.text_content()
    boxes = [span.bounding_box() for span in spans.all()]
    for left, right in zip(boxes, boxes[1:]):
        assert left["x"] + left["width"] <= right["x"], (left, right)
    # each row's radio sits under the Keep heading
    radio = group.get_by_test_id("member").first.locator("input[name=primary_id]").bounding_box()
    assert boxes[0]["x"] <= radio["x"] and radio["x"] + radio["width"] <= boxes[0]["x"] + boxes[0]["width"]
    screenshot(page, f"triage_layout_headings_{locale}", full_page=False)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 860}, {"width": 390, "height": 844}])
def test_the_toast_shows_in_the_window_after_merging_a_group_further_down(page, live_server, sign_in, viewport):
    seed(live_server, "de")
    sign_in(page, live_server, "pm@example.com")
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/triage/")
    accept = page.get_by_test_id("group").nth(3).locator("[data-action=accept]")
    accept.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 300  # far below the top of the page, where the toast used to land
    accept.click()

    toast = page.get_by_test_id("toast")
    expect(toast).to_be_visible()
    expect(page.locator("#triage-toast")).to_have_attribute("aria-live", "polite")
    box, height = toast.bounding_box(), page.evaluate("window.innerHeight")
    assert 0 <= box["y"] and box["y"] + box["height"] <= height, (box, height)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    expect(toast.get_by_test_id("toast-undo")).to_be_visible()
    screenshot(page, f"triage_layout_toast_{viewport['width']}", full_page=False)

    # at the end of the page the toast covers nothing: the page's last line can scroll above it
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer = page.locator("footer").last.bounding_box()
    assert footer["y"] + footer["height"] <= toast.bounding_box()["y"], (footer, toast.bounding_box())
