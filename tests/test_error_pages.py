"""What a person sees when something goes wrong: a page number past any list leads back to the list's last page
(never a 500), error pages speak our words rather than werkzeug's developer text, and the sign-in detour says what
to do in the product's voice (QA findings)."""
import re

import pytest
from flask import abort

from ideabox import create_app
from ideabox.extensions import db
from tests import factories
from tests.conftest import CsrfClient, _test_config, login
from tests.factories_roadmap import make_release, ship
from tests.factories_webhooks import make_webhook
from tests.test_api import bearer, token_for

HUGE = "99999999999999999999"  # past 2**64: SQLite cannot bind it as an OFFSET (a 500 before)
ENDLESS = "9" * 5000  # past int()'s 4,300 digits
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
# werkzeug's descriptions, written for developers and only in English
WERKZEUG_SENTENCES = (
    "The browser (or proxy) sent a request that this server could not understand",
    "You don't have the permission to access the requested resource",
    "The requested URL was not found on the server",
    "If you entered the URL manually",
    "The method is not allowed for the requested URL",
    "The server encountered an internal error",
    "Either the server is overloaded",
    "The data value transmitted exceeds the capacity limit",
    "per 1 minute",
)


def text_of(response) -> str:
    return response.get_data(as_text=True)


def flashed(response) -> str:
    return " ".join(re.findall(r'<div class="flash flash--\w+">([^<]*)</div>', text_of(response)))


def assert_not_werkzeug(response):
    page = text_of(response)
    assert [sentence for sentence in WERKZEUG_SENTENCES if sentence in page] == []


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


def test_the_changelog_past_the_end_leads_to_its_last_page_keeping_its_filter(client, board, customer):
    make_release("Dark mode", idea=ship(factories.make_idea(board, customer)), kind="fixed")
    for page in (HUGE, ENDLESS):
        response = client.get(f"/changelog?kind=fixed&page={page}")
        assert response.status_code == 302 and response.location == "/changelog?kind=fixed", page
    first = client.get(response.location)
    assert "There is only one page; here it is." in flashed(first) and "Dark mode" in text_of(first)


def test_every_list_of_the_team_past_its_end_leads_to_its_last_page(client, pm, admin, board, customer):
    idea = factories.make_idea(board, customer)
    webhook = make_webhook("https://crm.example.com/hook")
    lists = {"/triage/": pm, "/triage/history": pm, "/merging/audit": pm, f"/ideas/{idea.id}/backers": pm,
             "/notifications/": customer, "/admin/users": admin, "/admin/accounts": admin, "/admin/boards": admin,
             "/admin/tags": admin, "/admin/sso": admin, "/admin/webhooks": admin, f"/admin/webhooks/{webhook.id}": admin,
             "/admin/imports/": admin}
    for path, person in lists.items():
        login(client, person)
        response = client.get(f"{path}?page={HUGE}")
        assert response.status_code == 302 and response.location == path, path
        first = client.get(response.location)
        assert first.status_code == 200 and "There is only one page; here it is." in flashed(first), path


def test_a_list_s_filters_stay_on_the_way_to_its_last_page(client, admin, board, customer):
    for n in range(30):
        factories.make_user(display_name=f"Person {n}", email=f"person{n}@example.com")
    login(client, admin)
    response = client.get("/admin/users?q=Person&role=customer&page=7")
    assert response.status_code == 302 and response.location == "/admin/users?q=Person&role=customer&page=2"
    assert "There are only 2 pages; here is the last one." in flashed(client.get(response.location))
    assert client.get("/triage/?board=mobile&page=3").location == "/triage/?board=mobile"


def test_the_api_lists_answer_a_huge_page_number_with_an_empty_list(client, board, customer):
    make_release("Dark mode", idea=ship(factories.make_idea(board, customer)))
    for path in ("/api/v1/ideas", "/api/v1/releases"):
        response = client.get(f"{path}?page={HUGE}", headers=bearer(token_for(customer)))
        assert response.status_code == 200 and response.json == [], path


# --- error pages in our words ---------------------------------------------------------------------------


