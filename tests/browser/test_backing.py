"""The team's backers list in a real browser: from the idea page to the list, and the CSV download."""
import csv
import io

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import console_errors_of, page_width, screenshot
from tests.factories_merging import make_proxy_vote, make_vote


def seed_backed_idea(live_server):
    with live_server.app.app_context():
        board = factories.make_board(name="Reporting", slug="reporting")
        pm = factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        acme = factories.make_customer_account("Acme Corp", segment="Enterprise", annual_revenue=900_000)
        idea = factories.make_idea(board, pm, title="Schedule reports by email")
        for n, name in enumerate(["Zoë Ørsted", "Ana Early"]):
            voter = factories.make_user(display_name=name, email=f"voter{n}@acme.example.com", customer_account=acme)
            make_vote(idea, voter, days_ago=n + 1)
        make_proxy_vote(idea, factories.make_customer_account("Globex", segment="SMB"), pm, note="Heard on a call")
        db.session.commit()
        return pm.email, idea.id


def test_a_pm_opens_the_backers_list_and_downloads_it(live_server, page, sign_in):
    pm_email, idea_id = seed_backed_idea(live_server)
    console_errors = console_errors_of(page)
    sign_in(page, live_server, pm_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    page.click("[data-testid=see-backers]")
    page.wait_for_selector("[data-testid=backers-table]")
    rows = page.locator("[data-testid=backer]")
    assert rows.count() == 2 and rows.first.inner_text().startswith("Zoë Ørsted")
    assert "2 people voted · demand recorded for 1 customer account" in page.inner_text("[data-testid=backing-summary]")
    assert page.locator("[data-testid=demand]").inner_text().startswith("Globex (SMB)")
    screenshot(page, "idea-backers")

    with page.expect_download() as download_info:
        page.click("[data-testid=backers-csv]")
    download = download_info.value
    assert download.suggested_filename == f"backers-idea-{idea_id}.csv"
    with open(download.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(io.StringIO(exported.read())))
    assert [(row["kind"], row["name"] or row["customer_account"]) for row in rows] == [
        ("person", "Zoë Ørsted"), ("person", "Ana Early"), ("account", "Globex")]
    assert console_errors == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    scroller = page.locator(".table-scroll").first
    assert scroller.evaluate("element => element.scrollWidth > element.clientWidth")  # scrolls sideways on phones
    assert page_width(page) <= 390  # the page itself does not
    screenshot(page, "idea-backers-phone", full_page=False)
