"""Which language a page is in: a signed-in person's choice, a visitor's switcher cookie, the browser's
Accept-Language, the site's default; and where each is set."""
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale, get_locale, get_timezone, gettext, ngettext

from ideabox import branding
from ideabox.extensions import db
from ideabox.i18n import LOCALE_COOKIE
from ideabox.models import SiteSettings, User
from tests import factories
from tests.conftest import ROLES, login

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def page(client, url="/", **kwargs) -> str:
    return client.get(url, **kwargs).get_data(as_text=True)


def is_french(html: str) -> bool:
    return '<html lang="fr">' in html and "Feuille de route" in html


def is_english(html: str) -> bool:
    return '<html lang="en">' in html and ">Roadmap</a>" in html


def site_default(locale: str) -> None:
    db.session.add(SiteSettings(id=branding.SETTINGS_ID, name="", welcome_heading="", welcome_message="",
                                default_locale=locale))
    db.session.commit()


def cookie(client, name=LOCALE_COOKIE):
    found = client.get_cookie(name)
    return found.value if found else None


def test_translated_strings_outside_a_request(app):
    assert gettext("Open") == "Open"
    assert str(get_locale()) == "en"
    assert str(get_timezone()) == "UTC"


def test_time_zone_cookie_is_used_for_visitors(app):
    with app.test_request_context("/", headers={"Cookie": "tz=Europe/Paris"}):
        assert str(get_timezone()) == "Europe/Paris"


def test_a_french_browser_gets_french_pages(client, board):
    assert is_french(page(client, headers=FRENCH))
    assert is_english(page(client, headers=ENGLISH))
    assert is_english(page(client))  # no Accept-Language: the site's default


def test_an_unsupported_language_falls_back_to_the_site_default(client, board):
    assert is_english(page(client, headers={"Accept-Language": "it-IT,it;q=0.9"}))
    site_default("fr")
    assert is_french(page(client, headers={"Accept-Language": "it-IT,it;q=0.9"}))
    client.set_cookie(LOCALE_COOKIE, "xx")  # a cookie for a language IdeaBox does not speak is ignored
    assert is_french(page(client))


def test_the_saved_language_beats_the_browser(client, board):
    french = factories.make_user(locale="fr")
    login(client, french)
    assert is_french(page(client, headers=ENGLISH))
    english = factories.make_user(locale="en")
    login(client, english)
    assert is_english(page(client, headers=FRENCH))
    follows_browser = factories.make_user()
    login(client, follows_browser)
    assert is_french(page(client, headers=FRENCH))


def test_the_switcher_sets_the_visitor_cookie_and_goes_back(client, board):
    html = page(client, "/roadmap")
    assert 'data-testid="language-switcher"' in html and '<span class="language-switcher__current" lang="en"' in html
    assert '>Français</button>' in html
    response = client.post_form("/language", {"locale": "fr", "next": "/roadmap"})
    assert response.status_code == 303 and response.headers["Location"] == "/roadmap"
    assert cookie(client) == "fr"
    html = page(client, "/roadmap", headers=ENGLISH)  # the visitor's choice beats the browser
    assert is_french(html) and '>English</button>' in html


def test_the_switcher_needs_the_csrf_token(client, board):
    response = client.post("/language", data={"locale": "fr", "next": "/roadmap"})
    assert response.status_code == 400 and cookie(client) is None
    assert is_english(page(client))


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"])
def test_the_switcher_goes_back_only_to_this_site(client, board, target):
    response = client.post_form("/language", {"locale": "fr", "next": target})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_the_switcher_refuses_a_language_it_does_not_speak(client, board):
    response = client.post_form("/language", {"locale": "xx", "next": "/roadmap"})
    assert response.status_code == 303 and cookie(client) is None


def test_the_switcher_saves_a_signed_in_person_s_language(client, customer, board):
    login(client, customer)
    client.post_form("/language", {"locale": "fr", "next": "/"})
    db.session.expire_all()
    assert db.session.get(User, customer.id).locale == "fr"
    client.delete_cookie(LOCALE_COOKIE)
    assert is_french(page(client, headers=ENGLISH))


def test_the_account_page_picks_a_language_or_follows_the_browser(client, customer):
    login(client, customer)
    html = page(client, "/auth/account")
    assert 'name="locale"' in html and ">Follow my browser</option>" in html
    assert '<option value="fr">Français</option>' in html and '<option value="en">English</option>' in html
    settings = {"display_name": customer.display_name, "timezone": "UTC", "email_notifications": "y"}
    response = client.post_form("/auth/account", {**settings, "locale": "fr"})
    assert response.status_code == 303
    html = page(client, "/auth/account", headers=ENGLISH)
    assert '<html lang="fr">' in html and "Paramètres du compte" in html
    assert "Vos paramètres sont enregistrés." in html  # said in the language just chosen
    assert '<option selected value="fr">Français</option>' in html
    client.post_form("/auth/account", {**settings, "locale": ""})
    db.session.expire_all()
    assert db.session.get(User, customer.id).locale is None
    assert is_english(page(client, headers=ENGLISH))


def test_the_account_page_refuses_an_unknown_language(client, customer):
    login(client, customer)
    settings = {"display_name": customer.display_name, "timezone": "UTC", "locale": "xx"}
    response = client.post_form("/auth/account", settings)
    assert response.status_code == 200 and "Choose a language from the list." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, customer.id).locale is None


def site_form(client, **fields) -> dict:
    return {"csrf_token": client.csrf_token(), "name": "", "welcome_heading": "", "welcome_message": "",
            "accent_color": "#4f46e5", **fields}


def saved_default() -> str | None:
    db.session.expire_all()
    settings = db.session.get(SiteSettings, branding.SETTINGS_ID)
    return settings.default_locale if settings else None


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_set_the_site_s_default_language(client, as_role, role, board):
    as_role(role)
    response = client.post("/admin/site", data=site_form(client, default_locale="fr"),
                           content_type="multipart/form-data")
    if role == "anonymous":
        assert response.status_code == 302
        assert parse_qs(urlsplit(response.location).query)["next"] == ["/admin/site"]
    elif role == "admin":
        assert response.status_code == 303
    else:
        assert response.status_code == 403
    assert saved_default() == ("fr" if role == "admin" else None)


def test_the_admin_form_shows_and_checks_the_default_language(client, admin, board):
    login(client, admin)
    html = page(client, "/admin/site")
    assert 'name="default_locale"' in html and '<option value="fr">Français</option>' in html
    response = client.post("/admin/site", data=site_form(client, default_locale="xx"),
                           content_type="multipart/form-data")
    assert "Choose a language from the list." in response.get_data(as_text=True) and saved_default() is None
    client.post("/admin/site", data=site_form(client, default_locale="fr"), content_type="multipart/form-data")
    with client.session_transaction() as session:
        session.clear()
    assert is_french(page(client))


@pytest.mark.parametrize("num, votes", [(0, "0 vote"), (1, "1 vote"), (2, "2 votes"), (1500, "1500 votes")])
def test_french_counts_are_singular_for_zero_and_one(app, num, votes):
    with force_locale("fr"):
        assert ngettext("%(num)d vote", "%(num)d votes", num) == votes


def test_the_boards_count_their_ideas_in_french(client, board, customer):
    assert "0 idée<" in page(client, headers=FRENCH)
    factories.make_idea(board, customer, title="Mode hors ligne")
    assert "1 idée<" in page(client, headers=FRENCH)
    factories.make_idea(board, customer, title="Thème sombre")
    assert "2 idées<" in page(client, headers=FRENCH)
    assert "2 ideas<" in page(client, headers=ENGLISH)
