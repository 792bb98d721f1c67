"""Boards and ideas in a real browser: submit, vote in place, comment, follow, set status; screenshots."""
import shutil
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from ideabox.backers import recount
from ideabox.extensions import db
from ideabox.models import IdeaStatus, StatusChange, User, Vote, utcnow
from tests import factories
from tests.browser.conftest import another_browser, fill_login_form, page_width, screenshot

DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-board.png"

# (title, body, status, backers, days old, tags, comments)
REALISTIC_IDEAS = [
    ("Export reports to CSV and Excel", "Finance rebuilds our monthly numbers by hand. A one-click export of any report would save us hours every month.", IdeaStatus.PLANNED, 48, 40, ["Reports"], 6),
    ("Dark mode", "Our support team works night shifts; the bright UI is hard on the eyes after midnight.", IdeaStatus.IN_PROGRESS, 41, 60, ["Design"], 9),
    ("Slack notifications when a ticket is assigned", "Post to a channel or DM the assignee so nobody has to keep the app open all day.", IdeaStatus.OPEN, 33, 12, ["Integrations"], 4),
    ("Offline mode for the mobile app", "Field technicians lose signal in basements. Let them capture notes offline and sync later.", IdeaStatus.UNDER_REVIEW, 29, 25, ["Mobile"], 5),
    ("Single sign-on with Okta and Azure AD", "IT won't roll out another password. SAML or OIDC SSO is a must for our enterprise plan.", IdeaStatus.SHIPPED, 27, 90, ["Security", "Integrations"], 3),
    ("Bulk edit tasks", "Select twenty tasks and change the due date or assignee at once instead of one by one.", IdeaStatus.OPEN, 21, 6, ["Productivity"], 2),
    ("Recurring tasks", "Weekly inspections and monthly reviews should create themselves.", IdeaStatus.PLANNED, 18, 33, ["Productivity"], 3),
    ("Custom fields on projects", "We track a PO number and a cost centre per project; today that lives in the description.", IdeaStatus.OPEN, 14, 3, ["Reports"], 1),
    ("Two-factor authentication with passkeys", "TOTP is fine, but passkeys would be even better for our field staff.", IdeaStatus.UNDER_REVIEW, 11, 15, ["Security"], 2),
    ("Calendar view for due dates", "A month view helps planning around holidays.", IdeaStatus.OPEN, 8, 2, ["Design"], 0),
    ("Zapier integration", "Connect to the 5,000 apps our ops team already uses.", IdeaStatus.DECLINED, 6, 70, ["Integrations"], 1),
    ("Keyboard shortcuts for power users", "j/k to move, e to edit, / to search — like Gmail.", IdeaStatus.OPEN, 3, 1, ["Productivity"], 0),
]


FIRST_NAMES = ["Maya", "Tomás", "Aisha", "Jonas", "Priya", "Liam", "Sofia", "Kenji", "Amara", "Noah", "Elena", "Omar"]
LAST_NAMES = ["Chen", "Okafor", "Müller", "Rossi"]


def seed_realistic_board(live_server):
    """A board with a dozen believable ideas: varied votes, statuses, tags, ages and comments."""
    with live_server.app.app_context():
        board = factories.make_board(
            name="Acme Tasks", slug="acme-tasks", description="Ideas for the Acme Tasks web and mobile apps."
        )
        tags = {name: factories.make_tag(name) for name in ["Reports", "Design", "Integrations", "Mobile", "Security", "Productivity"]}
        voters = [factories.make_user(display_name=f"{FIRST_NAMES[n % 12]} {LAST_NAMES[n // 12]}") for n in range(48)]
        pm = factories.make_user(role="pm", display_name="Priya (Product)")
        for title, body, status, backers, days, tag_names, comments in REALISTIC_IDEAS:
            created = utcnow() - timedelta(days=days)
            idea = factories.make_idea(board, voters[(backers * 7) % 48], title=title, body=body, status=status, created_at=created)
            idea.tags = [tags[name] for name in tag_names]
            for n, voter in enumerate(voters[:backers]):
                db.session.add(Vote(idea_id=idea.id, user_id=voter.id, created_at=created + timedelta(hours=n * days / max(backers, 1) * 20)))
            if status != IdeaStatus.OPEN:
                db.session.add(StatusChange(idea_id=idea.id, from_status=IdeaStatus.OPEN, to_status=status, changed_by_id=pm.id))
            idea.comment_count = comments
            db.session.flush()
            recount(idea)
        db.session.commit()
        return board.slug, voters[20].email


