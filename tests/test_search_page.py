"""Searching every board at once (/search), as each role sees it."""
import html
import re

import pytest

from ideabox.extensions import db
from ideabox.models import IdeaStatus, utcnow
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_ideas import add_votes
from tests.test_ideas_actions import assert_sent_to_sign_in


def text_of(response):
    return response.get_data(as_text=True)


def titles(response) -> list[str]:
    return re.findall(r'class="idea-row__title" href="[^"]+">([^<]+)</a>', text_of(response))


@pytest.fixture
def boards(board, private_board, customer, pm):
    """Export ideas on a public board, another public board and a private one, plus some that never list."""
    reports = factories.make_board(name="Reports", slug="reports")
    ideas = {
        "csv": factories.make_idea(board, customer, title="Export tasks to CSV", body="For the monthly report"),
        "sheets": factories.make_idea(reports, customer, title="Live Google Sheets sync", body="Export as it changes",
                                      status=IdeaStatus.PLANNED),
        "secret": factories.make_idea(private_board, pm, title="Export for the Acme audit"),
        "other": factories.make_idea(board, customer, title="Dark mode"),
        "withdrawn": factories.make_idea(board, customer, title="Export withdrawn", withdrawn_at=utcnow()),
    }
    ideas["merged"] = factories.make_idea(board, customer, title="Export merged away", merged_into_id=ideas["csv"].id)
    add_votes(ideas["sheets"], 3)
    add_votes(ideas["csv"], 1)
    db.session.commit()
    return ideas


@pytest.mark.parametrize("role", ROLES)
def test_search_spans_the_boards_each_role_may_see(client, as_role, boards, role):
    as_role(role)
    response = client.get("/search?q=export")
    assert response.status_code == 200
    found = titles(response)
    expected = ["Live Google Sheets sync", "Export tasks to CSV"]  # top: most backed first
    if role in ("pm", "executive", "admin"):
        expected.append("Export for the Acme audit")
    assert found == expected
    page = text_of(response)
    assert f"{len(expected)} ideas match “export”" in page and 'data-testid="idea-board">Reports<' in page


def test_search_filters_by_status_and_sorts(client, boards):
    assert titles(client.get("/search?q=export&status=planned")) == ["Live Google Sheets sync"]
    assert titles(client.get("/search?q=export&sort=new")) == ["Live Google Sheets sync", "Export tasks to CSV"]
    assert "1 idea matches “export” · Planned" in " ".join(text_of(client.get("/search?q=export&status=planned")).split())


def test_no_search_lists_nothing_and_no_match_says_so(client, boards):
    empty = text_of(client.get("/search"))
    assert 'data-testid="idea-row"' not in empty and "Search the titles and descriptions" in empty
    missing = text_of(client.get("/search?q=teleport"))
    assert "0 ideas match “teleport”" in missing and "No ideas match" in missing


def test_words_that_no_idea_holds_together_offer_a_search_for_any_of_them(client, boards, board):
    missing = text_of(client.get("/search?q=Dark+sheets"))
    assert "0 ideas match “Dark sheets”" in missing
    [link] = re.findall(r'href="([^"]+)" data-testid="search-any-word"', missing)
    assert link == "/search?q=dark+or+sheets"
    assert titles(client.get(link)) == ["Live Google Sheets sync", "Dark mode"]
    on_board = text_of(client.get(f"/b/{board.slug}?q=dark+report"))
    assert f'href="/b/{board.slug}?q=dark+or+report" data-testid="search-any-word"' in on_board
    for query in ("teleport", "teleport+-dark", "teleport+or+beam"):  # one word, or words combined by the query
        assert 'data-testid="search-any-word"' not in text_of(client.get(f"/search?q={query}"))


def did_you_mean(response) -> str | None:
    found = re.findall(r'href="([^"]+)" data-testid="did-you-mean-link">([^<]+)<', text_of(response))
    return html.unescape(found[0][1]) if found else None


@pytest.mark.parametrize("role", ROLES)
def test_a_misspelt_search_offers_the_words_the_ideas_use(client, as_role, boards, board, role):
    as_role(role)
    missing = client.get("/search?q=drak+mdoe")
    assert "0 ideas match “drak mdoe”" in text_of(missing)
    assert did_you_mean(missing) == "dark mode"
    [link] = re.findall(r'href="([^"]+)" data-testid="did-you-mean-link"', text_of(missing))
    assert link == "/search?q=dark+mode" and titles(client.get(link)) == ["Dark mode"]
    assert did_you_mean(client.get("/search?q=%22exprot+tasks%22+-dark")) == '"export tasks" -dark'
    assert did_you_mean(client.get(f"/b/{board.slug}?q=exprot")) == "export"
    # a word only a private board holds is never offered to those who may not see it
    acme = did_you_mean(client.get("/search?q=acmee"))
    assert acme == ("acme" if role in ("pm", "executive", "admin") else None)


