"""Leaving IdeaBox: download one's data, erase one's account (or an admin erases it on request)."""
import json

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from ideabox import create_app
from ideabox.auth import erasure
from ideabox.comments import mentions
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote, toggle_follow
from ideabox.models import AuditEvent, Comment, Follow, Idea, Notification, OutboxEmail, User, Vote
from ideabox.moderation.services import report
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_notifications import notifications_for
from tests.test_api import token_for

PASSWORD = factories.PASSWORD


@pytest.fixture(autouse=True)
def default_locale(app):
    with force_locale("en"):
        yield


@pytest.fixture
def history(app, board, customer, other_customer, pm):
    """Casey posted an idea, voted for and followed Olive's, commented mentioning Olive; Olive mentioned
    Casey back; Pat replied officially, so Casey has notifications and queued emails."""
    with app.test_request_context():
        own = factories.make_idea(board, customer, title="Offline mode", body="On the train")
        theirs = factories.make_idea(board, other_customer, title="Dark mode")
        cast_vote(theirs, customer)
        toggle_follow(theirs, customer)
        add_comment(theirs, customer, f"{mentions.token(other_customer)} me too")
        add_comment(theirs, other_customer, f"Thanks {mentions.token(customer)}!")
        add_comment(theirs, pm, "Planned for spring")
    db.session.commit()
    return own, theirs


def erase_form(password=PASSWORD, understood="y"):
    return {"password": password, **({"understood": understood} if understood else {})}


# --- downloading one's data -------------------------------------------------------------------


def test_the_download_holds_the_persons_own_data_only(client, history, customer):
    own, theirs = history
    login(client, customer)
    response = client.get("/auth/account/data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="ideabox-data-{customer.id}-')
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "casey@example.com" and data["account"]["display_name"] == "Casey Customer"
    assert [idea["title"] for idea in data["ideas"]] == ["Offline mode"]
    assert data["ideas"][0]["url"] == f"http://localhost/ideas/{own.id}"
    assert [c["body"] for c in data["comments"]] == [f"[@Olive Other](mention:{theirs.author_id}) me too"]
    assert [v["idea_title"] for v in data["votes"]] == ["Dark mode"]
    assert [f["idea_title"] for f in data["following"]] == ["Dark mode"]
    assert {n["message"] for n in data["notifications"]} == {
        "Olive Other mentioned you on “Dark mode”.", "Pat PM from the team replied on “Dark mode”."}
    assert "Planned for spring" not in json.dumps(data["comments"])  # others' words are not theirs
    assert data["images"] == []


def test_the_download_holds_the_persons_reports_and_settings(app, client, history, customer):
    own, theirs = history
    with app.test_request_context():
        report(customer, "spam", "Links to a casino.", theirs)
    customer.locale = "fr"
    db.session.commit()
    login(client, customer)
    data = client.get("/auth/account/data.json").json
    assert [(r["idea"], r["comment"], r["reason"], r["note"], r["resolution"]) for r in data["reports"]] == [
        (theirs.id, None, "spam", "Links to a casino.", None)]
    assert data["account"]["language"] == "fr" and data["account"]["new_idea_digest"] is False


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_download_its_data_and_visitors_may_not(client, as_role, role):
    user = as_role(role)
    response = client.get("/auth/account/data.json")
    if user is None:
        assert response.status_code == 302 and response.location.startswith("/auth/login")
    else:
        assert response.status_code == 200 and response.json["account"]["role"] == role


# --- erasing one's account --------------------------------------------------------------------


def test_erasing_strips_the_account_and_keeps_what_it_posted(client, history, customer, other_customer):
    own, theirs = history
    votes_before = db.session.scalar(select(func.count(Vote.user_id)))
    login(client, customer)
    response = client.post_form("/auth/account/erase", erase_form())
    assert response.status_code == 303 and response.location == "/"
    home = client.get("/").get_data(as_text=True)
    assert "Your account is erased" in home and "Sign in" in home

    user = db.session.get(User, customer.id)
    assert user.erased_at is not None and user.display_name == "Deleted user"
    assert user.email == f"erased-{user.id}@erased.invalid" and user.password_hash is None
    assert user.is_suspended and not user.email_notifications and user.customer_account_id is None
    assert db.session.scalar(select(func.count(Vote.user_id))) == votes_before  # the counts stay true
    assert db.session.get(Idea, own.id).author_id == user.id
    for table in (Follow, Notification):
        assert db.session.scalar(select(func.count()).select_from(table).where(table.user_id == user.id)) == 0
    assert db.session.scalar(select(func.count(OutboxEmail.id)).where(OutboxEmail.to_address == "casey@example.com")) == 0
    thanks = db.session.scalar(select(Comment).where(Comment.author_id == other_customer.id))
    assert thanks.body == f"Thanks [@Deleted user](mention:{user.id})!"
    assert "Casey" not in " ".join(n.message for n in notifications_for(other_customer))
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.subject_id == user.id)) == "user.erased"

    page = client.get(f"/ideas/{own.id}").get_data(as_text=True)
    assert "by Deleted user" in page and "Casey" not in page
    signed_in = client.post_form("/auth/login", {"email": "casey@example.com", "password": PASSWORD})
    assert "don&#39;t match an account" in signed_in.get_data(as_text=True)
    again = client.post_form("/auth/register", {"email": "casey@example.com", "display_name": "Casey Again",
                                                "password": PASSWORD, "confirm": PASSWORD})
    assert again.status_code == 302  # the address is free for a new account