def test_board_screenshot_desktop_and_mobile(live_server, page, sign_in):
    slug, voter_email = seed_realistic_board(live_server)
    sign_in(page, live_server, voter_email)
    page.goto(f"{live_server.url}/b/{slug}")
    assert page.locator(".vote.is-voted").count() == 6  # the 21st customer backed the six ideas with 21+ backers
    assert page.locator("[data-testid=idea-row]").count() == 12
    path = screenshot(page, "board")
    DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
    shutil.copyfile(path, DOCS_SCREENSHOT)
    # The toolbar is plain links and a GET form: sort, filter and search compose.
    page.click("nav.tabs >> text=Trending")
    page.click("text=How is Trending computed?")
    assert "hours since the vote" in page.locator(".trending-hint").inner_text()
    page.click(".board-filters >> text=Planned")
    page.fill("#board-search", "export")
    page.press("#board-search", "Enter")
    page.wait_for_url("**/b/acme-tasks?sort=trending&status=planned&q=export")
    assert "Export reports to CSV and Excel" in page.locator("[data-testid=idea-row]").inner_text()
    assert page.locator("[data-testid=idea-row]").count() == 1
    screenshot(page, "board-filtered")
    # "Yours" narrows the board to what this person backs, and a second click widens it again.
    page.goto(f"{live_server.url}/b/{slug}")
    page.click("[data-testid=mine-filters] >> text=Voted for")
    page.wait_for_url("**/b/acme-tasks?mine=voted")
    assert page.locator("[data-testid=idea-row]").count() == page.locator(".vote.is-voted").count() == 6
    page.click("[data-testid=mine-filters] >> text=Voted for")
    page.wait_for_url("**/b/acme-tasks")
    assert page.locator("[data-testid=idea-row]").count() == 12
    page.goto(f"{live_server.url}/")
    screenshot(page, "home")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/b/{slug}")
    # Nothing sticks out sideways on a phone.
    assert page_width(page) <= 390
    screenshot(page, "board-mobile", full_page=False)
    page.goto(f"{live_server.url}/")
    assert page_width(page) <= 390
    screenshot(page, "home-mobile", full_page=False)


def seed_people_and_idea(live_server):
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile", description="Our iOS and Android apps.")
        customer = factories.make_user(email="casey@example.com", display_name="Casey Customer")
        pm = factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        other = factories.make_user(display_name="Olive Other")
        idea = factories.make_idea(board, other, title="Offline mode for field work", body="No signal in basements.")
        db.session.add(Vote(idea_id=idea.id, user_id=other.id))
        db.session.flush()
        recount(idea)
        db.session.commit()
        return board.slug, customer.email, pm.email, idea.id


def mark_page(page):
    """Tag the current document so a reload or navigation would be noticed."""
    page.evaluate("document.documentElement.dataset.marker = 'still-here'")


def assert_same_document(page):
    assert page.evaluate("document.documentElement.dataset.marker") == "still-here"


