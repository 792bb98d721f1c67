"""The account page through HTTP: each card's form posts to its card's #id, a refused one comes back with its
reasons in that card only, a saved one goes to #top, and no id is used twice, so each label names its own field."""
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import User
from tests import factories
from tests.conftest import login

NEW_PASSWORD = "a much longer secret"
ERROR_MARKS = ('class="errors"', 'class="flash flash--error"')

# card id → where its form posts, a refused post and its reason
CARDS = {
    "profile": ("/auth/account", {"display_name": "   ", "timezone": "UTC"}, "Enter the name other people will see."),
    "email": ("/auth/account/email", {"new_email": "casey.new@example.com", "current_password": "not my password"},
              "That is not your current password."),
    "password": ("/auth/account/password", {"current_password": "not my password", "new_password": NEW_PASSWORD,
                                            "confirm": NEW_PASSWORD}, "Your current password is not right."),
    "your-data": ("/auth/account/erase", {"password": "not my password", "understood": "y"},
                  "That is not your current password."),
}


class PageParts(HTMLParser):
    """The ids of a page, its labels' targets, the fields a person fills in with no label, and its forms' actions."""

    def __init__(self, html):
        super().__init__()
        self.ids, self.label_targets, self.fields, self.actions = [], [], [], []
        self.in_label = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "label":
            self.in_label = True
            if "for" in attributes:
                self.label_targets.append(attributes["for"])
        if (tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit")
                and not self.in_label):  # a checkbox inside its label is labelled by it
            self.fields.append(attributes.get("id"))
        if tag == "form":
            self.actions.append(attributes.get("action"))

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label = False

    @property
    def unlabelled(self) -> list:
        return [field for field in self.fields if field not in self.label_targets]


def cards_of(html) -> dict[str, str]:
    """The page's cards (its <section>s, never nested here) by id."""
    return {match.group(1): chunk.split("</section>")[0] for chunk in html.split("<section ")[1:]
            if (match := re.match(r'[^>]*\bid="([^"]+)"', chunk))}


def assert_ids_are_unique_and_labelled(html) -> None:
    parts = PageParts(html)
    assert [name for name, count in Counter(parts.ids).items() if count > 1] == []
    assert set(parts.label_targets) <= set(parts.ids)  # each label names a field that is there
    assert parts.unlabelled == []


@pytest.mark.parametrize("card", CARDS)
def test_a_refused_card_comes_back_with_its_reason_in_that_card_only(client, customer, card):
    login(client, customer)
    url, data, reason = CARDS[card]
    response = client.post_form(url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200  # the page again, as the other settings pages answer a refused form
    cards = cards_of(html)
    assert reason in cards[card]
    assert [name for name, chunk in cards.items() if any(mark in chunk for mark in ERROR_MARKS)] == [card]
    assert f'action="{url}#{card}"' in cards[card]  # sent again from here, it comes back here
    assert_ids_are_unique_and_labelled(html)
    db.session.expire_all()
    assert db.session.get(User, customer.id).display_name == "Casey Customer"


def test_each_card_form_posts_to_its_card(client, customer):
    login(client, customer)
    cards = cards_of(client.get("/auth/account").get_data(as_text=True))
    for card, (url, _data, _reason) in CARDS.items():
        assert PageParts(cards[card]).actions == [f"{url}#{card}"]
    # these answer at the top whatever happens, where their message shows: no card to come back to
    assert PageParts(cards["sessions"]).actions == ["/auth/account/sessions"]


@pytest.mark.parametrize(("url", "data"), [
    ("/auth/account", {"display_name": "Casey C.", "timezone": "UTC"}),
    ("/auth/account/email", {"new_email": "casey.new@example.com", "current_password": factories.PASSWORD}),
    ("/auth/account/password", {"current_password": factories.PASSWORD, "new_password": NEW_PASSWORD,
                                "confirm": NEW_PASSWORD}),
])
def test_a_saved_card_goes_back_to_the_top_where_its_message_shows(client, customer, url, data):
    login(client, customer)
    response = client.post_form(url, data)
    # without a fragment of its own, the browser would keep the #card the form posted to, far from the message
    assert response.status_code == 303 and response.location == "/auth/account#top"
    assert 'class="flash flash--' in client.get(response.location).get_data(as_text=True)


def test_the_names_the_views_read_stay_as_they_were(client, customer):
    login(client, customer)
    html = client.get("/auth/account").get_data(as_text=True)
    cards = cards_of(html)
    assert 'name="current_password"' in cards["email"] and 'name="new_email"' in cards["email"]
    assert all(f'name="{name}"' in cards["password"] for name in ("current_password", "new_password", "confirm"))
    assert 'name="password"' in cards["your-data"] and 'name="understood"' in cards["your-data"]
    assert 'name="display_name"' in cards["profile"] and 'name="locale"' in cards["profile"]
    assert html.count('name="csrf_token"') >= 5


def test_each_current_password_label_names_its_own_field(client, customer):
    login(client, customer)
    cards = cards_of(client.get("/auth/account").get_data(as_text=True))
    for card in ("email", "password", "your-data"):
        [target] = re.findall(r'<label for="([^"]+)">Current password</label>', cards[card])
        assert f'id="{target}"' in cards[card]
    assert len({re.search(r'<label for="([^"]+)">Current password', cards[card]).group(1)
                for card in ("email", "password", "your-data")}) == 3


def test_a_field_with_errors_points_to_its_own_errors(client, customer):
    login(client, customer)
    html = client.post_form("/auth/account/password", CARDS["password"][1]).get_data(as_text=True)
    card = cards_of(html)["password"]
    [described] = re.findall(r'aria-describedby="([^"]+)"', card)
    assert f'<ul class="errors" id="{described}">' in card and html.count(f'id="{described}"') == 1


def without_password(user):
    user.password_hash = None  # signs in only through single sign-on: the erase card asks for the email
    return user


@pytest.mark.parametrize("person", [
    lambda: factories.make_user(),
    lambda: factories.make_user(email_confirmed_at=None),  # the email card offers "send the link again"
    lambda: factories.make_user(role="pm"),
    lambda: factories.make_user(role="executive"),
    lambda: factories.make_user(role="admin"),
    lambda: without_password(factories.make_user()),
], ids=["customer", "unconfirmed", "pm", "executive", "admin", "sso-only"])
def test_no_id_is_used_twice_on_the_account_page(client, person):
    user = person()
    db.session.commit()
    login(client, db.session.scalar(select(User).where(User.id == user.id)))
    html = client.get("/auth/account").get_data(as_text=True)
    assert_ids_are_unique_and_labelled(html)
    for url, data, _reason in CARDS.values():  # nor when a card comes back refused
        assert_ids_are_unique_and_labelled(client.post_form(url, data).get_data(as_text=True))