def test_an_erased_persons_name_reads_in_the_readers_language(client, history, customer, pm):
    own, theirs = history
    login(client, customer)
    client.post_form("/auth/account/erase", erase_form())
    assert db.session.get(User, customer.id).stored_display_name == "Deleted user"  # stored in one language
    client.get("/")  # shows the flash of the erasure
    french = client.get(f"/ideas/{theirs.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert french.count("Utilisateur supprimé") >= 2 and "Deleted user" not in french  # the comment and the mention
    english = client.get(f"/ideas/{theirs.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Deleted user" in english and "Utilisateur supprimé" not in english
    people = db.session.scalars(select(User).where(User.display_name == "Deleted user")).all()
    assert [person.id for person in people] == [customer.id]  # queries read the stored name
    headers = {"Authorization": f"Bearer {token_for(pm)}", "Accept-Language": "fr"}
    api = client.get(f"/api/v1/ideas/{own.id}", headers=headers).json
    assert api["author"]["name"] == "Deleted user"  # programs read one name whatever the language


def test_an_erased_persons_other_sessions_end(client, app, customer):
    login(client, customer)
    erasure.erase_account(customer, customer)
    db.session.commit()
    assert client.get("/auth/account").status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (erase_form(password="not my password"), "That is not your current password."),
        (erase_form(understood=None), "Tick the box to confirm that this cannot be undone."),
        (erase_form(password=""), "Enter your current password."),
    ],
)
def test_a_refused_erasure_says_why_and_changes_nothing(client, history, customer, form, message):
    login(client, customer)
    response = client.post_form("/auth/account/erase", form)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    user = db.session.get(User, customer.id)
    assert user.erased_at is None and user.email == "casey@example.com"
    assert len(notifications_for(user)) == 2


def test_erasing_needs_a_csrf_token(client, customer):
    login(client, customer)
    assert client.post("/auth/account/erase", data=erase_form()).status_code == 400
    assert db.session.get(User, customer.id).erased_at is None


def test_someone_without_a_password_erases_their_account_by_typing_their_email(client):
    person = factories.make_user(email="sam@acme.com", display_name="Sam SSO")
    person.password_hash = None  # signs in only through single sign-on
    db.session.commit()
    login(client, person)
    page = client.get("/auth/account").get_data(as_text=True)
    assert 'name="confirm_email"' in page and 'name="password"' not in page.split('data-testid="erase-form"')[1]
    wrong = client.post_form("/auth/account/erase", {"confirm_email": "someone@acme.com", "understood": "y"})
    assert "That is not the email address of this account." in wrong.get_data(as_text=True)
    assert db.session.get(User, person.id).erased_at is None
    done = client.post_form("/auth/account/erase", {"confirm_email": " Sam@Acme.com ", "understood": "y"})
    assert done.status_code == 303
    assert db.session.get(User, person.id).erased_at is not None


