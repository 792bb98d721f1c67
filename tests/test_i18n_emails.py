"""Emails and notifications are written in each recipient's language, whatever language the person acting reads:
their saved language, else the site's default. Slack hears the site's default."""
from flask_babel import force_locale

from ideabox.auth import invitations
from ideabox.auth.reset import request_password_reset
from ideabox.extensions import db
from ideabox.ideas.services import cast_vote
from ideabox.models import Role
from ideabox.notifications.mailer import drain_outbox
from ideabox.webhooks import slack
from tests import factories
from tests.conftest import login
from tests.factories_notifications import notifications_for
from tests.test_i18n import ENGLISH, site_default



def test_a_status_change_reaches_each_backer_in_their_language(app, client, smtp, board, pm):
    idea = factories.make_idea(board, factories.make_user(), title="Offline mode")
    french = factories.make_user(email="amelie@example.com", display_name="Amélie", locale="fr")
    english = factories.make_user(email="bea@example.com", display_name="Bea")
    for backer in (french, english):
        cast_vote(idea, backer)
    db.session.commit()
    login(client, pm)
    response = client.post_form(f"/ideas/{idea.id}/status", {"status": "planned", "note": "Soon."}, headers=ENGLISH)
    assert response.status_code == 303
    assert drain_outbox().sent == 2
    [french_mail], [english_mail] = smtp.to("amelie@example.com"), smtp.to("bea@example.com")
    assert french_mail["Subject"] == "Planifiée : Offline mode"
    assert english_mail["Subject"] == "Planned: Offline mode"
    french_text = french_mail.get_body(("plain",)).get_content()
    assert "Bonjour Amélie," in french_text and "« Offline mode » est désormais Planifiée." in french_text
    assert "Voir l’idée : http://" in french_text and "See the idea: http://" in english_mail.get_body(
        ("plain",)).get_content()  # each language's own spacing before the colon
    assert "Voir l’idée" in french_mail.get_body(("html",)).get_content()
    assert '<html lang="fr">' in french_mail.get_body(("html",)).get_content()
    assert '<html lang="en">' in english_mail.get_body(("html",)).get_content()
    assert "Hi Bea," in english_mail.get_body(("plain",)).get_content()
    [note] = notifications_for(french)
    assert note.stored_message == "« Offline mode » est désormais Planifiée. Soon."  # as written for her
    [note] = notifications_for(english)
    assert note.stored_message == "“Offline mode” is now Planned. Soon."
    assert note.messages["fr"] == "« Offline mode » est désormais Planifiée. Soon."  # for a French page
    assert note.messages["de"] == "„Offline mode“ hat jetzt den Status Geplant. Soon."


def test_people_who_follow_their_browser_get_the_site_s_language(app, smtp, board, pm):
    site_default("fr")
    follows_browser = factories.make_user(email="bea@example.com", display_name="Bea")
    with app.test_request_context(headers=ENGLISH):
        request_password_reset("bea@example.com")
        db.session.commit()
    drain_outbox()
    [mail] = smtp.to(follows_browser.email)
    assert mail["Subject"] == "Réinitialisez votre mot de passe IdeaBox"
    assert "Bonjour Bea," in mail.get_body(("plain",)).get_content()


def test_account_emails_follow_the_saved_language(app, smtp):
    factories.make_user(email="bea@example.com", display_name="Bea", locale="fr")
    factories.make_user(email="tom@example.com", display_name="Tom", locale="en")
    with app.test_request_context(headers={"Accept-Language": "fr"}), force_locale("fr"):
        request_password_reset("bea@example.com")
        request_password_reset("tom@example.com")
        db.session.commit()
    drain_outbox()
    assert smtp.to("bea@example.com")[0]["Subject"] == "Réinitialisez votre mot de passe IdeaBox"
    assert smtp.to("tom@example.com")[0]["Subject"] == "Reset your IdeaBox password"


def test_an_invitation_is_in_the_site_s_language(app, smtp, admin):
    site_default("fr")
    with app.test_request_context(headers=ENGLISH):
        invitations.invite(admin, "new@example.com", Role.PM, "")
        db.session.commit()
    drain_outbox()
    [mail] = smtp.to("new@example.com")
    assert mail["Subject"] == "Ada Admin vous invite sur IdeaBox"


def test_slack_speaks_the_site_s_language(app):
    site_default("fr")
    with app.test_request_context(headers=ENGLISH):
        assert slack.message("ping", {})["text"] == "IdeaBox est connecté : ceci est un message de test."
