"""In a real browser on a phone (390 px wide): the insights dashboard shows each request's figures without a
sideways scroll, and its bar charts' labels whole, above their bars, rather than cut to a third of the width."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, page_width, screenshot
from tests.browser.test_insights import painted
from tests.factories_roadmap import back

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LONG = "Let field teams keep working offline and send their notes once the connection comes back"


def seed(live_server) -> None:
    """An executive; on Reporting four ideas, backed by 5, 3, 2 and 1 people, one with a very long title."""
    with live_server.app.app_context():
        factories.make_user(role="executive", email="eve@example.com", display_name="Eve Exec")
        customer = factories.make_user(email="casey@example.com")
        reporting = factories.make_board(name="Reporting", slug="reporting")
        for title, backers in (("Offline mode for field teams", 5), ("Export dashboards to PowerPoint", 3),
                               (LONG, 2), ("Dark mode", 1)):
            back(factories.make_idea(reporting, customer, title=title), backers)
        db.session.commit()


@pytest.fixture
def phone(browser, live_server, sign_in):
    """A phone-sized page of the signed-in executive."""
    seed(live_server)
    with another_browser(browser) as page:
        page.set_viewport_size(PHONE)
        page.emulate_media(reduced_motion="reduce")
        sign_in(page, live_server, "eve@example.com")
        yield page


def test_each_request_shows_its_backers_and_new_backers_without_scrolling_sideways(phone, live_server):
    errors = console_errors_of(phone)
    phone.goto(f"{live_server.url}/insights/")
    rows = phone.get_by_test_id("top-request")
    expect(rows).to_have_count(4)
    table = phone.get_by_test_id("top-requests")
    assert table.evaluate("table => table.parentElement.scrollWidth <= table.parentElement.clientWidth")
    for row, (backers, new) in zip(rows.all(), [("5", "5"), ("3", "3"), ("2", "2"), ("1", "1")]):
        for testid, figure in (("top-request-backers", backers), ("top-request-new", new)):
            cell = row.get_by_test_id(testid)
            expect(cell).to_have_text(figure)
            box = cell.bounding_box()
            assert box["width"] > 0 and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], (testid, box)
        title = row.locator(".insights-table__lead a").bounding_box()
        assert title["x"] + title["width"] <= PHONE["width"]
    # each figure says what it is: its column's name above it
    label = rows.first.get_by_test_id("top-request-new").evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "New in this period" in label
    board = phone.get_by_test_id("board-row").first
    assert board.get_by_test_id("board-voters").bounding_box()["x"] + 10 < PHONE["width"]
    assert page_width(phone) <= PHONE["width"]
    screenshot(phone, "insights-phone-figures")
    assert errors == []


def test_bar_labels_are_whole_above_their_bars_on_a_phone_and_beside_them_on_a_wide_screen(
        phone, browser, live_server, sign_in):
    errors = console_errors_of(phone)
    phone.goto(f"{live_server.url}/insights/")
    expect(phone.get_by_test_id("top-request")).to_have_count(4)
    chart = phone.evaluate("""() => {
        const chart = Chart.getChart(document.getElementById('chart-top'));
        const upper = chart.getDatasetMeta(0).data, lower = chart.getDatasetMeta(1).data;
        return {labels: chart.scales.y.ticks.map(tick => tick.label), beside: chart.options.scales.y.ticks.display,
                left: chart.chartArea.left, top: upper[0].y - upper[0].height / 2,
                gaps: upper.slice(1).map((bar, i) => (bar.y - bar.height / 2) - (lower[i].y + lower[i].height / 2))};
    }""")
    assert chart["labels"][:2] == ["Offline mode for field teams", "Export dashboards to PowerPoint"]
    assert chart["labels"][3] == "Dark mode"
    cut = chart["labels"][2]  # too long for a phone even so: cut, and whole in the tooltip and the table
    assert cut.endswith("…") and len(cut) > 30 and LONG.startswith(cut[:-1])
    assert chart["beside"] is False and chart["left"] < 20  # the bars have the whole width, the labels above them
    # room for a line of text above the first bars, and between one request's bars and the next's
    assert chart["top"] > 14 and min(chart["gaps"]) > 14
    assert painted(phone, "chart-top") > 1_000 and painted(phone, "chart-boards") > 500
    phone.locator("#chart-top").scroll_into_view_if_needed()
    screenshot(phone, "insights-phone-charts", full_page=False)
    phone.get_by_test_id("top-requests").scroll_into_view_if_needed()
    expect(phone.get_by_role("link", name=LONG)).to_be_visible()
    assert errors == []

    with another_browser(browser) as wide:
        sign_in(wide, live_server, "eve@example.com")
        wide.goto(f"{live_server.url}/insights/")
        expect(wide.get_by_test_id("top-request")).to_have_count(4)
        beside, left = wide.evaluate("""() => {
            const chart = Chart.getChart(document.getElementById('chart-top'));
            return [chart.options.scales.y.ticks.display, chart.chartArea.left];
        }""")
        assert beside is True and left > 100
