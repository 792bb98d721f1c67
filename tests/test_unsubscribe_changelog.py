"""After "Unsubscribe" (the link or one-click List-Unsubscribe of any email), /changelog says what is true: no
release note is emailed any more, and where to turn emails back on."""
from ideabox.extensions import db
from ideabox.models import User
from tests.conftest import login
from tests.factories import make_user


def test_the_changelog_stops_saying_emailed_once_a_subscriber_unsubscribes(client):
    reader = make_user(changelog_emails=True)
    login(client, reader)
    assert "✓ Emailed every release" in client.get("/changelog").get_data(as_text=True)
    one_click = client.post(f"/notifications/unsubscribe/{reader.unsubscribe_token}",
                            data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and not db.session.get(User, reader.id).email_notifications
    html = client.get("/changelog").get_data(as_text=True)
    assert "Emailed every release" not in html
    assert 'href="/auth/account#profile"' in html and "Your emails are off." in html
    fragment = client.htmx_post("/changelog/subscription", {"subscribe": "1"}).get_data(as_text=True)
    assert 'id="changelog-subscription"' in fragment and "Emailed every release" not in fragment
