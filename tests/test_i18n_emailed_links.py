"""A page that answers a link emailed to someone (unsubscribe, choose a new password) is in that person's saved
language, as the email was, though they open it signed out in a browser that asks for another; a language this
browser chose from the switcher, or the signed-in person's own, still comes first."""
import re

from ideabox.auth.reset import request_password_reset
from ideabox.extensions import db
from ideabox.i18n import LOCALE_COOKIE
from tests.conftest import login
from tests.factories import make_user

ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}


def heading(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S).group(1).strip()


def test_the_unsubscribe_page_is_in_the_recipients_language(client):
    nadia = make_user(locale="fr")
    link = f"/notifications/unsubscribe/{nadia.unsubscribe_token}"
    assert heading(client.get(link, headers=ENGLISH_BROWSER)) == "Arrêter les notifications par e-mail ?"
    assert "Vous êtes désabonné" in client.post(link, headers=ENGLISH_BROWSER).get_data(as_text=True)


def test_a_language_chosen_in_this_browser_or_by_whoever_is_signed_in_comes_first(client):
    nadia = make_user(locale="fr")
    link = f"/notifications/unsubscribe/{nadia.unsubscribe_token}"
    client.set_cookie(LOCALE_COOKIE, "de")
    assert heading(client.get(link, headers=ENGLISH_BROWSER)) == "E-Mail-Benachrichtigungen abbestellen?"
    client.delete_cookie(LOCALE_COOKIE)
    login(client, make_user(locale="en"))
    assert heading(client.get(link, headers=ENGLISH_BROWSER)) == "Stop email notifications?"


def test_someone_who_follows_their_browser_gets_the_browsers_language(client):
    ben = make_user(locale=None)
    assert heading(client.get(f"/notifications/unsubscribe/{ben.unsubscribe_token}",
                              headers=ENGLISH_BROWSER)) == "Stop email notifications?"


def test_the_reset_page_is_in_the_language_of_whoever_asked_for_it(app, client):
    make_user(email="nadia@example.com", locale="fr")
    mail = request_password_reset("nadia@example.com")
    db.session.commit()
    path = re.search(r"http://localhost(/auth/reset/\S+)", mail.text_body).group(1)
    assert heading(client.get(path, headers=ENGLISH_BROWSER)) == "Choisissez un nouveau mot de passe"
