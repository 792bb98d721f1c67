"""Merging and themes in a real browser: a PM merges duplicates, sees the union of backers, undoes it."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.models import utcnow
from ideabox.themes.services import create_theme, set_effort, set_theme_status
from tests import factories
from tests.browser.conftest import ARTIFACTS, screenshot
from tests.factories_merging import make_proxy_vote, make_vote


def seed(live_server):
    """Two duplicate requests sharing some voters, demand from Acme, and a theme around the primary."""
    app = live_server.app
    app.config["RANK_SEGMENT_WEIGHTS"] = {"enterprise": 3.0}
    with app.app_context(), app.test_request_context():
        board = factories.make_board(name="Acme Tasks", slug="acme-tasks")
        reports = factories.make_board(name="Reporting", slug="reporting")
        pm = factories.make_user(role="pm", email="priya@example.com", display_name="Priya (Product)")
        people = [factories.make_user(display_name=name) for name in ("Sam", "Noor", "Lee", "Ana", "Kofi")]
        primary = factories.make_idea(board, people[0], title="Dark mode for the dashboard",
                                      body="Our support team works night shifts; the bright UI hurts after midnight.",
                                      created_at=utcnow() - timedelta(days=400))
        duplicate = factories.make_idea(board, people[3], title="Night theme please",
                                        body="A darker colour scheme for evening work.")
        related = factories.make_idea(reports, people[4], title="High-contrast charts in reports")
        for voter, days in zip(people[:3], (2, 5, 9)):
            make_vote(primary, voter, days_ago=days)
        for voter in people[1:4]:
            make_vote(duplicate, voter, days_ago=20)
        make_vote(related, people[4], days_ago=1)
        factories.make_comment(duplicate, people[3], "Please — my eyes at 2 a.m. would thank you.")
        make_proxy_vote(primary, factories.make_customer_account("Acme Corp", segment="Enterprise"), pm,
                        days_ago=3, note="Raised on the renewal call; blocking their night shift rollout.")
        theme = create_theme("Dark and high-contrast UI", [primary, related], pm,
                             description="Everything that makes the app easier on the eyes.")
        set_theme_status(theme, "planned", pm, note="Scheduled for the autumn release.")
        set_effort(theme, "m", pm)
        db.session.commit()
        return {"primary": primary.id, "duplicate": duplicate.id, "theme": theme.id, "pm": pm.email}


def backers(page) -> str:
    return page.locator("[data-testid=stat-backers]").inner_text().strip()


@pytest.mark.browser
def test_pm_merges_two_ideas_and_sees_the_union_of_backers(live_server, page, sign_in):
    ids = seed(live_server)
    sign_in(page, live_server, ids["pm"])
    page.goto(f"{live_server.url}/ideas/{ids['primary']}")
    assert backers(page) == "4"  # Sam, Noor, Lee + Acme Corp

    page.get_by_text("Merge another idea into this one").click()
    page.fill("input[name=merge-idea]", "night")
    candidate = page.locator("[data-testid=merge-candidate]", has_text="Night theme please")
    candidate.wait_for()
    page.locator("#merge-panel").screenshot(path=str(ARTIFACTS / "merging-search.png"))
    candidate.get_by_role("button", name="Merge").click()
    page.locator("[data-testid=merged-idea]").wait_for()  # htmx reloads the page after the merge
    assert backers(page) == "5"  # Noor and Lee backed both: they count once; Ana is added
    panel = page.locator("#merge-panel")
    assert panel.locator("[data-testid=merged-idea]").count() == 1
    assert "Night theme please" in panel.inner_text()
    assert "my eyes at 2 a.m." in panel.locator("[data-testid=merged-comments]").inner_text()
    assert "Acme Corp (Enterprise)" in panel.locator("[data-testid=proxy-vote]").inner_text()
    assert "Dark and high-contrast UI" in panel.locator("[data-testid=idea-theme]").inner_text()
    screenshot(page, "merging-idea-page")
    panel.screenshot(path=str(ARTIFACTS / "merging-panel.png"))

    page.goto(f"{live_server.url}/ideas/{ids['duplicate']}")
    assert page.url.endswith(f"/ideas/{ids['primary']}?merged_from={ids['duplicate']}")  # its link still works …
    expect(page.get_by_test_id("merged-from")).to_have_text("“Night theme please” was merged into this idea; "
                                                            "its votes count here.")  # … and says why

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("[data-testid=undo-merge]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=stat-backers]")).to_have_text("4")
    assert page.locator("[data-testid=merged-idea]").count() == 0

    page.goto(f"{live_server.url}/merging/audit")
    actions = page.locator("[data-testid=audit-event]")
    assert [actions.nth(n).get_attribute("data-action") for n in range(actions.count())][:2] == ["undo_merge", "merge"]
    expect(actions.filter(has_text="sized the effort of")).to_contain_text(f"theme #{ids['theme']} at M · 3 points")
    screenshot(page, "merging-audit-log")


@pytest.mark.browser
def test_pm_records_demand_for_a_new_customer_account(live_server, page, sign_in):
    ids = seed(live_server)
    sign_in(page, live_server, ids["pm"])
    page.goto(f"{live_server.url}/ideas/{ids['primary']}")
    page.get_by_text("Record demand for a customer").click()
    page.fill("input[name=proxy-account]", "Globex")
    page.fill("input[name=proxy-segment]", "Mid-market")
    page.fill("textarea[name=proxy-note]", "Support ticket #812")
    page.get_by_role("button", name="Record demand").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=stat-backers]")).to_have_text("5")
    assert "Globex (Mid-market)" in page.locator("#merge-panel").inner_text()

    page.get_by_text("Record demand for a customer").click()
    page.fill("input[name=proxy-account]", "Globex")
    page.get_by_role("button", name="Record demand").click()
    page.locator("#merge-panel .errors", has_text="already recorded").wait_for()
    assert backers(page) == "5"

    page.get_by_text("Move to another theme").click()
    page.fill("input[name=theme-title]", "Night-shift comfort")
    page.get_by_role("button", name="Save theme").click()
    page.locator("[data-testid=idea-theme]", has_text="Night-shift comfort").wait_for()
    page.locator("[data-testid=idea-theme] a").click()
    assert page.locator("[data-testid=theme-title]").inner_text() == "Night-shift comfort"


@pytest.mark.browser
def test_theme_page_for_a_pm_and_for_the_public(live_server, page, sign_in):
    ids = seed(live_server)
    page.goto(f"{live_server.url}/themes/{ids['theme']}")
    assert page.locator("[data-testid=theme-backers] .stat__value").inner_text() == "5"
    assert page.locator("[data-testid=theme-score]").count() == 0
    screenshot(page, "theme-page-public")

    sign_in(page, live_server, ids["pm"])
    page.goto(f"{live_server.url}/themes/{ids['theme']}")
    assert page.locator("[data-testid=theme-score]").count() == 1
    page.get_by_text("How is this ranked?").click()
    assert "enterprise ×3" in page.locator("[data-testid=rank-explainer]").inner_text()
    assert "Spans Acme Tasks, Reporting" in page.inner_text("main")
    screenshot(page, "theme-page-staff")

    page.locator("label.theme-members__pick").last.click()
    page.fill("input[name=new_title]", "High-contrast reports")
    page.get_by_role("button", name="Split into new theme").click()
    page.wait_for_load_state("networkidle")
    assert "Split into a new theme" in page.inner_text(".flashes")
    assert page.locator("[data-testid=theme-members] .idea-row").count() == 1
