"""A new account keeps the language it signed up in, so its first email is in it too; a browser's first language
counts with its region ("de-AT" is German even when a bare "en" comes later)."""
import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.i18n import LOCALE_COOKIE
from ideabox.models import OutboxEmail, User
from tests.test_auth import registration


def html_lang(client, headers) -> str:
    html = client.get("/", headers=headers).get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("header, expected", [
    ("de-AT,en;q=0.5", "de"), ("fr-CH,en;q=0.7", "fr"), ("en-GB,de;q=0.8", "en"), ("de-DE", "de"),
    ("it-IT,fr;q=0.3", "fr"), ("es,it", "en"),
])
def test_the_browsers_first_language_wins_region_and_all(client, board, header, expected):
    assert html_lang(client, {"Accept-Language": header}) == expected


def test_a_sign_up_after_picking_german_in_the_footer_is_german_and_so_is_its_email(client, board):
    client.set_cookie(LOCALE_COOKIE, "de")
    client.post_form("/auth/register", registration(), headers={"Accept-Language": "en-US,en;q=0.9"})
    user = db.session.scalar(select(User).where(User.email == "new.person@example.com"))
    assert user.locale == "de"
    mail = db.session.scalar(select(OutboxEmail).where(OutboxEmail.to_address == user.email))
    assert "Bestätigen" in mail.subject or "bestätigen" in mail.subject
    assert '<html lang="de">' in mail.html_body  # so a screen reader reads it as German


def test_a_sign_up_in_a_french_browser_keeps_french(client, board):
    client.post_form("/auth/register", registration(), headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert db.session.scalar(select(User.locale).where(User.email == "new.person@example.com")) == "fr"


def test_a_sign_up_with_no_language_asked_for_follows_the_browser(client, board):
    client.post_form("/auth/register", registration())
    assert db.session.scalar(select(User.locale).where(User.email == "new.person@example.com")) is None


def test_an_invited_person_joining_from_a_french_browser_keeps_french(client, admin):
    from tests.test_invitations import accept, invite, latest_link
    from tests.conftest import login

    login(client, admin)
    invite(client)
    client.post_form("/auth/logout")
    client.set_cookie(LOCALE_COOKIE, "fr")
    accept(client, latest_link())
    assert db.session.scalar(select(User.locale).where(User.email == "new.pm@example.com")) == "fr"


def test_pages_and_the_feed_tell_caches_they_change_with_the_language(client, board):
    for url in ("/", "/changelog.atom", f"/b/{board.slug}"):
        assert "Accept-Language" in client.get(url).vary, url


@pytest.mark.parametrize("locale", ["fr", "de"])
def test_the_feed_says_its_language(client, board, locale):
    client.set_cookie(LOCALE_COOKIE, locale)
    feed = client.get("/changelog.atom").get_data(as_text=True)
    assert f'xml:lang="{locale}"' in feed
