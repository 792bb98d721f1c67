"""What a person sees when something goes wrong: a page number past any list leads back to the list's last page
(never a 500) (QA findings)."""
import re

import pytest

from tests import factories
from tests.conftest import login
from tests.factories_roadmap import make_release, ship
from tests.factories_webhooks import make_webhook
from tests.test_api import bearer, token_for

HUGE = "99999999999999999999"  # past 2**64: SQLite cannot bind it as an OFFSET (a 500 before)
ENDLESS = "9" * 5000  # past int()'s 4,300 digits


def text_of(response) -> str:
    return response.get_data(as_text=True)


def flashed(response) -> str:
    return " ".join(re.findall(r'<div class="flash flash--\w+">([^<]*)</div>', text_of(response)))


@pytest.fixture
def seven_pages(app, board, customer):
    """The Mobile app board with 7 pages of ideas, 2 a page."""
    app.config["IDEAS_PER_PAGE"] = 2
    for n in range(13):
        factories.make_idea(board, customer, title=f"Calendar sync {n}")
    return board


# --- page numbers past the end ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["8", "999", HUGE, ENDLESS])
def test_a_board_page_past_the_end_leads_to_the_last_page(client, seven_pages, page):
    response = client.get(f"/b/mobile?sort=new&page={page}")
    assert response.status_code == 302 and response.location == "/b/mobile?sort=new&page=7"
    last = client.get(response.location)
    assert last.status_code == 200 and "There are only 7 pages; here is the last one." in flashed(last)
    assert 'aria-current="page">7<' in text_of(last) and "No ideas match" not in text_of(last)


def test_the_board_s_own_last_page_stays_put(client, seven_pages):
    assert client.get("/b/mobile?page=7").status_code == 200


def test_an_empty_board_past_its_end_leads_to_its_first_page(client, board):
    response = client.get(f"/b/mobile?page={HUGE}")
    assert response.status_code == 302 and response.location == "/b/mobile"
    first = client.get(response.location)
    assert "There is only one page; here it is." in flashed(first) and "No ideas yet" in text_of(first)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "²", " 2"])
def test_what_is_no_page_number_still_gets_a_400(client, board, page):
    response = client.get(f"/b/mobile?page={page}")
    assert response.status_code == 400 and "The page number must be a whole number from 1." in text_of(response)


def test_a_search_page_past_the_end_leads_to_its_last_page(client, seven_pages):
    response = client.get(f"/search?q=calendar&page={HUGE}")
    assert response.status_code == 302 and response.location == "/search?q=calendar&page=7"
    assert "There are only 7 pages; here is the last one." in flashed(client.get(response.location))


def test_the_people_page_past_the_end_leads_to_its_first_page(client):
    response = client.get(f"/people?page={HUGE}")
    assert response.status_code == 302 and response.location == "/people"
    assert client.get(f"/people?page={ENDLESS}").location == "/people"
    assert client.get("/people?page=abc").status_code == 400


def test_the_changelog_past_the_end_is_an_empty_page(client, board, customer):
    make_release("Dark mode", idea=ship(factories.make_idea(board, customer)))
    for page in (HUGE, ENDLESS):
        response = client.get(f"/changelog?page={page}")
        assert response.status_code == 200 and "Dark mode" not in text_of(response)


def test_the_team_s_lists_answer_a_huge_page_number(client, pm, board, customer):
    login(client, pm)
    for path in ("/triage/", "/triage/history", "/merging/audit"):
        assert client.get(f"{path}?page={HUGE}").status_code == 200, path
    idea = factories.make_idea(board, customer)
    assert client.get(f"/ideas/{idea.id}/backers?page={HUGE}").status_code == 404


def test_one_s_notifications_answer_a_huge_page_number(client, customer):
    login(client, customer)
    assert client.get(f"/notifications/?page={HUGE}").status_code == 200


def test_a_webhook_s_deliveries_answer_a_huge_page_number(client, admin):
    webhook = make_webhook("https://crm.example.com/hook")
    login(client, admin)
    assert client.get(f"/admin/webhooks/{webhook.id}?page={HUGE}").status_code == 404


def test_the_api_lists_answer_a_huge_page_number_with_an_empty_list(client, board, customer):
    make_release("Dark mode", idea=ship(factories.make_idea(board, customer)))
    for path in ("/api/v1/ideas", "/api/v1/releases"):
        response = client.get(f"{path}?page={HUGE}", headers=bearer(token_for(customer)))
        assert response.status_code == 200 and response.json == [], path