def test_customer_submits_votes_comments_follows(live_server, page, sign_in):
    slug, customer_email, _, other_idea_id = seed_people_and_idea(live_server)
    sign_in(page, live_server, customer_email)

    page.goto(f"{live_server.url}/b/{slug}")
    page.click("[data-testid=new-idea]")
    page.fill("#title", "Dark mode for night shifts")
    page.fill("textarea[name=body]", "Our team works **nights**. <script>alert(1)</script>")
    screenshot(page, "new-idea")
    page.click("[data-testid=submit-idea]")
    page.wait_for_url("**/ideas/*?submitted=1")
    assert page.locator("h1.idea-title").inner_text() == "Dark mode for night shifts"
    assert page.locator(".idea-body strong").inner_text() == "nights"
    assert page.locator(".idea-head .vote.is-voted [data-testid=vote-count]").inner_text() == "1"
    own_idea_url = page.url.split("?")[0]

    # Vote on someone else's idea from the board: the count changes in place, no reload.
    page.goto(f"{live_server.url}/b/{slug}")
    row = page.locator(f"#idea-{other_idea_id}")
    assert row.locator("[data-testid=vote-count]").inner_text() == "1"
    mark_page(page)
    row.locator("[data-testid=vote-button]").click()
    page.wait_for_selector(f"#vote-{other_idea_id} .vote.is-voted")
    assert row.locator("[data-testid=vote-count]").inner_text() == "2"
    assert_same_document(page)
    row.locator("[data-testid=vote-button]").click()
    page.wait_for_selector(f"#vote-{other_idea_id} .vote:not(.is-voted)")
    assert row.locator("[data-testid=vote-count]").inner_text() == "1"
    row.locator("[data-testid=vote-button]").click()
    page.wait_for_selector(f"#vote-{other_idea_id} .vote.is-voted")
    assert_same_document(page)

    # Comment and follow on the idea page, both in place.
    page.goto(f"{live_server.url}/ideas/{other_idea_id}")
    mark_page(page)
    page.fill("#comment-body", "Same for our **warehouse** team.")
    page.click("[data-testid=post-comment]")
    page.wait_for_selector("[data-testid=comment] strong")
    assert "warehouse" in page.locator("[data-testid=comment]").inner_text()
    assert page.locator("#comment-body").input_value() == ""
    assert page.locator("[data-testid=stat-comments]").inner_text() == "1"
    # Commenting made the customer a follower; the button says so without a reload.
    page.wait_for_selector("[data-testid=follow-button][aria-pressed=true]")
    page.click("[data-testid=follow-button]")
    page.wait_for_selector("[data-testid=follow-button][aria-pressed=false]")
    assert "Follow" in page.locator("[data-testid=follow-button]").inner_text()
    page.click("[data-testid=follow-button]")
    page.wait_for_selector("[data-testid=follow-button][aria-pressed=true]")
    assert "Following" in page.locator("[data-testid=follow-button]").inner_text()
    # Voting on the idea page updates the button and the sidebar's counts in place.
    page.click(".idea-head [data-testid=vote-button]")
    page.wait_for_selector(".idea-head .vote:not(.is-voted)")
    assert page.locator("[data-testid=stat-backers]").inner_text() == "1"
    page.click(".idea-head [data-testid=vote-button]")
    page.wait_for_selector(".idea-head .vote.is-voted")
    assert page.locator("[data-testid=stat-backers]").inner_text() == "2"
    assert_same_document(page)
    screenshot(page, "idea-customer")

    # The same state survives a reload (it was saved, not just drawn).
    page.reload()
    assert page.locator(".idea-head .vote.is-voted [data-testid=vote-count]").inner_text() == "2"
    assert page.locator("[data-testid=follow-button][aria-pressed=true]").count() == 1

    # The author withdraws their own idea after confirming; it leaves the board.
    page.goto(own_idea_url)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("[data-testid=withdraw]")
    assert page.url == own_idea_url
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=withdraw]")
    page.wait_for_url(f"{live_server.url}/b/{slug}")
    assert "Your idea was withdrawn." in page.content()
    assert "Dark mode for night shifts" not in page.locator("[data-testid=idea-list]").inner_text()


