"""Keyboard focus after htmx swaps: pressing a button with Enter must not drop the focus to <body>, where the next
Tab starts again from the page's top. Each answer hands the focus to what the person would act on next."""
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from ideabox.extensions import db
from ideabox.models import Idea, Notification, User
from ideabox.models.types import utcnow
from tests import factories
from tests.browser.conftest import screenshot, wait_until
from tests.browser.test_ideas import assert_same_document, mark_page, seed_people_and_idea
from tests.factories_similarity import post_idea

ACTIVE = "document.activeElement"


def press_enter_on(page, selector):
    """Focus an element and press Enter on it, as a keyboard user does."""
    page.focus(selector)
    page.keyboard.press("Enter")


def seed_own_comment(live_server):
    idea_id, email = seed_people_and_idea(live_server)[3], "casey@example.com"
    with live_server.app.app_context():
        author = db.session.scalars(select(User).filter_by(email=email)).one()
        comment_id = factories.make_comment(db.session.get(Idea, idea_id), author, body="Needed in the depot.").id
        db.session.commit()
    return idea_id, comment_id, email


def test_saving_or_cancelling_an_inline_edit_gives_the_focus_back_to_the_edit_link(live_server, page, sign_in):
    idea_id, comment_id, email = seed_own_comment(live_server)
    sign_in(page, live_server, email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    mark_page(page)
    edit_link = f"#comment-{comment_id} [data-testid=edit-comment]"
    on_edit_link = f"{ACTIVE}.matches('{edit_link}')"

    press_enter_on(page, edit_link)
    wait_until(page, f"{ACTIVE}.id === 'comment-edit-{comment_id}'")  # the box, ready to type
    page.keyboard.press("End")
    page.keyboard.type(" And in the plant.")
    press_enter_on(page, "[data-testid=save-comment]")
    page.wait_for_selector(f"#comment-{comment_id} [data-testid=comment-edited]")
    wait_until(page, on_edit_link)

    page.keyboard.press("Enter")  # straight back into the editor from where the focus landed
    wait_until(page, f"{ACTIVE}.id === 'comment-edit-{comment_id}'")
    press_enter_on(page, "[data-testid=cancel-comment-edit]")
    wait_until(page, on_edit_link)

    page.keyboard.press("Enter")
    wait_until(page, f"{ACTIVE}.id === 'comment-edit-{comment_id}'")
    page.keyboard.press("Escape")  # cancels too
    wait_until(page, on_edit_link)
    body = page.locator(f"#comment-{comment_id} .comment__body")
    assert body.inner_text() == "Needed in the depot. And in the plant."
    assert_same_document(page)


def test_escape_in_the_inline_editor_cancels_the_edit(live_server, page, sign_in):
    idea_id, comment_id, email = seed_own_comment(live_server)
    sign_in(page, live_server, email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    mark_page(page)

    press_enter_on(page, f"#comment-{comment_id} [data-testid=edit-comment]")
    wait_until(page, f"{ACTIVE}.id === 'comment-edit-{comment_id}'")
    page.keyboard.type("Half a thought I take back, @ol")
    page.get_by_test_id("mention-menu").wait_for()
    page.keyboard.press("Escape")  # the first Escape closes the list of people to mention, and only it
    page.get_by_test_id("mention-menu").wait_for(state="detached")
    assert page.locator("[data-testid=comment-edit-form]").count() == 1
    page.keyboard.press("Escape")

    page.wait_for_selector(f"article#comment-{comment_id}")
    assert page.locator("[data-testid=comment-edit-form]").count() == 0
    assert page.locator(f"#comment-{comment_id} .comment__body").inner_text() == "Needed in the depot."
    assert_same_document(page)


def seed_notifications(live_server, count=3):
    """A customer with `count` unread notifications; their ids, newest first."""
    with live_server.app.app_context():
        user = factories.make_user(email="nora@example.com", display_name="Nora Notified")
        now = utcnow()
        # the table's columns, whatever the model calls its attributes
        ids = [db.session.execute(insert(Notification.__table__).values(
            user_id=user.id, kind="status_changed", message=f"“Idea {n}” is now Planned.", link="/",
            created_at=now - timedelta(minutes=n))).inserted_primary_key[0] for n in range(count)]
        db.session.commit()
        return user.email, ids


def bell_name(page) -> str:
    return page.locator(".bell").get_attribute("aria-label")


def test_marking_one_notification_read_moves_the_focus_to_the_next_unread_one(live_server, page, sign_in):
    email, (newest, middle, oldest) = seed_notifications(live_server)
    sign_in(page, live_server, email)
    page.goto(f"{live_server.url}/notifications/")
    assert bell_name(page) == "Notifications, 3 unread"  # the count is part of the link's name, not lost behind it
    mark_page(page)

    press_enter_on(page, f"#mark-read-{newest}")
    wait_until(page, f"{ACTIVE}.id === 'mark-read-{middle}'")
    assert page.locator(f"#mark-read-{newest}").count() == 0
    assert bell_name(page) == "Notifications, 2 unread"

    press_enter_on(page, f"#mark-read-{oldest}")  # none unread after it: its own link, still listed
    wait_until(page, f"{ACTIVE}.id === 'notification-{oldest}-link'")
    assert bell_name(page) == "Notifications, 1 unread"
    assert_same_document(page)


def test_marking_one_read_among_unread_only_moves_the_focus_to_the_one_taking_its_place(live_server, page, sign_in):
    email, (newest, middle, oldest) = seed_notifications(live_server)
    sign_in(page, live_server, email)
    page.goto(f"{live_server.url}/notifications/?filter=unread")

    press_enter_on(page, f"#mark-read-{middle}")
    wait_until(page, f"{ACTIVE}.id === 'mark-read-{oldest}'")
    press_enter_on(page, f"#mark-read-{oldest}")  # the last one: the one now above it
    wait_until(page, f"{ACTIVE}.id === 'mark-read-{newest}'")
    press_enter_on(page, f"#mark-read-{newest}")  # nothing left to list
    wait_until(page, f"{ACTIVE}.dataset.testid === 'inbox-status'")
    assert page.evaluate(f"{ACTIVE}.textContent.trim()") == "All notifications are read."
    assert bell_name(page) == "Notifications"


def test_marking_all_read_moves_the_focus_to_a_line_saying_so(live_server, page, sign_in):
    email, _ = seed_notifications(live_server)
    sign_in(page, live_server, email)
    page.goto(f"{live_server.url}/notifications/")
    mark_page(page)

    press_enter_on(page, "#mark-all-read")
    wait_until(page, f"{ACTIVE}.dataset.testid === 'inbox-status'")
    assert page.evaluate(f"{ACTIVE}.textContent.trim()") == "All notifications are read."
    assert page.evaluate(f"{ACTIVE}.getAttribute('role')") == "status"
    assert page.locator("[data-testid=unread-count]").count() == 0
    assert bell_name(page) == "Notifications"
    assert_same_document(page)
    screenshot(page, "notifications-all-read-focus", full_page=False)


@pytest.mark.parametrize("button, answer", [("same-as-yes", "You said your idea is the same as"),
                                            ("same-as-no", "you said your idea is different from")])
def test_answering_same_as_moves_the_focus_to_the_answer(live_server, page, sign_in, button, answer):
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        pm = factories.make_user(role="pm", display_name="Pat PM")
        for title in ("Export reports to CSV", "Dark mode for the mobile app", "Single sign-on with Okta"):
            post_idea(board, pm, title)
        email = factories.make_user(email="casey@example.com").email
        db.session.commit()
    sign_in(page, live_server, email)
    page.goto(f"{live_server.url}/b/mobile/new")
    page.locator("#title").fill("Let me export my reports to CSV files")
    page.get_by_test_id("submit-idea").click()
    page.get_by_test_id("same-as-prompt").wait_for()
    mark_page(page)

    press_enter_on(page, f"[data-testid={button}]")
    wait_until(page, f"{ACTIVE}.dataset.testid === 'same-as-answer'")
    assert answer in page.evaluate(f"{ACTIVE}.textContent")
    assert_same_document(page)
    screenshot(page, f"{button}-answer-focus", full_page=False)
