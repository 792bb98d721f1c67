"""The admin's setting that asks for a confirmed email before people take part: its card on the site settings
page, for admins only, off for existing sites from the migration, saved on the audit log."""
import pytest
from flask_babel import force_locale
from sqlalchemy import select, text

from ideabox import branding
from ideabox.auth.taking_part import set_require_confirmed_email
from ideabox.errors import PermissionDenied
from ideabox.extensions import db
from ideabox.models import AuditEvent, utcnow
from tests.conftest import ROLES, login

FIELD = "taking_part-require_confirmed_email"


@pytest.fixture(autouse=True)
def default_locale(app):
    with force_locale("en"):
        yield


def required() -> bool:
    db.session.expire_all()
    return branding.site_settings().require_confirmed_email


def save(client, on: bool):
    return client.post_form("/admin/site/taking-part", {FIELD: "y"} if on else {})


def test_existing_sites_keep_it_off_from_the_migration(app):
    db.session.execute(text("INSERT INTO site_settings (id, name, welcome_heading, welcome_message, accent_color, "
                            "updated_at) VALUES (1, '', '', '', '#4f46e5', :now)"), {"now": utcnow()})
    db.session.commit()
    assert required() is False


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_change_the_setting(client, as_role, role):
    user = as_role(role)
    page = client.get("/admin/site")
    response = save(client, True)
    if role == "admin":
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and 'data-testid="confirmed-email-form"' in html
        assert f'name="{FIELD}"' in html and "People must confirm their email address before they post ideas" in html
        assert response.status_code == 303 and response.location.endswith("/admin/site#top")
        assert required() is True
        assert f'checked id="{FIELD}" name="{FIELD}"' in client.get("/admin/site").get_data(as_text=True)
    else:
        assert page.status_code == response.status_code == (302 if role == "anonymous" else 403)
        assert required() is False
        if user is not None:
            with pytest.raises(PermissionDenied):
                set_require_confirmed_email(user, True)


def test_an_admin_turns_it_on_and_off_on_the_audit_log(client, admin):
    login(client, admin)
    save(client, True)
    assert "People now confirm their email address" in client.get("/admin/site").get_data(as_text=True)
    save(client, False)
    assert "People no longer need a confirmed email address" in client.get("/admin/site").get_data(as_text=True)
    assert required() is False
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "site.confirmed_email_saved")
                                .order_by(AuditEvent.id)).all()
    assert [(event.actor_id, event.details) for event in events] == [
        (admin.id, {"require_confirmed_email": True}), (admin.id, {"require_confirmed_email": False})]
    assert "changed whether people confirm their email before taking part" in \
        client.get("/admin/").get_data(as_text=True)  # the overview's latest events


def test_saving_needs_a_csrf_token(client, admin):
    login(client, admin)
    response = client.post("/admin/site/taking-part", data={FIELD: "y"})
    assert response.status_code in (200, 400) and required() is False
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "site.confirmed_email_saved")).all()


@pytest.mark.parametrize("value", ["false", "", "off", "0", "no"])
def test_odd_values_leave_it_off(client, admin, value):
    """A checkbox sends "y" when ticked and nothing otherwise; anything else a hand-made POST sends is not "on"."""
    login(client, admin)
    assert client.post_form("/admin/site/taking-part", {FIELD: value}).status_code == 303
    assert required() is False


def test_the_other_cards_keep_their_values(client, admin):
    login(client, admin)
    client.post_form("/admin/site/reported-comments", {"moderation-auto_hide_reports": "5"})
    save(client, True)
    db.session.expire_all()
    settings = branding.site_settings()
    assert settings.auto_hide_reports == 5 and settings.require_confirmed_email is True
