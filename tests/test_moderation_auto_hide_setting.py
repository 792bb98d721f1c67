"""The admin's setting of how many different people's reports hide a comment: on the site settings page, for
admins only, its default from the migration, and bad numbers refused without changing anything."""
import pytest
from sqlalchemy import func, select, text

from ideabox import branding
from ideabox.errors import FieldError, PermissionDenied
from ideabox.extensions import db
from ideabox.models import AuditEvent, SiteSettings, utcnow
from ideabox.moderation.auto_hide import set_auto_hide_reports
from tests.conftest import ROLES, login


def threshold() -> int:
    db.session.expire_all()
    return branding.site_settings().auto_hide_reports


def save(client, value):
    return client.post_form("/admin/site/reported-comments", {"moderation-auto_hide_reports": value})


def test_existing_sites_get_three_from_the_migration(app):
    db.session.execute(text("INSERT INTO site_settings (id, name, welcome_heading, welcome_message, accent_color, "
                            "updated_at) VALUES (1, '', '', '', '#4f46e5', :now)"), {"now": utcnow()})
    db.session.commit()
    assert threshold() == 3


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_change_the_setting(client, as_role, role):
    as_role(role)
    page = client.get("/admin/site")
    response = save(client, "5")
    if role == "admin":
        assert page.status_code == 200 and 'data-testid="auto-hide-form"' in page.get_data(as_text=True)
        assert 'name="moderation-auto_hide_reports"' in page.get_data(as_text=True)
        assert 'value="3"' in page.get_data(as_text=True)  # a fresh site's default
        assert response.status_code == 303 and response.location.endswith("/admin/site#top")
        assert threshold() == 5
    else:
        assert page.status_code == response.status_code == (302 if role == "anonymous" else 403)
        assert threshold() == 3


def test_an_admin_saves_it_on_the_audit_log(client, admin):
    login(client, admin)
    assert save(client, "2").status_code == 303 and threshold() == 2
    flashed = client.get("/admin/site").get_data(as_text=True)
    assert "A comment now hides once 2 different people report it, until the team reviews it." in flashed
    save(client, "0")
    assert threshold() == 0
    assert "Reported comments no longer hide by themselves" in client.get("/admin/site").get_data(as_text=True)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "site.auto_hide_saved")
                                .order_by(AuditEvent.id)).all()
    assert [(event.actor_id, event.details) for event in events] == [
        (admin.id, {"auto_hide_reports": 2}), (admin.id, {"auto_hide_reports": 0})]


@pytest.mark.parametrize("value", ["-1", "51", "1000000", "abc", "2.5", "", "  "])
def test_a_bad_number_is_refused_and_changes_nothing(client, admin, value):
    login(client, admin)
    response = save(client, value)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("Enter a whole number from 0 to 50.") == 1
    assert 'data-testid="site-form"' in page  # the rest of the page is still there
    assert threshold() == 3
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_the_setting_needs_its_csrf_token(client, admin):
    login(client, admin)
    response = client.post("/admin/site/reported-comments", data={"moderation-auto_hide_reports": "9"})
    assert response.status_code == 400 and threshold() == 3


def test_the_service_refuses_what_the_form_would(app, admin, customer):
    for value in (-1, 51, "3", True, None):
        with pytest.raises(FieldError):
            set_auto_hide_reports(admin, value)
    with pytest.raises(PermissionDenied):
        set_auto_hide_reports(customer, 4)
    assert db.session.get(SiteSettings, branding.SETTINGS_ID) is None


def test_each_form_of_the_page_keeps_the_other_as_saved(client, admin):
    login(client, admin)
    save(client, "4")
    look = client.post("/admin/site", data={"csrf_token": client.csrf_token(), "name": "Acme", "welcome_heading": "",
                                            "welcome_message": "", "accent_color": "red"},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Use a colour like #4f46e5." in look and 'name="moderation-auto_hide_reports"' in look
    assert 'value="4"' in look and "Enter a whole number" not in look
    refused = save(client, "-3").get_data(as_text=True)
    assert 'value="-3"' in refused and 'value="Acme"' not in refused  # the look form shows what is saved
    assert "Use a colour like" not in refused and threshold() == 4