def test_a_missing_page_says_so_in_our_words(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "Page not found" in text_of(response)
    assert "There is nothing at this address, or it is not shared with you." in text_of(response)
    assert_not_werkzeug(response)


def test_a_view_s_own_reason_is_kept(client):
    response = client.get("/b/no-such-board")
    assert response.status_code == 404 and "This board does not exist." in text_of(response)
    assert "There is nothing at this address" not in text_of(response)


def test_a_wrong_method_says_so_in_our_words(client):
    response = client.post("/search")
    assert response.status_code == 405 and "This address does not take that kind of request." in text_of(response)
    assert_not_werkzeug(response)


def test_a_page_for_admins_only_says_so_in_our_words(client, customer):
    login(client, customer)
    response = client.get("/admin/")
    assert response.status_code == 403 and "Your account does not have access to this." in text_of(response)
    assert_not_werkzeug(response)


def test_a_body_too_large_says_so_in_our_words(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/auth/login", data={"email": "x" * 2000})
    assert response.status_code == 413 and "What you sent is larger than this page accepts." in text_of(response)
    assert_not_werkzeug(response)


@pytest.fixture
def failing_routes(app):
    """Routes that fail as a view can, since no page of ours fails so on purpose."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer with the 500 page, as in production
    app.add_url_rule("/__bad-request__", "bad_request", lambda: abort(400))
    app.add_url_rule("/__broken__", "broken", lambda: 1 / 0)
    app.add_url_rule("/__unsupported__", "unsupported", lambda: abort(415))
    return app


def test_a_bad_request_says_so_in_our_words(client, failing_routes):
    response = client.get("/__bad-request__")
    assert response.status_code == 400 and "Something in that request was not as this page expects." in text_of(response)
    assert_not_werkzeug(response)


def test_a_crash_says_so_in_our_words(client, failing_routes):
    response = client.get("/__broken__")
    assert response.status_code == 500 and "Something broke on our side, not yours." in text_of(response)
    assert_not_werkzeug(response)


def test_any_other_error_is_in_our_words_too(client, failing_routes):
    response = client.get("/__unsupported__")
    assert response.status_code == 415
    assert "This request could not be completed. Go back and try again." in text_of(response)
    assert "The server does not support the media type" not in text_of(response)


def test_french_error_pages_hold_no_werkzeug_english(client, failing_routes):
    for path, code in (("/no-such-page", 404), ("/__broken__", 500), ("/__bad-request__", 400)):
        response = client.get(path, headers=FRENCH)
        assert response.status_code == code and '<html lang="fr">' in text_of(response)
        assert_not_werkzeug(response)


def test_the_rate_limit_says_so_in_our_words(_migrated, tmp_path):
    app = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True})
    app.test_client_class = CsrfClient
    client = app.test_client()
    with app.app_context():
        answers = [client.post_form("/auth/login", {"email": "x@example.com", "password": "y"}) for _ in range(11)]
        assert answers[10].status_code == 429 and "Slow down" in text_of(answers[10])
        assert "You are going a little fast. Wait a minute, then try again." in text_of(answers[10])
        assert 0 < int(answers[10].headers["Retry-After"]) <= 61  # when to try again: a minute, rounded up
        assert "Retry-After" not in answers[9].headers  # only a refusal says it
        assert_not_werkzeug(answers[10])
        db.session.remove()
        db.engine.dispose()


def test_the_api_still_answers_its_errors_in_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.json["code"] == 404 and response.json["status"] == "Not Found"


# --- the sign-in detour ---------------------------------------------------------------------------------


def test_posting_an_idea_signed_out_asks_to_sign_in_in_our_words(client, board):
    response = client.get("/b/mobile/new")
    assert response.status_code == 302 and response.location.startswith("/auth/login?next=")
    login_page = client.get(response.location)
    assert "Sign in to continue — it takes a minute." in flashed(login_page)
    assert "Please log in to access this page." not in text_of(login_page)


def test_any_page_for_the_signed_in_asks_the_same_way(client):
    login_page = client.get("/notifications/", follow_redirects=True)
    assert "Sign in to continue — it takes a minute." in flashed(login_page)


def test_an_address_with_a_trailing_slash_leads_to_the_one_without(client, board, customer):
    idea = factories.make_idea(board, customer, title="Dark mode")
    db.session.commit()
    response = client.get(f"/ideas/{idea.id}/?from=mail")
    assert response.status_code == 308 and response.headers["Location"] == f"/ideas/{idea.id}?from=mail"
    assert client.get(response.headers["Location"]).status_code == 200
    assert client.get(f"/ideas/{idea.id}//").headers["Location"] == f"/ideas/{idea.id}"
    assert client.get(f"/api/v1/ideas/{idea.id}/").status_code == 308  # scripts follow it too
    assert client.get("/ideas/999999/", follow_redirects=True).status_code == 404  # then says it is not there


@pytest.mark.parametrize("path", ["/nothing-here/", "//example.com/", "/"])
def test_a_trailing_slash_leads_nowhere_that_does_not_exist(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404) and "Location" not in response.headers
    assert client.post("/ideas/1/").status_code in (400, 404, 405)  # only a GET is sent elsewhere
