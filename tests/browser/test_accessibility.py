"""Every page a person uses passes axe-core's automated accessibility rules (WCAG 2.1 A and AA), for
each role, on the demo community: no serious or critical violation."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from ideabox.demo.services import seed_demo
from ideabox.extensions import db
from ideabox.models import Comment, Idea, Release, Report, Theme, User, Webhook, WebhookDelivery, utcnow
from tests.browser.conftest import another_browser, fill_login_form
from tests.factories_imports import make_imports
from tests.factories_sso import make_provider
from tests.factories_webhooks import make_webhook

pytestmark = pytest.mark.browser

AXE = Axe()
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}
PASSWORD = "ideabox-demo"
DEMO_EMAILS = {"customer": "customer@demo.example.com", "pm": "pm@demo.example.com",
               "executive": "exec@demo.example.com", "admin": "admin@demo.example.com"}


def violations(page) -> list[str]:
    """Serious and critical axe violations on the page, one line each (rule, impact, where)."""
    found = AXE.run(page, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in found if v["impact"] in ("serious", "critical")]


@pytest.fixture
def demo(live_server):
    with live_server.app.app_context():
        seed_demo(idea_count=80)
        db.session.commit()
        idea = db.session.scalar(select(Idea).join(Comment, Comment.idea_id == Idea.id)
                                 .where(Idea.merged_into_id.is_(None)).order_by(Idea.comment_count.desc()).limit(1))
        theme = db.session.scalar(select(Theme).order_by(Theme.id).limit(1))
        release = db.session.scalar(select(Release.id).order_by(Release.id).limit(1))
        report_a_comment(idea)
        return {"idea": idea.id, "theme": theme.id, "board": idea.board.slug, "release": release, "author": idea.author_id,
                "webhook": webhook_with_history().id, **make_imports(idea.board),
                "sso_provider": make_provider("https://login.example.com").id}


def report_a_comment(idea) -> None:
    """The demo customer reports a comment by someone else, so the moderation queue has something to show."""
    customer = db.session.scalar(select(User).where(User.email == DEMO_EMAILS["customer"]))
    comment = db.session.scalar(select(Comment).where(Comment.idea_id == idea.id, Comment.author_id != customer.id,
                                                      Comment.is_internal.is_(False), Comment.is_hidden.is_(False)))
    db.session.add(Report(reporter_id=customer.id, idea_id=idea.id, comment_id=comment.id, reason="spam",
                          note="Looks like an advert."))
    db.session.commit()


def webhook_with_history() -> Webhook:
    """An endpoint turned off after failing, with one delivery that landed and one given up: every state shows."""
    webhook = make_webhook("https://hooks.example.com/ideabox", is_active=False,
                           disabled_reason="The endpoint answered 410 Gone: it no longer exists.")
    now = utcnow()
    db.session.add_all([
        WebhookDelivery(webhook=webhook, event="idea.created", message_id="msg_1", body='{"type": "idea.created"}',
                        attempts=1, delivered_at=now, response_status=200, response_body="ok", duration_ms=41),
        WebhookDelivery(webhook=webhook, event="vote.created", message_id="msg_2", body='{"type": "vote.created"}',
                        attempts=1, failed_at=now, response_status=410, response_body="gone",
                        last_error="The endpoint answered HTTP 410."),
    ])
    db.session.commit()
    return webhook


def pages_for(role, demo) -> list[str]:
    public = ["/", f"/b/{demo['board']}", f"/ideas/{demo['idea']}", "/roadmap", "/changelog", "/search?q=export",
              f"/roadmap/themes/{demo['theme']}", "/themes/", f"/themes/{demo['theme']}", "/people",
              f"/people/{demo['author']}"]
    if role == "anonymous":
        return public + ["/auth/login", "/auth/register", "/auth/forgot"]
    signed_in = public + ["/auth/account", "/notifications/", f"/b/{demo['board']}/new", "/account/api-tokens",
                          f"/ideas/{demo['idea']}/report"]
    if role == "customer":
        return signed_in
    if role == "executive":
        return signed_in + [f"/ideas/{demo['idea']}/backers", f"/themes/{demo['theme']}/backers", "/insights/"]
    staff = ["/triage/", "/triage/duplicates", "/merging/audit", "/triage/history", "/admin/", "/admin/boards",
             "/admin/boards/new", "/admin/tags", "/admin/tags/new", "/admin/accounts", "/admin/accounts/new",
             f"/ideas/{demo['idea']}/backers", f"/ideas/{demo['idea']}/edit", f"/changelog/{demo['release']}/edit",
             "/insights/", "/moderation/"]
    if role == "pm":
        return signed_in + staff
    staff += ["/admin/imports/", f"/admin/imports/{demo['import_preview']}", f"/admin/imports/{demo['import_done']}"]
    return signed_in + staff + ["/admin/users", "/admin/site", "/admin/webhooks", "/admin/webhooks/new",
                                f"/admin/webhooks/{demo['webhook']}", "/admin/backup", "/admin/sso", "/admin/sso/new",
                                f"/admin/sso/{demo['sso_provider']}"]


@pytest.mark.parametrize("role", ["anonymous", "customer", "pm", "executive", "admin"])
def test_pages_have_no_serious_accessibility_violations(browser, live_server, demo, role):
    problems = {}
    with another_browser(browser) as page:
        if role != "anonymous":
            page.goto(f"{live_server.url}/auth/login")
            fill_login_form(page, DEMO_EMAILS[role], PASSWORD)
            page.wait_for_load_state("networkidle")
            assert page.get_by_role("button", name="Sign out", exact=True).count() == 1, f"{role} did not sign in"
        for path in pages_for(role, demo):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200 and response.url == f"{live_server.url}{path}", path
            found = violations(page)
            if found:
                problems[path] = found
        if role == "anonymous":  # one page in French too: other words, longer ones, and lang attributes
            page.context.add_cookies([{"name": "lang", "value": "fr", "url": live_server.url}])
            page.goto(f"{live_server.url}/ideas/{demo['idea']}")
            assert page.locator("html").get_attribute("lang") == "fr"
            found = violations(page)
            if found:
                problems["/ideas/<id> in French"] = found
    assert problems == {}
