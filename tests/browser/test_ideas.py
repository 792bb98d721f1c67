"""Boards and ideas in a real browser: submit, vote in place, comment, follow, set status; screenshots."""
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from ideabox.extensions import db
from ideabox.models import IdeaStatus, StatusChange, Vote, utcnow
from ideabox.backers import recount
from tests import factories
from tests.browser.conftest import ARTIFACTS, screenshot

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


def seed_realistic_board(live_server):
    """A board with a dozen believable ideas: varied votes, statuses, tags, ages and comments."""
    with live_server.app.app_context():
        board = factories.make_board(
            name="Acme Tasks", slug="acme-tasks", description="Ideas for the Acme Tasks web and mobile apps."
        )
        tags = {name: factories.make_tag(name) for name in ["Reports", "Design", "Integrations", "Mobile", "Security", "Productivity"]}
        voters = [factories.make_user(display_name=f"Customer {n}") for n in range(48)]
        pm = factories.make_user(role="pm", display_name="Priya (Product)")
        for title, body, status, backers, days, tag_names, comments in REALISTIC_IDEAS:
            created = utcnow() - timedelta(days=days)
            idea = factories.make_idea(board, voters[backers % 7], title=title, body=body, status=status, created_at=created)
            idea.tags = [tags[name] for name in tag_names]
            for n, voter in enumerate(voters[:backers]):
                db.session.add(Vote(idea_id=idea.id, user_id=voter.id, created_at=created + timedelta(hours=n * days / max(backers, 1) * 20)))
            if status != IdeaStatus.OPEN:
                db.session.add(StatusChange(idea_id=idea.id, from_status=IdeaStatus.OPEN, to_status=status, changed_by_id=pm.id))
            idea.comment_count = comments
            db.session.flush()
            recount(idea)
        db.session.commit()
        return board.slug


def test_board_screenshot_desktop_and_mobile(live_server, page):
    slug = seed_realistic_board(live_server)
    page.goto(f"{live_server.url}/b/{slug}")
    assert page.locator("[data-testid=idea-row]").count() == 12
    path = screenshot(page, "board")
    DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
    shutil.copyfile(path, DOCS_SCREENSHOT)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/b/{slug}")
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "board-mobile", full_page=False)
    page.goto(f"{live_server.url}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "home-mobile", full_page=False)
