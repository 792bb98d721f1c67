"""A theme spanning public and private boards never shows private demand to the public."""
import re

import pytest

from ideabox.extensions import db
from ideabox.models import Theme
from tests import factories
from tests.conftest import login
from tests.factories_merging import make_vote


@pytest.fixture
def mixed_theme(board, private_board, customer):
    public_idea = factories.make_idea(board, customer, title="Dark mode for the web app")
    private_idea = factories.make_idea(private_board, customer, title="Dark mode for our kiosk build")
    make_vote(public_idea, customer)
    for n in range(5):
        make_vote(private_idea, factories.make_user(email=f"insider{n}@example.com"))
    theme = Theme(title="Dark mode")
    db.session.add(theme)
    db.session.flush()
    public_idea.theme_id = private_idea.theme_id = theme.id
    db.session.commit()
    return theme


def shown_backers(client, theme) -> int:
    page = client.get(f"/themes/{theme.id}").get_data(as_text=True)
    block = page[page.index('data-testid="theme-backers"'):]
    return int(re.search(r'stat__value">\s*(\d+)', block).group(1))


@pytest.mark.parametrize("role, expected", [("anonymous", 1), ("customer", 1), ("executive", 6), ("pm", 6), ("admin", 6)])
def test_theme_backers_count_private_boards_only_for_insiders(client, as_role, mixed_theme, role, expected):
    as_role(role)
    assert shown_backers(client, mixed_theme) == expected


def test_private_idea_title_is_not_shown_to_the_public(client, customer, mixed_theme):
    login(client, customer)
    page = client.get(f"/themes/{mixed_theme.id}").get_data(as_text=True)
    assert "kiosk" not in page
