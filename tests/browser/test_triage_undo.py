"""A PM accepts duplicates without pulling ideas out of their themes, undoes merges from the toast's link and
from the audit log, reopens a decided group, and deletes a theme left empty."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import Idea, IdeaStatus, Merge, MergeSuggestion, Theme
from ideabox.roadmap.services import publish_release
from ideabox.themes.services import create_theme, set_theme_status
from tests import factories
from tests.browser.conftest import console_errors_of, screenshot
from tests.factories_merging import make_vote
from tests.factories_triage import make_suggestion

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(live_server):
    """“Dark mode” (shipped, with a release note) and “SAML single sign-on”, each with one idea; two pending
    groups: one whose other idea is in no theme, one spanning both themes."""
    app = live_server.app
    with app.app_context(), app.test_request_context():
        board = factories.make_board(name="Web app", slug="web")
        pm = factories.make_user(role="pm", email="pm@example.com", display_name="Pat PM")
        writer = factories.make_user(display_name="Casey")
        titles = ["Add a dark mode", "Night mode to reduce eye strain", "Support SAML single sign-on",
                  "Sign in with our company account", "Dark UI for late shifts"]
        ideas = [factories.make_idea(board, writer, title=title) for title in titles]
        for voter in [factories.make_user() for _ in range(3)]:
            make_vote(ideas[1], voter)
        ideas[1].status = IdeaStatus.SHIPPED  # kept, it may take in the shipped idea: a merge may not set that back
        dark = create_theme("Dark mode", [ideas[0]], pm)
        set_theme_status(dark, IdeaStatus.SHIPPED, pm)
        publish_release(dark, pm, "Dark mode is here: switch it on in Settings.")
        saml = create_theme("SAML single sign-on", [ideas[2]], pm)
        db.session.commit()
        first = make_suggestion([ideas[1], ideas[0]], title="Night mode")
        spanning = make_suggestion([ideas[4], ideas[0], ideas[2]], title="Company sign-in")
        return {"pm": pm.email, "ids": [idea.id for idea in ideas], "dark": dark.id, "saml": saml.id,
                "first": first.id, "spanning": spanning.id}


def group(page, suggestion_id):
    return page.locator(f"#group-{suggestion_id}")


def test_accepting_joins_the_theme_and_the_toast_leads_to_the_undo(page, live_server, sign_in, seeded):
    ids, errors = seeded["ids"], console_errors_of(page)
    sign_in(page, live_server, seeded["pm"])
    page.goto(f"{live_server.url}/triage/")
    card = group(page, seeded["first"])
    expect(card.get_by_test_id("group-hint")).to_contain_text("all of them join the theme “Dark mode”")
    expect(group(page, seeded["spanning"]).get_by_test_id("theme-choice")).to_be_visible()
    screenshot(page, "triage_undo_inbox_hints")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "triage_undo_inbox_mobile")
    page.set_viewport_size({"width": 1280, "height": 860})

    card.locator(f'input[name="primary_id"][value="{ids[1]}"]').check()  # the idea in no theme
    card.locator('[data-action="accept"]').click()
    toast = page.get_by_test_id("toast")
    expect(toast).to_contain_text(f"#{ids[1]} joined the theme “Dark mode”.")
    screenshot(page, "triage_undo_toast", full_page=False)
    with live_server.app.app_context():
        assert db.session.get(Idea, ids[1]).theme_id == seeded["dark"]
        assert db.session.scalars(select(Theme.title).order_by(Theme.id)).all() == ["Dark mode", "SAML single sign-on"]

    toast.get_by_test_id("toast-undo").click()
    page.wait_for_url(f"{live_server.url}/ideas/{ids[1]}#merged-ideas")
    panel = page.get_by_test_id("merge-panel")
    expect(panel.get_by_test_id("undo-merge")).to_be_in_viewport()
    heading = page.locator("#merged-ideas h2")
    expect(heading).to_be_in_viewport()
    assert heading.bounding_box()["y"] > 58  # scrolled to the merged ideas, not under the sticky header
    screenshot(page, "triage_undo_merged_ideas", full_page=False)
    page.once("dialog", lambda dialog: dialog.accept())
    panel.get_by_test_id("undo-merge").click()
    expect(page.get_by_text("Undid the merge of “Add a dark mode”.")).to_be_visible()
    with live_server.app.app_context():
        assert db.session.get(Idea, ids[0]).merged_into_id is None
        assert db.session.get(Idea, ids[0]).theme_id == seeded["dark"]

    page.goto(f"{live_server.url}/triage/history")
    decided = group(page, seeded["first"])
    expect(decided.get_by_test_id("group-state")).to_have_text("Undone")
    screenshot(page, "triage_undo_history_undone")
    decided.locator('[data-action="reopen"]').click()
    expect(page.get_by_test_id("toast")).to_contain_text("Reopened")
    expect(group(page, seeded["first"]).locator('[data-action="accept"]')).to_be_visible()
    expect(page.locator("#pending-count")).to_have_text("2")
    screenshot(page, "triage_undo_history_reopened")
    assert errors == []


def test_choosing_the_theme_then_undoing_from_the_audit_log(page, live_server, sign_in, seeded):
    ids, errors = seeded["ids"], console_errors_of(page)
    sign_in(page, live_server, seeded["pm"])
    page.goto(f"{live_server.url}/triage/")
    card = group(page, seeded["spanning"])
    card.locator(f'input[name="primary_id"][value="{ids[4]}"]').check()
    card.locator('[data-action="accept"]').click()
    expect(card.get_by_test_id("group-error")).to_contain_text("choose the one they all join")
    screenshot(page, "triage_undo_choose_theme")

    card.get_by_test_id("theme-choice").select_option(label="◆ Dark mode · Shipped")
    card.locator('[data-action="accept"]').click()
    toast = page.get_by_test_id("toast")
    expect(toast).to_contain_text(f"#{ids[2]} moved from “SAML single sign-on” to “Dark mode”.")
    expect(toast).to_contain_text("“SAML single sign-on” has no ideas left")
    screenshot(page, "triage_undo_toast_moved", full_page=False)

    page.goto(f"{live_server.url}/merging/audit")
    buttons = page.get_by_test_id("audit-log").get_by_test_id("undo-merge")
    expect(buttons).to_have_count(2)
    screenshot(page, "triage_undo_audit_log")
    page.once("dialog", lambda dialog: dialog.accept())
    buttons.first.click()
    page.wait_for_url(f"{live_server.url}/merging/audit?page=1")
    expect(page.locator(".flash").get_by_text("Undid the merge of")).to_be_visible()
    expect(buttons).to_have_count(1)
    expect(page.get_by_test_id("merge-undone")).to_have_count(1)
    screenshot(page, "triage_undo_audit_log_after")
    with live_server.app.app_context():
        assert db.session.scalars(select(Merge.undone_at).where(Merge.undone_at.is_not(None))).all()
        state = db.session.get(MergeSuggestion, seeded["spanning"]).state
        assert state == "accepted"
    assert errors == []


def test_a_theme_page_says_who_moved_and_deletes_the_theme_left_empty(page, live_server, sign_in, seeded):
    ids = seeded["ids"]
    sign_in(page, live_server, seeded["pm"])
    page.goto(f"{live_server.url}/themes/{seeded['dark']}")
    page.fill("input[name='add-idea']", f"#{ids[2]}")
    page.get_by_role("button", name="Add to theme").click()
    expect(page.get_by_text(f"#{ids[2]} moved from “SAML single sign-on” to “Dark mode”.")).to_be_visible()
    screenshot(page, "triage_undo_theme_moved", full_page=False)

    page.goto(f"{live_server.url}/themes/{seeded['saml']}")
    card = page.get_by_test_id("delete-theme")
    expect(card).to_contain_text("This theme has no ideas left")
    screenshot(page, "triage_undo_theme_empty")
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_test_id("delete-theme-button").click()
    page.wait_for_url(f"{live_server.url}/themes/")
    expect(page.get_by_text("Theme “SAML single sign-on” deleted.")).to_be_visible()
    with live_server.app.app_context():
        assert db.session.get(Theme, seeded["saml"]) is None