def test_no_correction_is_offered_when_it_would_find_nothing_either(client, boards, board):
    assert did_you_mean(client.get("/search?q=teleport")) is None  # no word alike
    assert did_you_mean(client.get("/search?q=drak&status=shipped")) is None  # "dark", but none shipped
    assert did_you_mean(client.get("/search?q=dark+sheetz")) is None  # "dark sheets": no idea holds both
    assert did_you_mean(client.get("/b/reports?q=drak")) is None  # not on that board


@pytest.mark.parametrize("query, message", [
    ("q=" + "x" * 201, "at most 200 characters"),
    ("q=export&status=someday", "Unknown status filter."),
    ("q=export&sort=loudest", "Unknown sort order."),
    ("q=export&page=0", "whole number"),
])
def test_bad_search_parameters_get_a_clear_400(client, boards, query, message):
    response = client.get(f"/search?{query}")
    assert response.status_code == 400 and message in text_of(response)


def test_ones_own_ideas_across_boards_need_signing_in(client, boards, customer, other_customer):
    assert_sent_to_sign_in(client.get("/search?q=export&mine=posted"), "/search?q=export&mine=posted")
    login(client, customer)
    assert titles(client.get("/search?q=export&mine=posted")) == ["Live Google Sheets sync", "Export tasks to CSV"]
    login(client, other_customer)
    assert titles(client.get("/search?q=export&mine=posted")) == []


def test_results_page_and_keep_the_search_in_their_links(client, app, board, customer):
    app.config["IDEAS_PER_PAGE"] = 2
    for n in range(3):
        factories.make_idea(board, customer, title=f"Calendar idea {n}")
    first = text_of(client.get("/search?q=calendar&sort=new"))
    assert first.count('data-testid="idea-row"') == 2 and 'href="/search?sort=new&amp;q=calendar&amp;page=2"' in first
    assert titles(client.get("/search?q=calendar&sort=new&page=2")) == ["Calendar idea 0"]


def test_the_home_page_offers_the_search(client, boards):
    home = text_of(client.get("/"))
    assert 'data-testid="home-search"' in home and 'action="/search"' in home


def test_a_board_search_that_finds_nothing_offers_every_board(client, board, boards):
    page = text_of(client.get(f"/b/{board.slug}?q=sheets"))
    assert "No ideas match" in page and 'href="/search?q=sheets"' in page
    assert titles(client.get("/search?q=sheets")) == ["Live Google Sheets sync"]


def test_signed_in_people_list_their_own_ideas_on_every_board(client, boards, customer, private_board):
    add_votes(boards["secret"], 1, voters=[customer])  # on a private board: out of a customer's sight
    add_votes(boards["csv"], 1, voters=[customer])
    login(client, customer)
    page = text_of(client.get("/search?mine=voted"))
    assert "Your ideas on every board" in page and 'data-testid="mine-filters"' in page
    assert titles(client.get("/search?mine=voted")) == ["Export tasks to CSV"]
    assert "Voted for · 1" in page and "Posted · 3" in page and "Following · 0" in page  # withdrawn, merged: not listed
    posted = titles(client.get("/search?mine=posted"))
    assert sorted(posted) == ["Dark mode", "Export tasks to CSV", "Live Google Sheets sync"]
    assert titles(client.get("/search?mine=posted&q=export")) == ["Live Google Sheets sync", "Export tasks to CSV"]


def test_visitors_get_no_yours_filters(client, boards):
    page = text_of(client.get("/search?q=export"))
    assert 'data-testid="mine-filters"' not in page


def test_the_home_page_links_signed_in_people_to_their_ideas(client, customer):
    assert 'href="/search?mine=voted"' not in text_of(client.get("/"))
    login(client, customer)
    home = text_of(client.get("/"))
    assert all(f'href="/search?mine={mine}"' in home for mine in ("voted", "posted", "following"))


@pytest.mark.parametrize("q", ["Dark mode!", "dark-mode", '"dark mode"', "mode,"])
def test_punctuation_in_a_search_finds_the_idea_everywhere_search_is_offered(client, board, boards, q):
    assert titles(client.get("/search", query_string={"q": q})) == ["Dark mode"]
    assert titles(client.get(f"/b/{board.slug}", query_string={"q": q})) == ["Dark mode"]
    assert [idea["title"] for idea in client.get("/api/v1/ideas", query_string={"q": q}).json] == ["Dark mode"]


def test_a_search_of_punctuation_only_is_no_search(client, board, boards):
    listed = client.get(f"/b/{board.slug}")
    searched = client.get(f"/b/{board.slug}", query_string={"q": "?!"})
    assert searched.status_code == 200 and titles(searched) == titles(listed)
    page = text_of(client.get("/search", query_string={"q": "?!"}))
    assert 'data-testid="idea-row"' not in page and "Search the titles and descriptions" in page