def test_someone_with_a_password_still_needs_it_not_their_email(client, customer):
    login(client, customer)
    refused = client.post_form("/auth/account/erase", {"confirm_email": customer.email, "understood": "y"})
    assert "Enter your current password." in refused.get_data(as_text=True)
    assert db.session.get(User, customer.id).erased_at is None


def test_the_last_admin_cannot_erase_their_account(client, admin):
    login(client, admin)
    response = client.post_form("/auth/account/erase", erase_form())
    assert "is the last administrator" in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).erased_at is None


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_erase_its_own_account(client, as_role, admin, role):
    user = as_role(role)
    response = client.post_form("/auth/account/erase", erase_form())
    if user is None:
        assert response.status_code == 302 and response.location.startswith("/auth/login")
        return
    assert response.status_code == 303
    assert db.session.get(User, user.id).erased_at is not None


def test_an_erased_team_member_stops_getting_team_news(app, board, customer, pm):
    other_pm = factories.make_user(role="pm")
    erasure.erase_account(pm, pm)
    with app.test_request_context():
        from ideabox.ideas.services import submit_idea
        submit_idea(board, customer, "Export to CSV")
    db.session.commit()
    assert notifications_for(pm) == [] and len(notifications_for(other_pm, "new_idea")) == 1


# --- an admin erases someone on request -------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_may_erase_someone_else(client, as_role, customer, role):
    as_role(role)
    response = client.post_form(f"/admin/users/{customer.id}/erase")
    erased = db.session.get(User, customer.id).erased_at is not None
    if role == "admin":
        assert response.status_code == 303 and erased
    else:
        assert response.status_code in (302, 403) and not erased


def test_the_admin_page_erases_and_then_leaves_the_account_alone(client, admin, customer):
    login(client, admin)
    client.post_form(f"/admin/users/{customer.id}/erase")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "The account of Casey Customer is erased." in page and 'data-testid="erased"' in page
    assert "casey@example.com" not in page
    for url, data in ((f"/admin/users/{customer.id}/role", {"role": "pm"}),
                      (f"/admin/users/{customer.id}/suspension", {"suspended": "0"}),
                      (f"/admin/users/{customer.id}/erase", {})):
        answer = client.post_form(url, data, follow_redirects=True).get_data(as_text=True)
        assert "erased" in answer
    user = db.session.get(User, customer.id)
    assert user.role.value == "customer" and user.is_suspended
    assert "erased an account" in client.get("/admin/").get_data(as_text=True)


def test_an_admin_erases_their_own_account_from_their_settings(app, admin):
    from ideabox.admin import services
    with pytest.raises(DomainError, match="from your account settings"):
        services.erase_user(admin, admin)


def test_the_audit_log_forgets_the_erased_address(app, admin, customer):
    from ideabox.admin import services
    services.change_role(admin, customer, "pm")
    erasure.erase_account(customer, admin)
    details = db.session.scalars(select(AuditEvent.details).where(AuditEvent.subject_id == customer.id)).all()
    assert "casey@example.com" not in json.dumps(details)


def test_migration_0011_adds_and_drops_the_erased_column(tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "SECRET_KEY": "k"})
    with app.app_context():
        upgrade(revision="0011")
        with db.engine.connect() as connection:
            assert "erased_at" in [row[1] for row in connection.execute(text("PRAGMA table_info(users)"))]
        downgrade(revision="0010")
        with db.engine.connect() as connection:
            assert "erased_at" not in [row[1] for row in connection.execute(text("PRAGMA table_info(users)"))]


def test_the_download_makes_as_many_queries_for_many_posts_as_for_few(client, board, customer):
    from tests.factories_merging import count_queries

    def posts(count):
        for n in range(count):
            idea = factories.make_idea(factories.make_board(), customer, title=f"Idea {n}")
            factories.make_comment(idea, customer, f"Comment {n}")

    login(client, customer)
    posts(2)
    few = count_queries(lambda: client.get("/auth/account/data.json"))
    posts(10)
    many = count_queries(lambda: client.get("/auth/account/data.json"))
    assert many == few and len(client.get("/auth/account/data.json").json["comments"]) == 12
