"""A private duplicate merged into a public idea counts with that idea everywhere a theme's figures show.

An idea's backers are its whole merged family's (ideabox.backers), so a theme's unique backers are
those of the families of the primaries the viewer may see; the merged duplicates listed are those
the viewer may see, as on the idea page.
"""
import re

import pytest

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote
from ideabox.merging.services import merge_ideas
from ideabox.models import IdeaStatus
from ideabox.themes.services import create_theme
from tests import factories
from tests.conftest import ROLES
from tests.factories_merging import make_proxy_vote

INSIDERS = {"pm", "executive", "admin"}


@pytest.fixture
def theme(board, private_board, pm):
    """Theme T: public P with a public duplicate R and a private duplicate Q merged in, and a private primary S.

    P is backed by u1, u2, u3; R by u5; Q by u3 (again), u4 and an account; S by u6 and u1 (again).
    P's family: u1..u5 and the account = 6. Everything: 7.
    """
    author = factories.make_user(role="executive")
    users = [factories.make_user(role="executive") for _ in range(6)]  # executives may vote on private boards
    p = factories.make_idea(board, author, title="Export to PDF", status=IdeaStatus.PLANNED)
    r = factories.make_idea(board, author, title="PDF export please")
    q = factories.make_idea(private_board, author, title="Kiosk PDF printing")
    s = factories.make_idea(private_board, author, title="Internal PDF reports")
    for idea, voters in ((p, users[0:3]), (r, [users[4]]), (q, [users[2], users[3]]), (s, [users[5], users[0]])):
        for voter in voters:
            cast_vote(idea, voter)
    db.session.commit()
    make_proxy_vote(q, factories.make_customer_account(), pm)
    created = create_theme("PDF", [p, s], pm)
    merge_ideas(p, [r, q], pm)
    db.session.commit()
    assert (p.backer_count, s.backer_count) == (6, 2)
    return created, p


def _expected(role):
    """(theme total, merged duplicates listed under P) the role should see."""
    return (7, 2) if role in INSIDERS else (6, 1)


def _stat(html: str, testid: str) -> int:
    block = html[html.index(f'data-testid="{testid}"'):]
    return int(re.search(r">\s*(\d+)\s*<", block).group(1))


@pytest.mark.parametrize("role", ROLES)
def test_theme_page_counts_agree_with_the_idea_page(client, as_role, theme, role):
    as_role(role)
    subject, primary = theme
    total, duplicates = _expected(role)
    html = client.get(f"/themes/{subject.id}").get_data(as_text=True)
    assert _stat(html, "theme-backers") == total
    members = html[html.index('data-testid="theme-members"'):]
    assert re.search(r'vote__count">6<', members)
    assert re.findall(r"(\d+) merged duplicates?<", members) == [str(duplicates)]
    idea_page = client.get(f"/ideas/{primary.id}").get_data(as_text=True)
    assert idea_page.count('data-testid="merged-idea"') == duplicates


@pytest.mark.parametrize("role", ROLES)
def test_roadmap_card_and_theme_ranking_count_the_same_backers(client, as_role, theme, role):
    as_role(role)
    subject, _primary = theme
    total, _duplicates = _expected(role)
    roadmap = client.get("/roadmap").get_data(as_text=True)
    card = roadmap[roadmap.index(f'id="theme-{subject.id}"'):]
    assert _stat(card, "backers") == total
    assert _stat(client.get(f"/roadmap/themes/{subject.id}").get_data(as_text=True), "theme-backers") == total
    ranking = client.get("/themes/").get_data(as_text=True)
    row = ranking[ranking.index('data-testid="theme-row"'):]
    assert re.search(r'class="num">(\d+)<', row).group(1) == str(total)


@pytest.mark.parametrize("role", ROLES)
def test_most_requested_counts_the_private_duplicate_with_its_primary(client, as_role, theme, role):
    as_role(role)
    subject, _primary = theme
    subject.status = IdeaStatus.OPEN
    db.session.commit()
    ranked = client.get("/roadmap").get_data(as_text=True).split('data-testid="most-requested"', 1)[1]
    assert re.search(r'rm-rank__backers"><strong>(\d+)<', ranked).group(1) == str(_expected(role)[0])
