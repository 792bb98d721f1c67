"""The public roadmap, the changelog and the bell in a real browser; screenshots to look at."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from ideabox.backers import recount
from ideabox.extensions import db
from ideabox.ideas.services import change_status
from ideabox.models import IdeaStatus, Release, StatusChange, Theme, Vote, utcnow
from tests import factories
from tests.browser.conftest import another_browser, screenshot

# (title, description, status, boards-and-backers [(board key, backers)], days since it moved)
THEMES = [
    ("Single sign-on (SAML & OIDC)", "Sign in with Okta, Azure AD or Google Workspace; provision users automatically.",
     IdeaStatus.IN_PROGRESS, [("web", 34), ("admin", 19)], 12),
    ("Reporting and exports", "Export any report to CSV or Excel and schedule it by email.",
     IdeaStatus.PLANNED, [("web", 41), ("mobile", 6)], 20),
    ("Dark mode everywhere", "A dark theme for the web app and the mobile apps, following the system setting.",
     IdeaStatus.SHIPPED, [("web", 28), ("mobile", 22)], 9),
    ("Slack & Teams notifications", "Post updates to a channel when a task is assigned or finished.",
     IdeaStatus.OPEN, [("web", 26), ("admin", 4)], 4),
    ("Offline mode for field teams", "Capture notes and photos without signal; sync when back online.",
     IdeaStatus.UNDER_REVIEW, [("mobile", 17)], 6),
]
IDEAS = [
    ("Recurring tasks", "Weekly inspections should create themselves.", IdeaStatus.PLANNED, "web", 18, 30),
    ("Bulk edit tasks", "Change the due date or assignee of twenty tasks at once.", IdeaStatus.PLANNED, "web", 9, 25),
    ("Calendar view for due dates", "A month view helps planning around holidays.", IdeaStatus.IN_PROGRESS, "web", 12, 5),
    ("Two-factor authentication with passkeys", "Passkeys for field staff.", IdeaStatus.SHIPPED, "admin", 11, 30),
    ("Faster search", "Results as I type.", IdeaStatus.SHIPPED, "web", 7, 45),
    ("Salary bands in HR module", "Private: HR only.", IdeaStatus.PLANNED, "secret", 3, 10),
]
RELEASES = [
    ("Dark mode everywhere", "Dark mode is here on **web, iOS and Android**. It follows your system setting, "
     "or pick it under *Settings → Appearance*.\n\n- Reduced glare in every chart\n- Higher-contrast focus rings", 9),
    ("Two-factor authentication with passkeys", "Sign in with a passkey from your phone or laptop. "
     "Admins can require it for everyone under `Security`.", 30),
    ("Faster search", "Search results now appear **as you type**, typically in under 100 ms.", 45),
]


def seed_roadmap(live_server):
    """Themes and ideas in every column, with backers across boards, and three releases."""
    with live_server.app.app_context():
        boards = {
            "web": factories.make_board(name="Web app", slug="web"),
            "mobile": factories.make_board(name="Mobile", slug="mobile"),
            "admin": factories.make_board(name="Admin & security", slug="admin"),
            "secret": factories.make_board(name="HR internal", slug="hr", is_private=True),
        }
        people = [factories.make_user(display_name=f"Customer {n}") for n in range(45)]
        pm = factories.make_user(role="pm", email="priya@example.com", display_name="Priya (Product)")
        subjects = {}

        def idea_with_backers(board, title, body, status, backers, offset):
            idea = factories.make_idea(board, people[0], title=title, body=body, status=status)
            db.session.add_all(Vote(idea_id=idea.id, user_id=p.id) for p in people[offset:offset + backers])
            db.session.flush()
            recount(idea)
            return idea

        for title, description, status, parts, days in THEMES:
            theme = Theme(title=title, description=description, status=status,
                          shipped_at=utcnow() - timedelta(days=days) if status == IdeaStatus.SHIPPED else None)
            db.session.add(theme)
            db.session.flush()
            for n, (key, backers) in enumerate(parts):
                idea = idea_with_backers(boards[key], f"{title.split(' (')[0]} — {boards[key].name}", description,
                                         status, backers, n * 3)
                idea.theme_id = theme.id
            subjects[title] = theme
        for title, body, status, key, backers, days in IDEAS:
            idea = idea_with_backers(boards[key], title, body, status, backers, 5)
            if status == IdeaStatus.SHIPPED:
                db.session.add(StatusChange(idea_id=idea.id, from_status=IdeaStatus.IN_PROGRESS, to_status=status,
                                            changed_by_id=pm.id, created_at=utcnow() - timedelta(days=days)))
            subjects[title] = idea
        for title, body, days in RELEASES:
            subject = subjects[title]
            db.session.add(Release(title=title, body=body, author_id=pm.id, published_at=utcnow() - timedelta(days=days),
                                   theme_id=subject.id if isinstance(subject, Theme) else None,
                                   idea_id=None if isinstance(subject, Theme) else subject.id))
        db.session.commit()
        return pm.email, people[5].email, subjects["Recurring tasks"].id


def test_roadmap_and_changelog_look_like_a_product(live_server, page):
    seed_roadmap(live_server)
    page.goto(f"{live_server.url}/roadmap")
    planned = page.locator("[data-testid=column-planned] [data-testid=roadmap-card]")
    assert planned.count() == 3  # the private HR idea never shows
    assert planned.first.locator(".rm-card__title").inner_text() == "Reporting and exports"
    assert planned.first.locator("[data-testid=backers]").inner_text() == "41"  # 41 + 6 votes, overlapping people once
    assert page.locator("[data-testid=column-shipped] [data-testid=roadmap-card]").count() == 3
    assert page.locator("[data-testid=requested-theme]").count() == 2
    assert "Salary bands" not in page.content()
    screenshot(page, "roadmap")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "roadmap-mobile", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 860})

    page.goto(f"{live_server.url}/changelog")
    assert page.locator("[data-testid=release]").count() == 3
    assert page.locator("[data-testid=release] h2").first.inner_text() == "Dark mode everywhere"
    screenshot(page, "changelog")

    page.locator("[data-testid=release] h2 a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Dark mode everywhere"
    screenshot(page, "roadmap-theme")


def test_pms_reorder_and_pin_cards_in_place(live_server, page, sign_in):
    pm_email, _, _ = seed_roadmap(live_server)
    sign_in(page, live_server, pm_email)
    page.goto(f"{live_server.url}/roadmap")
    titles = page.locator("[data-testid=column-planned] .rm-card__title")
    assert titles.all_inner_texts()[:2] == ["Reporting and exports", "Recurring tasks"]
    page.locator("[data-testid=column-planned] [data-testid=roadmap-card]").nth(1).locator("[data-testid=move-up]").click()
    expect(titles.first).to_have_text("Recurring tasks")
    assert titles.all_inner_texts()[:2] == ["Recurring tasks", "Reporting and exports"]
    page.locator("[data-testid=column-planned] [data-testid=roadmap-card]", has_text="Bulk edit tasks").locator("[data-testid=pin]").click()
    expect(titles.first).to_have_text("Bulk edit tasks")
    assert page.locator("#column-planned .rm-pin").count() == 1
    page.reload()
    assert titles.all_inner_texts()[:3] == ["Bulk edit tasks", "Recurring tasks", "Reporting and exports"]
    assert "Salary bands in HR module" in page.content()  # staff see private items, marked private
    bulk = page.locator("[data-testid=column-planned] [data-testid=roadmap-card]", has_text="Bulk edit tasks")
    # a screen reader tabbing from card to card hears which card each button arranges
    expect(bulk.locator("[data-testid=pin]")).to_have_accessible_description("Bulk edit tasks")
    expect(bulk.locator("[data-testid=move-down]")).to_have_accessible_description("Bulk edit tasks")
    screenshot(page, "roadmap-staff")


def test_the_bell_counts_unread_news_after_a_status_change(live_server, page, sign_in):
    pm_email, backer_email, idea_id = seed_roadmap(live_server)
    sign_in(page, live_server, backer_email)
    page.goto(f"{live_server.url}/roadmap")
    assert page.locator("[data-testid=unread-count]").count() == 0
    with live_server.app.test_request_context():
        from ideabox.models import Idea, User

        pm = db.session.scalar(db.select(User).where(User.email == pm_email))
        change_status(db.session.get(Idea, idea_id), IdeaStatus.IN_PROGRESS, pm, note="We started building this **today**.")
        db.session.commit()
    page.reload()
    assert page.locator("[data-testid=unread-count]").inner_text() == "1"
    page.locator("a.bell").click()
    page.wait_for_load_state("networkidle")
    item = page.locator("[data-testid=notification]")
    assert item.count() == 1 and "“Recurring tasks” is now In progress." in item.inner_text()
    screenshot(page, "notifications")
    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_selector("[data-testid=unread-count]", state="detached")
    expect(page.locator(".inbox__item.is-unread")).to_have_count(0)
    swapped_bell = page.locator("a.bell").evaluate("bell => bell.outerHTML")
    page.reload()
    assert page.locator("[data-testid=unread-count]").count() == 0
    # the bell htmx swapped in is the header's own outline icon, not a stand-in
    assert page.locator("a.bell").evaluate("bell => bell.outerHTML") == swapped_bell  # htmx drops hx-swap-oob
    assert page.locator("a.bell svg").count() == 1


def test_pms_write_a_release_note_from_the_changelog(live_server, page, sign_in):
    pm_email, backer_email, _ = seed_roadmap(live_server)
    sign_in(page, live_server, pm_email)
    page.goto(f"{live_server.url}/changelog")
    page.get_by_text("Write release note").click()
    page.select_option("select[name=subject]", label="Faster search")
    page.fill("input[name=title]", "Search got even faster")
    page.fill("textarea[name=body]", "Typo-tolerant search, now with **filters**.")
    screenshot(page, "changelog-staff", full_page=False)
    page.get_by_role("button", name="Publish release note").click()
    page.wait_for_load_state("networkidle")
    assert "Release note published" in page.content()
    first = page.locator("[data-testid=release]").first
    assert first.locator("h2").inner_text() == "Search got even faster"
    assert first.locator("strong").inner_text() == "filters"

    page.context.clear_cookies()
    sign_in(page, live_server, backer_email)  # backed "Faster search": told about it
    assert page.locator("[data-testid=unread-count]").inner_text() == "1"


def test_the_unsubscribe_link_from_an_email_works_in_a_browser(live_server, page):
    pm_email, backer_email, idea_id = seed_roadmap(live_server)
    with live_server.app.test_request_context():
        from ideabox.models import Idea, OutboxEmail, User

        pm = db.session.scalar(db.select(User).where(User.email == pm_email))
        change_status(db.session.get(Idea, idea_id), IdeaStatus.IN_PROGRESS, pm)
        db.session.commit()
        mail = db.session.scalar(db.select(OutboxEmail).where(OutboxEmail.to_address == backer_email))
        link = re.search(r"(http://\S+/notifications/unsubscribe/\S+)", mail.text_body).group(1)
    page.goto(link.replace("http://localhost", live_server.url))
    assert page.locator("h1").inner_text() == "Stop email notifications?"
    screenshot(page, "unsubscribe", full_page=False)
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "You're unsubscribed"
    with live_server.app.app_context():
        assert db.session.scalar(db.select(User.email_notifications).where(User.email == backer_email)) is False


def test_a_pm_sets_an_eta_that_the_public_roadmap_shows(live_server, browser, page, sign_in):
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        pm = factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        idea = factories.make_idea(board, pm, title="Offline mode", status=IdeaStatus.PLANNED)
        idea_id = idea.id
    sign_in(page, live_server, "pat@example.com")
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    page.fill("[data-testid=eta-input]", "2097-03")
    page.click("[data-testid=save-eta]")
    expect(page.locator(".flash--success")).to_have_text("Expected in Mar 2097.")
    expect(page.locator("[data-testid=idea] [data-testid=eta]")).to_have_text("ETA Mar 2097")
    expect(page.locator("[data-testid=eta-input]")).to_have_value("2097-03")

    with another_browser(browser) as public:
        public.goto(f"{live_server.url}/roadmap")
        card = public.locator("#column-planned [data-testid=roadmap-card]", has_text="Offline mode")
        expect(card.locator("[data-testid=eta]")).to_have_text("ETA Mar 2097")
        screenshot(public, "roadmap-eta", full_page=False)


def test_a_visitor_reads_the_teams_latest_note_on_a_themes_page(live_server, page):
    pm_email, _, _ = seed_roadmap(live_server)
    with live_server.app.test_request_context():
        from sqlalchemy import select

        from ideabox.models import User
        from ideabox.themes.services import set_theme_status

        theme = db.session.scalar(select(Theme).where(Theme.title == "Slack & Teams notifications"))
        pm = db.session.scalar(select(User).where(User.email == pm_email))
        set_theme_status(theme, IdeaStatus.PLANNED, pm, note="Slack first, then **Teams** in the spring.")
        db.session.commit()
        theme_id = theme.id
    page.goto(f"{live_server.url}/roadmap/themes/{theme_id}")
    update = page.get_by_test_id("theme-update")
    expect(update).to_contain_text("Latest update from the team")
    expect(update).to_contain_text("Slack first, then Teams in the spring.")
    expect(update).to_contain_text("Priya (Product)")
    screenshot(page, "roadmap-theme-update", full_page=False)
