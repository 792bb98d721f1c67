"""Comments in a real browser: the author edits in place and deletes; a PM hides one from customers."""
from ideabox.models import Idea
from tests.browser.conftest import another_browser, console_errors_of, screenshot, wait_until
from tests.browser.test_ideas import assert_same_document, mark_page, seed_people_and_idea


def test_author_edits_and_deletes_in_place_and_a_pm_hides(live_server, browser, page, sign_in):
    _, customer_email, pm_email, idea_id = seed_people_and_idea(live_server)
    console_errors = console_errors_of(page)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    for body in ("Needed in the **depot** basement.", "Second thought, delete me."):
        page.fill("#comment-body", body)
        page.click("[data-testid=post-comment]")
        page.wait_for_selector(f"[data-testid=comment]:has-text('{body.split()[0]}')")
    page.wait_for_selector("[data-testid=stat-comments]:text-is('2')")
    mark_page(page)

    first = page.locator("[data-testid=comment]").first
    first.locator("[data-testid=edit-comment]").click()
    editor = page.locator("[data-testid=comment-edit-form] textarea")
    editor.wait_for()
    assert editor.input_value() == "Needed in the **depot** basement."
    page.click("[data-testid=cancel-comment-edit]")  # cancel puts the comment back untouched
    page.wait_for_selector("[data-testid=comment] strong:text-is('depot')")

    page.locator("[data-testid=comment]").first.locator("[data-testid=edit-comment]").click()
    editor.fill("")
    page.click("[data-testid=save-comment]")
    page.wait_for_selector("[data-testid=comment-edit-form] [role=alert]:has-text('Write something')")
    screenshot(page, "idea-comment-editing", full_page=False)
    editor.fill("Needed in the **plant** basement too.")
    page.click("[data-testid=save-comment]")
    page.wait_for_selector("[data-testid=comment] strong:text-is('plant')")
    assert page.locator("[data-testid=comment-edited]").count() == 1

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-testid=comment]").nth(1).locator("[data-testid=delete-comment]").click()
    page.wait_for_selector("[data-testid=stat-comments]:text-is('1')")
    assert page.locator("[data-testid=comment]").count() == 1
    # the focus left with the button: it lands on the line saying what happened, not on the page's top
    wait_until(page, "document.activeElement.dataset.testid === 'comment-change'")
    assert page.evaluate("document.activeElement.textContent") == "Your comment is deleted."
    assert_same_document(page)
    screenshot(page, "idea-comment-edited")

    with another_browser(browser) as pm_page:
        sign_in(pm_page, live_server, pm_email)
        pm_page.goto(f"{live_server.url}/ideas/{idea_id}")
        assert pm_page.locator("[data-testid=edit-comment]").count() == 0  # nobody rewrites others' words
        pm_page.click("[data-testid=hide-comment]")
        pm_page.wait_for_selector("[data-testid=comment-hidden]")
        wait_until(pm_page, "document.activeElement.dataset.testid === 'show-comment'")  # ready to undo at once
        assert pm_page.locator("[data-testid=stat-comments]").inner_text() == "0"
        screenshot(pm_page, "idea-comment-hidden-staff-view")

    page.reload()
    assert page.locator("[data-testid=comment]").count() == 0
    assert page.locator("#comments-title").inner_text().startswith("0 comments")
    assert console_errors == []  # no failed request either, the favicon included


def test_author_edits_a_comment_on_its_own_page(live_server, page, sign_in):
    """Edit opened in a new tab (or without JavaScript): a page of its own, back to the idea on saving."""
    _, customer_email, _, idea_id = seed_people_and_idea(live_server)
    with live_server.app.app_context():
        from ideabox.extensions import db
        from ideabox.models import User
        from tests import factories

        author = db.session.query(User).filter_by(email=customer_email).one()
        comment_id = factories.make_comment(db.session.get(Idea, idea_id), author, body="Needed in the depot.").id
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/comments/{comment_id}/edit")
    assert page.locator("h1").inner_text() == "Edit your comment"
    page.fill(f"#comment-edit-{comment_id}", "Needed in the **plant** too.")
    screenshot(page, "comment-edit-page")
    page.click("[data-testid=save-comment]")
    page.wait_for_url(f"**/ideas/{idea_id}#comment-{comment_id}")
    assert page.locator(f"#comment-{comment_id} strong").inner_text() == "plant"
    assert page.locator(f"#comment-{comment_id} [data-testid=comment-edited]").count() == 1


def test_a_pm_leaves_an_internal_note_that_the_customer_never_sees(live_server, browser, page, sign_in):
    _, customer_email, pm_email, idea_id = seed_people_and_idea(live_server)
    console_errors = console_errors_of(page)
    sign_in(page, live_server, pm_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    mark_page(page)
    page.fill("#comment-body", "Sales heard this in **three** renewal calls.")
    page.check("[data-testid=internal-note]")
    page.click("[data-testid=post-comment]")
    page.wait_for_selector("[data-testid=comment-internal]")
    assert not page.is_checked("[data-testid=internal-note]")  # the next comment is public unless ticked again
    assert page.locator("[data-testid=stat-comments]").inner_text() == "0"
    assert page.locator("#comments-title").inner_text().startswith("0 comments (and 1 internal note)")
    page.fill("#comment-body", "We are looking into this.")
    page.click("[data-testid=post-comment]")
    page.wait_for_selector("[data-testid=stat-comments]:text-is('1')")
    assert page.locator("[data-testid=comment-internal]").count() == 1
    assert_same_document(page)
    screenshot(page, "idea-internal-note-staff-view")
    assert console_errors == []

    with another_browser(browser) as customer_page:
        sign_in(customer_page, live_server, customer_email)
        customer_page.goto(f"{live_server.url}/ideas/{idea_id}")
        assert customer_page.locator("[data-testid=comment]").count() == 1
        assert "renewal calls" not in customer_page.content()
        assert customer_page.locator("[data-testid=internal-note]").count() == 0
        assert customer_page.locator("#comments-title").inner_text() == "1 comment"