def test_comments_show_tables_and_runaway_markdown_as_plain_text(live_server, page, sign_in):
    slug, customer_email, _, idea_id = seed_people_and_idea(live_server)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    table = "Where we lose signal:\n\n| Site | Floor | Signal |\n|---|---|:-:|\n| Depot | -1 | none |\n| Plant |\n"
    page.fill("#comment-body", table)
    page.click("[data-testid=post-comment]")
    page.wait_for_selector("[data-testid=comment] table")
    # a link reference used a thousand times would be a megabyte of links: it stays text
    runaway = "[x]: https://example.com/" + "a" * 900 + "\n\nSee " + "[x]" * 1300
    page.fill("#comment-body", runaway[:5000])
    page.click("[data-testid=post-comment]")
    page.wait_for_selector("[data-testid=stat-comments]:text-is('2')")
    comments = page.locator("[data-testid=comment]")
    assert comments.nth(0).locator("tbody tr").count() == 2
    assert comments.nth(0).locator("tbody tr").nth(1).locator("td").count() == 3  # the short row is padded
    signal = comments.nth(0).locator("tbody tr").nth(0).locator("td").nth(2)
    assert signal.evaluate("cell => getComputedStyle(cell).textAlign") in ("center", "-webkit-center")
    assert comments.nth(0).locator("th").nth(0).evaluate("cell => getComputedStyle(cell).textAlign") == "left"
    assert comments.nth(1).locator(".comment__body a").count() == 0
    assert "See [x][x][x]" in comments.nth(1).inner_text()
    page.reload()
    assert page.locator("[data-testid=comment]").nth(1).locator(".comment__body a").count() == 0
    screenshot(page, "idea-comments-markdown")


