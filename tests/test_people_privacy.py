"""What the people pages show of private boards: a visitor sees no title, figure or count that comes from an idea
they may not open, while the team who may see those boards sees them counted."""
import re

import pytest
from sqlalchemy import select

from ideabox.comments.reactions import toggle_reaction
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote, change_status
from ideabox.merging.services import merge_ideas
from ideabox.models import IdeaStatus, User
from tests import factories


@pytest.fixture
def context(app):
    with app.test_request_context():
        yield


def figure(page: str, name: str) -> int:
    return int(re.search(rf'data-testid="{name}">(\d+)<', page).group(1))


def adopted_line(page: str) -> str:
    return re.search(r"\d+ ideas? adopted", page).group(0)


@pytest.fixture
def enterprise_author(context, pm):
    """Someone whose only idea is planned on a board that then went private, with backers and a reacted comment."""
    author = factories.make_user(display_name="Ivy Insider")
    enterprise = factories.make_board(name="Enterprise", slug="enterprise")
    idea = factories.make_idea(enterprise, author, title="Audit log export")
    for _ in range(3):
        cast_vote(idea, factories.make_user())
    comment = add_comment(idea, author, "For our auditors.")
    toggle_reaction(comment, factories.make_user(), "heart")
    change_status(idea, IdeaStatus.PLANNED, pm)
    enterprise.is_private = True
    db.session.commit()
    return author


@pytest.mark.parametrize("role, sees_private", [("anonymous", False), ("customer", False), ("executive", True),
                                                ("admin", True)])
def test_a_profile_counts_only_the_private_activity_its_viewer_may_see(client, as_role, enterprise_author, role,
                                                                       sees_private):
    as_role(role)
    page = client.get(f"/people/{enterprise_author.id}").get_data(as_text=True)
    assert "Audit log export" not in page or sees_private
    shown = {name: figure(page, name) for name in ("points-backers", "points-adopted", "points-reactions")}
    assert shown == ({"points-backers": 3, "points-adopted": 1, "points-reactions": 1} if sees_private
                     else {"points-backers": 0, "points-adopted": 0, "points-reactions": 0})
    # The reputation stays what they earned; what the viewer cannot see is said to be there, never what it is.
    assert figure(page, "reputation-total") == 14
    assert ('data-testid="points-unseen"' in page) != sees_private
    if not sees_private:
        assert figure(page, "points-unseen") == 14


@pytest.mark.parametrize("role, sees_private", [("anonymous", False), ("customer", False), ("executive", True)])
def test_the_leaderboard_counts_only_adopted_ideas_its_viewer_may_see(client, as_role, enterprise_author, role,
                                                                      sees_private):
    as_role(role)
    page = client.get("/people").get_data(as_text=True)
    assert "Ivy Insider" in page
    assert adopted_line(page) == ("1 idea adopted" if sees_private else "0 ideas adopted")


@pytest.fixture
def merged_into_private(context, pm):
    """A public idea merged into a planned one on a board that then went private."""
    author = factories.make_user(display_name="Dana Duplicate")
    reporting = factories.make_board(name="Reporting & Analytics", slug="reporting")
    mobile = factories.make_board(name="Mobile app", slug="mobile")
    primary = factories.make_idea(reporting, factories.make_user(), title="Built-in time tracking")
    duplicate = factories.make_idea(mobile, author, title="Start a timer from my phone")
    add_comment(duplicate, author, "On the bus, mostly.")
    change_status(primary, IdeaStatus.PLANNED, pm)
    merge_ideas(primary, [duplicate], pm)
    reporting.is_private = True
    db.session.commit()
    return author, primary, duplicate


@pytest.mark.parametrize("role, sees_private", [("anonymous", False), ("customer", False), ("executive", True),
                                                ("pm", True)])
def test_a_profile_names_and_links_only_the_merged_into_ideas_its_viewer_may_see(
        client, as_role, merged_into_private, role, sees_private):
    author, primary, duplicate = merged_into_private
    as_role(role)
    page = client.get(f"/people/{author.id}").get_data(as_text=True)
    assert "Start a timer from my phone" in page
    assert ("Built-in time tracking" in page) == sees_private
    assert (f'href="/ideas/{duplicate.id}"' in page) == sees_private  # it leads to the idea it went into
    assert (f'href="/ideas/{primary.id}#' in page) == sees_private  # their comment, shown on that idea
    assert ("merged into another idea" in page) != sees_private
    assert figure(page, "points-adopted") == (1 if sees_private else 0)
    for link in re.findall(r'href="(/ideas/\d+)', page):
        assert client.get(link, follow_redirects=True).status_code == 200, link


def test_the_stored_reputation_still_counts_everything_earned(context, enterprise_author, merged_into_private):
    author, _, _ = merged_into_private
    db.session.expire_all()
    assert db.session.scalar(select(User.reputation).where(User.id == enterprise_author.id)) == 14
    assert db.session.scalar(select(User.reputation).where(User.id == author.id)) == 10
