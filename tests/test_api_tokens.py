"""The API tokens page: every signed-in person makes and revokes their own tokens; a token shows once."""
import re

import pytest
from sqlalchemy import func, select

from ideabox.auth.erasure import erase_account
from ideabox.extensions import db
from ideabox.models import ApiToken
from tests import factories
from tests.conftest import ROLES, login

PAGE = "/account/api-tokens"


def token_count() -> int:
    return db.session.scalar(select(func.count(ApiToken.id)))


@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_makes_a_token_that_shows_once(client, as_role, role):
    user = as_role(role)
    page = client.get(PAGE)
    if role == "anonymous":
        assert page.status_code == 302 and "/auth/login" in page.headers["Location"]
        assert client.post_form(PAGE, {"name": "Script"}).status_code == 302 and token_count() == 0
        return
    assert page.status_code == 200 and "You have no tokens." in page.get_data(as_text=True)
    made = client.post_form(PAGE, {"name": "Zapier"})
    text = made.get_data(as_text=True)
    assert made.status_code == 201
    shown = re.search(r'data-testid="new-token-value">(ibx_[A-Za-z0-9_-]+)<', text).group(1)
    token = db.session.scalar(select(ApiToken))
    assert token.user_id == user.id and token.name == "Zapier" and shown.startswith(token.prefix)
    assert client.get("/api/v1/boards", headers={"Authorization": f"Bearer {shown}"}).status_code == 200
    again = client.get(PAGE).get_data(as_text=True)
    assert shown not in again and f"{token.prefix}…" in again and "Never" not in again  # used just now


def test_a_token_needs_a_name_and_the_form_its_csrf_token(client, customer):
    login(client, customer)
    assert "Enter a name." in client.post_form(PAGE, {"name": " "}).get_data(as_text=True)
    assert client.post(PAGE, data={"name": "Script"}).status_code == 400
    assert token_count() == 0


def test_revoking_stops_the_token_and_nobody_revokes_anothers(client, customer, other_customer):
    login(client, customer)
    client.post_form(PAGE, {"name": "Script"})
    token = db.session.scalar(select(ApiToken))
    login(client, other_customer)
    page = client.post_form(f"{PAGE}/{token.id}/revoke", follow_redirects=True).get_data(as_text=True)
    assert "That token does not exist." in page and token_count() == 1
    login(client, customer)
    page = client.post_form(f"{PAGE}/{token.id}/revoke", follow_redirects=True).get_data(as_text=True)
    assert "The token “Script” is revoked" in page and token_count() == 0
    assert client.post(f"{PAGE}/{token.id}/revoke").status_code == 400  # without its CSRF token


def test_a_person_has_at_most_twenty_tokens(client, customer):
    login(client, customer)
    for number in range(20):
        client.post_form(PAGE, {"name": f"Script {number}"})
    page = client.post_form(PAGE, {"name": "One more"}).get_data(as_text=True)
    assert "You have 20 tokens already" in page and token_count() == 20


def test_the_data_download_lists_tokens_without_their_secret(client, customer):
    login(client, customer)
    client.post_form(PAGE, {"name": "Script"})
    token = db.session.scalar(select(ApiToken))
    [listed] = client.get("/auth/account/data.json").json["api_tokens"]
    assert listed["name"] == "Script" and listed["starts_with"] == token.prefix and listed["last_used_at"] is None
    assert token.token_hash not in client.get("/auth/account/data.json").get_data(as_text=True)


def test_erasing_an_account_deletes_its_tokens(client, customer, app):
    login(client, customer)
    client.post_form(PAGE, {"name": "Script"})
    with app.test_request_context():
        erase_account(customer, factories.make_user(role="admin"))
    db.session.commit()
    assert token_count() == 0


def test_the_account_page_leads_to_the_tokens(client, customer):
    login(client, customer)
    assert f'href="{PAGE}"' in client.get("/auth/account").get_data(as_text=True)
