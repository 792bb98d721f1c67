"""In a real browser: an executive opens the insights dashboard, reads its charts, narrows it, and
follows a bar to the request behind it; the page fits a phone."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.models import IdeaStatus
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, page_width, screenshot
from tests.factories_roadmap import back, make_theme

pytestmark = pytest.mark.browser


def seed(live_server) -> dict:
    """An executive; on Mobile app the theme Offline (6 backers over two ideas) and the idea Dark mode
    (4); on the private Enterprise board the idea Audit log (2)."""
    with live_server.app.app_context():
        factories.make_user(role="executive", email="eve@example.com", display_name="Eve Exec")
        customer = factories.make_user(email="casey@example.com")
        mobile = factories.make_board(name="Mobile app", slug="mobile")
        enterprise = factories.make_board(name="Enterprise", slug="enterprise", is_private=True)
        lists, photos = (factories.make_idea(mobile, customer, title=title) for title in ("Offline lists", "Offline photos"))
        back(lists, 4)
        back(photos, 2)
        theme = make_theme("Offline", [lists, photos], status=IdeaStatus.PLANNED)
        back(factories.make_idea(mobile, customer, title="Dark mode"), 4)
        back(factories.make_idea(enterprise, customer, title="Audit log"), 2)
        db.session.commit()
        return {"theme": theme.id}


def chart_values(page, canvas_id: str) -> list:
    """The numbers each dataset of a drawn chart holds, read from Chart.js itself."""
    return page.evaluate("id => Chart.getChart(document.getElementById(id)).data.datasets.map(d => d.data)", canvas_id)


def painted(page, canvas_id: str) -> int:
    """How many pixels of the canvas are not transparent: a chart was really drawn."""
    return page.evaluate("""id => {
        const canvas = document.getElementById(id);
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) count++;
        return count;
    }""", canvas_id)


def arrive(page, url: str) -> None:
    """Wait for the page at url to have run its scripts: the URL changes before they do, and until then
    no chart is drawn and a select does not send its form."""
    expect(page).to_have_url(url)
    page.wait_for_load_state()


def test_an_executive_reads_the_dashboard_and_follows_a_bar(live_server, page, sign_in):
    ids = seed(live_server)
    errors = console_errors_of(page)
    page.emulate_media(reduced_motion="reduce")
    sign_in(page, live_server, "eve@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    arrive(page, f"{live_server.url}/insights/")
    expect(page.get_by_test_id("headline-votes").get_by_test_id("headline-value")).to_have_text("12")
    expect(page.get_by_test_id("headline-voters").get_by_test_id("headline-value")).to_have_text("12")
    rows = page.get_by_test_id("top-request")
    expect(rows.locator("td:nth-child(2) a")).to_have_text(["Offline", "Dark mode", "Audit log"])
    assert chart_values(page, "chart-top") == [[6, 4, 2], [6, 4, 2]]
    assert chart_values(page, "chart-boards")[2] == [2, 0]  # Planned: the theme's two ideas on Mobile app
    for canvas in ("chart-top", "chart-activity", "chart-boards"):
        assert painted(page, canvas) > 2_000, canvas
    screenshot(page, "insights-executive")

    page.get_by_label("Board", exact=True).select_option(label="Enterprise")  # the form sends itself
    arrive(page, f"{live_server.url}/insights/?days=90&board=enterprise")
    expect(rows.locator("td:nth-child(2) a")).to_have_text(["Audit log"])
    page.get_by_label("Period", exact=True).select_option(label="Last 30 days")
    arrive(page, f"{live_server.url}/insights/?days=30&board=enterprise")
    assert len(chart_values(page, "chart-activity")[0]) == 30

    page.get_by_test_id("top-rankings").get_by_role("link", name="New backers").click()
    expect(page).to_have_url(f"{live_server.url}/insights/?days=30&board=enterprise&rank=new")
    expect(rows.locator("td:nth-child(2) a")).to_have_text(["Audit log"])

    page.goto(f"{live_server.url}/insights/")
    bar = page.evaluate("""() => {
        const chart = Chart.getChart(document.getElementById('chart-top'));
        const box = chart.canvas.getBoundingClientRect();
        const first = chart.getDatasetMeta(0).data[0];
        return {x: box.left + (first.base + first.x) / 2, y: box.top + first.y};
    }""")
    page.mouse.click(bar["x"], bar["y"])
    expect(page).to_have_url(f"{live_server.url}/themes/{ids['theme']}")
    assert errors == []


def test_the_dashboard_fits_a_phone(browser, live_server, sign_in):
    seed(live_server)
    with another_browser(browser) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        errors = console_errors_of(page)
        sign_in(page, live_server, "eve@example.com")
        page.goto(f"{live_server.url}/insights/")
        expect(page.get_by_test_id("top-request")).to_have_count(3)
        assert page_width(page) <= 390
        assert painted(page, "chart-top") > 1_000
        screenshot(page, "insights-phone")
        assert errors == []


def test_an_executive_asks_for_the_weekly_email(live_server, page, sign_in):
    seed(live_server)
    errors = console_errors_of(page)
    sign_in(page, live_server, "eve@example.com")
    page.goto(f"{live_server.url}/auth/account")
    box = page.get_by_label("Email me the week's insights every week (product team)")
    expect(box).not_to_be_checked()
    box.check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    expect(page.get_by_label("Email me the week's insights every week (product team)")).to_be_checked()
    assert errors == []
