"""The inbox is read in a browser, whose language is known: each notification shows in the language of the page
it is read on, whichever language its reader had when it was written, and erasing someone renames them in every
language."""
import pytest
from flask_babel import force_locale

from ideabox.auth import erasure
from ideabox.extensions import db
from ideabox.notifications import news
from ideabox.notifications.services import notify
from tests.conftest import login
from tests.factories import make_comment, make_idea
from tests.factories_notifications import notifications_for


@pytest.fixture
def commented(app, board, customer, other_customer):
    """Olive (who follows her browser) is told that Casey commented on Dark mode."""
    with app.test_request_context():
        idea = make_idea(board, other_customer, title="Dark mode")
        comment = make_comment(idea, customer, body="Yes please.")
        notify([other_customer.id], news.comment_news(comment), customer)
    db.session.commit()
    return comment


def inbox(client, language: str) -> str:
    return client.get("/notifications/", headers={"Accept-Language": language}).get_data(as_text=True)


def test_the_inbox_shows_each_notification_in_the_page_s_language(client, commented, other_customer):
    [note] = notifications_for(other_customer)
    assert note.stored_message == "Casey Customer commented on “Dark mode”."  # the site's default, English
    login(client, other_customer)
    assert "Casey Customer a commenté « Dark mode »." in inbox(client, "fr")
    assert "Casey Customer hat „Dark mode“ kommentiert." in inbox(client, "de")
    assert "Casey Customer commented on “Dark mode”." in inbox(client, "en")


def test_erasing_the_person_renames_them_in_every_language(app, commented, customer, other_customer):
    erasure.erase_account(customer, customer)
    db.session.commit()
    [note] = notifications_for(other_customer)
    assert note.stored_message == "Deleted user commented on “Dark mode”."
    assert note.messages == {"en": "Deleted user commented on “Dark mode”.",
                             "fr": "Utilisateur supprimé a commenté « Dark mode ».",
                             "de": "Gelöschter Benutzer hat „Dark mode“ kommentiert."}
    with app.test_request_context(headers={"Accept-Language": "fr"}), force_locale("fr"):
        assert note.message == "Utilisateur supprimé a commenté « Dark mode »."
