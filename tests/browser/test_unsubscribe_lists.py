"""The unsubscribe link of the weekly insights email, opened in a browser: it stops that email only, and offers
to stop every email instead."""
import re

from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.insights.email import send_weekly_insights
from ideabox.models import OutboxEmail, User
from tests import factories
from tests.browser.conftest import console_errors_of, screenshot
from tests.factories_merging import make_vote


def test_the_insights_emails_link_stops_it_and_then_offers_every_email(live_server, page):
    with live_server.app.test_request_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        make_vote(factories.make_idea(board, factories.make_user()), factories.make_user(), days_ago=1)
        eve = factories.make_user(role="executive", email="eve@example.com", insights_email=True)
        send_weekly_insights()
        db.session.commit()
        text = db.session.scalar(db.select(OutboxEmail.text_body).where(OutboxEmail.user_id == eve.id))
        link = re.search(r"Unsubscribe from these emails: http://localhost(\S+)", text).group(1)
    errors = console_errors_of(page)
    page.goto(live_server.url + link)
    expect(page.locator("h1")).to_have_text("Stop the weekly insights email?")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You're unsubscribed")
    expect(page.locator(".auth-card p")).to_have_text(
        "We won't send eve@example.com the weekly insights email any more. Your other emails continue.")
    screenshot(page, "unsubscribed-from-insights", full_page=False)
    with live_server.app.app_context():
        assert db.session.execute(db.select(User.insights_email, User.email_notifications)
                                  .where(User.id == eve.id)).one() == (False, True)

    page.get_by_role("button", name="Stop every email instead").click()
    expect(page.locator(".auth-card p")).to_have_text(
        "We won't email eve@example.com about ideas any more. You can turn emails back on in your account settings.")
    expect(page.get_by_role("button", name="Stop every email instead")).to_have_count(0)
    with live_server.app.app_context():
        assert db.session.scalar(db.select(User.email_notifications).where(User.id == eve.id)) is False
    assert errors == []
