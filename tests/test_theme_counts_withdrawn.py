"""A withdrawn idea keeps its theme but leaves the theme's figures, as it leaves its board: its backers, and those
of the duplicates merged into it, no longer count on the theme page, the roadmap, the ranking or the backers list."""
import re

import pytest

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, withdraw_idea
from ideabox.merging.services import merge_ideas
from ideabox.models import IdeaStatus
from ideabox.themes.queries import theme_audience_user_ids
from ideabox.themes.services import create_theme
from tests import factories
from tests.conftest import ROLES


@pytest.fixture
def theme(app, board, pm):
    """Theme T: A backed by u1, u2; B backed by u2, u3, u4, with C (backed by u5) merged into it; B withdrawn."""
    users = [factories.make_user() for _ in range(5)]
    a = factories.make_idea(board, users[0], title="Export to PDF", status=IdeaStatus.PLANNED)
    b = factories.make_idea(board, users[2], title="PDF reports")
    c = factories.make_idea(board, users[4], title="Print reports")
    with app.test_request_context():
        for idea, voters in ((a, users[:2]), (b, users[1:4]), (c, users[4:])):
            for voter in voters:
                cast_vote(idea, voter)
        created = create_theme("PDF", [a, b], pm)
        merge_ideas(b, [c], pm)
        db.session.commit()
        before = theme_audience_user_ids(created.id)
        withdraw_idea(b, pm)
        db.session.commit()
    return created, users, before


def _stat(html: str, testid: str) -> int:
    block = html[html.index(f'data-testid="{testid}"'):]
    return int(re.search(r">\s*(\d+)\s*<", block).group(1))


@pytest.mark.parametrize("role", ROLES)
def test_every_figure_of_the_theme_leaves_the_withdrawn_ideas_backers_out(client, as_role, theme, role):
    subject, _users, _before = theme
    as_role(role)
    assert _stat(client.get(f"/themes/{subject.id}").get_data(as_text=True), "theme-backers") == 2
    assert _stat(client.get(f"/roadmap/themes/{subject.id}").get_data(as_text=True), "theme-backers") == 2
    roadmap = client.get("/roadmap").get_data(as_text=True)
    assert _stat(roadmap[roadmap.index(f'id="theme-{subject.id}"'):], "backers") == 2
    ranking = client.get("/themes/").get_data(as_text=True)
    row = ranking[ranking.index('data-testid="theme-row"'):]
    assert re.search(r'class="num">(\d+)<', row).group(1) == "2"


def test_the_theme_news_goes_to_the_people_behind_its_listed_ideas(theme):
    subject, users, before = theme
    assert set(before) == {user.id for user in users}
    assert set(theme_audience_user_ids(subject.id)) == {users[0].id, users[1].id}