def test_pm_sets_status_with_a_highlighted_official_reply(live_server, browser, sign_in):
    slug, _, pm_email, idea_id = seed_people_and_idea(live_server)
    with another_browser(browser) as page:
        sign_in(page, live_server, pm_email)
        page.goto(f"{live_server.url}/ideas/{idea_id}")
        assert not page.locator("details.release-note").evaluate("element => element.open")
        page.select_option("[data-testid=status-form] select[name=status]", "shipped")
        assert page.locator("details.release-note").evaluate("element => element.open")
        page.select_option("[data-testid=status-form] select[name=status]", "planned")
        page.fill("[data-testid=status-form] textarea[name=note]", "Planned for the **June** release.")
        page.click("[data-testid=status-form] button[type=submit]")
        page.wait_for_selector("[data-testid=official-reply]")
        reply = page.locator("[data-testid=official-reply]")
        assert "June" in reply.inner_text() and "Planned" in reply.inner_text()
        background = reply.evaluate("element => getComputedStyle(element).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
        assert page.locator("[data-testid=idea-status]").inner_text().lower() == "planned"
        assert "Planned" in page.locator("[data-testid=status-history]").inner_text()
        screenshot(page, "idea-pm")
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        assert page_width(page) <= 390
        screenshot(page, "idea-mobile")


def test_visitor_who_votes_signs_in_and_comes_back(live_server, page):
    slug, customer_email, _, idea_id = seed_people_and_idea(live_server)
    page.goto(f"{live_server.url}/b/{slug}?sort=new")
    page.locator(f"#idea-{idea_id} [data-testid=vote-button]").click()
    page.wait_for_url("**/auth/login?next=**")
    assert "Sign in to vote" in page.content()
    fill_login_form(page, customer_email)
    page.wait_for_url(f"{live_server.url}/b/{slug}?sort=new")
    # Back where they were, and now one click votes.
    page.locator(f"#idea-{idea_id} [data-testid=vote-button]").click()
    page.wait_for_selector(f"#vote-{idea_id} .vote.is-voted")


def test_visitor_who_posts_signs_in_and_comes_back(live_server, page):
    slug, customer_email, _, _ = seed_people_and_idea(live_server)
    page.goto(f"{live_server.url}/b/{slug}")
    page.click("[data-testid=new-idea]")
    page.wait_for_url("**/auth/login?next=**")
    fill_login_form(page, customer_email)
    page.wait_for_url(f"{live_server.url}/b/{slug}/new")
    assert page.locator("#idea-form #title").count() == 1


def test_a_visitor_searches_every_board_from_the_home_page(live_server, page):
    with live_server.app.app_context():
        author = factories.make_user(display_name="Olive Other")
        web = factories.make_board(name="Web app", slug="web")
        reports = factories.make_board(name="Reports", slug="reports")
        factories.make_idea(web, author, title="Export tasks to CSV", body="For the monthly client report.")
        factories.make_idea(reports, author, title="Schedule exports by email")
        factories.make_idea(web, author, title="Dark mode")
    page.goto(f"{live_server.url}/")
    page.fill("#home-search", "export")
    page.press("#home-search", "Enter")
    page.wait_for_url("**/search?q=export")
    rows = page.locator("[data-testid=idea-row]")
    assert rows.count() == 2
    assert sorted(page.locator("[data-testid=idea-board]").all_inner_texts()) == ["Reports", "Web app"]
    screenshot(page, "search-every-board")
    page.click("a.tag:text-is('Planned')")
    page.wait_for_selector("text=No ideas match")
    page.click("a.tag:text-is('All statuses')")
    page.locator("[data-testid=idea-row] .idea-row__title", has_text="Schedule exports by email").click()
    page.wait_for_url("**/ideas/*")
    assert page.locator("h1").inner_text() == "Schedule exports by email"


def test_a_customer_finds_their_own_ideas_on_every_board(live_server, page, sign_in):
    _, customer_email, _, idea_id = seed_people_and_idea(live_server)
    with live_server.app.app_context():
        casey = db.session.scalar(select(User).where(User.email == customer_email))
        reports = factories.make_board(name="Reports", slug="reports")
        factories.make_idea(reports, casey, title="Weekly digest of my projects")
        db.session.add(Vote(idea_id=idea_id, user_id=casey.id))
        db.session.commit()
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/")
    page.click("a:text-is('voted for')")
    page.wait_for_url("**/search?mine=voted")
    assert page.locator("[data-testid=idea-row] .idea-row__title").all_inner_texts() == ["Offline mode for field work"]
    page.click("[data-testid=mine-filters] a:has-text('Posted')")
    page.wait_for_url("**mine=posted**")
    assert page.locator("[data-testid=idea-board]").all_inner_texts() == ["Reports"]
    screenshot(page, "search-your-ideas")


def test_a_pm_moves_a_misfiled_idea_to_its_board(live_server, page, sign_in):
    _, _, pm_email, idea_id = seed_people_and_idea(live_server)
    with live_server.app.app_context():
        factories.make_board(name="Web app", slug="web")
        factories.make_board(name="Security", slug="security", is_private=True)
        db.session.commit()
    sign_in(page, live_server, pm_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    assert page.locator(".crumbs").inner_text().startswith("Boards / Mobile app")
    options = page.locator("[data-testid=move-select] option").all_inner_texts()
    assert "Security (private: only the team sees it)" in options and "Web app" in options
    assert page.get_by_test_id("move-private-hint").is_visible()  # its author and backers would lose it
    page.select_option("[data-testid=move-select]", label="Web app")
    screenshot(page, "idea-move-to-board", full_page=False)
    page.click("[data-testid=move-submit]")
    page.wait_for_selector(".flash--success:has-text('Moved to Web app.')")
    assert page.locator(".crumbs").inner_text().startswith("Boards / Web app")
    page.goto(f"{live_server.url}/b/web")
    assert page.locator("[data-testid=idea-row] .idea-row__title").all_inner_texts() == ["Offline mode for field work"]


def test_a_long_single_word_title_wraps_inside_its_row(live_server, page):
    """A 140-character word must break inside its row or card on a board, in search results and on the roadmap,
    on a desktop and on a phone."""
    word = ("Supercalifragilisticexpialidocious" * 5)[:140]
    with live_server.app.app_context():
        board = factories.make_board(name="Reports", slug="reports")
        factories.make_idea(board, factories.make_user(), title=word, status=IdeaStatus.PLANNED)
        db.session.commit()
    # the whole word: both databases' full-text searches match whole words, not a part
    rows = {"/b/reports": "[data-testid=idea-row]", f"/search?q={word}": "[data-testid=idea-row]",
            "/roadmap": "[data-testid=column-planned]"}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 860})
        for path, row_selector in rows.items():
            page.goto(f"{live_server.url}{path}")
            row = page.locator(row_selector).first
            box, title = row.bounding_box(), row.get_by_text(word).bounding_box()
            assert title["x"] + title["width"] <= box["x"] + box["width"], (width, path)
            assert page_width(page) <= width, (width, path)
    screenshot(page, "long-title-phone", full_page=False)
