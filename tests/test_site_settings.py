"""The site's own name, welcome text, logo and accent colour: who may set them, what is refused, where they show."""
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale
from PIL import Image
from sqlalchemy import event, func, select

from ideabox import branding
from ideabox.auth.reset import request_password_reset
from ideabox.errors import PermissionDenied
from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import AuditEvent, IdeaStatus, SiteSettings, Upload
from ideabox.notifications.mailer import drain_outbox
from tests import factories
from tests.conftest import ROLES, login
from tests.test_uploads import image_bytes

DEFAULT_HEADING = "Tell us what to build next"


@pytest.fixture(autouse=True)
def default_locale(app):
    with force_locale("en"):
        yield


def form(client, **fields) -> dict:
    values = {"csrf_token": client.csrf_token(), "name": "", "welcome_heading": "", "welcome_message": "",
              "accent_color": "#4f46e5"}
    values.update(fields)
    return values


def save(client, **fields):
    return client.post("/admin/site", data=form(client, **fields), content_type="multipart/form-data")


def saved() -> SiteSettings | None:
    db.session.expire_all()
    return db.session.get(SiteSettings, branding.SETTINGS_ID)


def upload_count() -> int:
    return db.session.scalar(select(func.count(Upload.id)))


def page(client, url="/") -> str:
    return client.get(url).get_data(as_text=True)


def test_a_fresh_site_is_called_ideabox_with_its_own_welcome(client):
    home = page(client)
    assert "<title>Boards · IdeaBox</title>" in home
    assert '<span data-testid="site-name">IdeaBox</span>' in home
    assert DEFAULT_HEADING in home and "style=\"--primary" not in home
    assert 'data-testid="site-logo"' not in home


def test_an_admin_names_the_site_and_writes_its_welcome(client, admin):
    login(client, admin)
    response = save(client, name="  Acme   Feedback ", welcome_heading="What should Acme build?",
                    welcome_message="Read [our guidelines](https://acme.example/guide) first.\n\n<script>alert(1)</script>",
                    accent_color="#0F766E")
    assert response.status_code == 303 and response.location.endswith("/admin/site")
    settings = saved()
    assert (settings.name, settings.welcome_heading, settings.accent_color) == (
        "Acme Feedback", "What should Acme build?", "#0f766e")
    client.get("/logout")
    home = page(client)
    assert "<title>Boards · Acme Feedback</title>" in home
    assert '<span data-testid="site-name">Acme Feedback</span>' in home
    assert "What should Acme build?" in home and DEFAULT_HEADING not in home
    assert '<a href="https://acme.example/guide"' in home and "<script>alert(1)" not in home
    assert 'style="--primary: #0f766e; --primary-dark: #0d645e; --primary-soft: #e7f1f0;"' in home
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "site.saved"))
    assert event.actor_id == admin.id and event.details["name"] == "Acme Feedback"


def test_emptied_fields_fall_back_to_ideabox_words(client, admin):
    login(client, admin)
    save(client, name="Acme", welcome_heading="Hi")
    save(client)
    home = page(client)
    assert DEFAULT_HEADING in home and '<span data-testid="site-name">IdeaBox</span>' in home


def test_the_logo_is_cleaned_scaled_shown_replaced_and_removed(client, admin):
    login(client, admin)
    response = save(client, logo_file=(io.BytesIO(image_bytes(size=(1200, 300))), "acme.png"))
    assert response.status_code == 303
    first = saved().logo
    assert (first.width, first.height) == (512, 128) and first.uploader_id == admin.id
    url = f"/uploads/{first.key}.png"
    assert f'<img class="brand__logo" src="{url}"' in page(client)
    assert client.get(url).status_code == 200

    save(client, name="Acme")  # no file chosen: the logo stays
    assert saved().logo.key == first.key

    save(client, logo_file=(io.BytesIO(image_bytes("JPEG", size=(64, 64))), "new.jpg"))
    second = saved().logo
    assert second.key != first.key and second.content_type == "image/jpeg"
    assert client.get(url).status_code == 404 and upload_count() == 1  # the old image went with it

    save(client, remove_logo="y")
    assert saved().logo is None and upload_count() == 0
    assert 'data-testid="site-logo"' not in page(client)


@pytest.mark.parametrize("fields, message", [
    ({"name": "N" * 61}, "at most 60 characters"),
    ({"welcome_heading": "H" * 121}, "at most 120 characters"),
    ({"welcome_message": "M" * 2001}, "at most 2000 characters"),
    ({"accent_color": "red"}, "Use a colour like #4f46e5."),
    ({"accent_color": ""}, "Choose a colour."),
    ({"accent_color": "#ffd400"}, "White text on #ffd400 is hard to read (contrast 1.4:1; buttons need 4.5:1)"),
])
def test_bad_input_says_why_and_changes_nothing(client, admin, fields, message):
    login(client, admin)
    save(client, name="Acme", accent_color="#0f766e")
    response = save(client, **{"name": "Other", **fields})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert (saved().name, saved().accent_color) == ("Acme", "#0f766e")


@pytest.mark.parametrize("data, name", [
    (b"%PDF-1.4 not an image", "brochure.pdf"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
    (image_bytes("BMP"), "logo.bmp"),
])
def test_a_logo_that_is_not_a_plain_image_is_refused(client, admin, data, name):
    login(client, admin)
    response = save(client, name="Acme", logo_file=(io.BytesIO(data), name))
    assert response.status_code == 200
    assert "Attach a PNG, JPEG, GIF or WebP image." in response.get_data(as_text=True)
    assert saved() is None and upload_count() == 0  # the name was not saved either


def test_the_admin_page_shows_the_saved_values(client, admin):
    login(client, admin)
    save(client, name="Acme", welcome_heading="Hello", accent_color="#0f766e",
         logo_file=(io.BytesIO(image_bytes()), "acme.png"))
    html = page(client, "/admin/site")
    assert 'value="Acme"' in html and 'value="Hello"' in html and 'value="#0f766e"' in html
    assert 'data-testid="current-logo"' in html and "Remove the logo" in html


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_open_or_change_the_site_settings(client, as_role, role):
    user = as_role(role)
    response = client.get("/admin/site")
    posted = client.post("/admin/site", data=form(client, name="Hijacked"), content_type="multipart/form-data")
    if role == "anonymous":
        assert response.status_code == 302
        assert parse_qs(urlsplit(response.location).query)["next"] == ["/admin/site"]
        assert posted.status_code == 302
    elif role == "admin":
        assert response.status_code == 200 and posted.status_code == 303
    else:
        assert response.status_code == 403 and posted.status_code == 403
    assert (saved() is not None) == (role == "admin")
    if user is not None and role != "admin":
        with pytest.raises(PermissionDenied):
            branding.save_site_settings(user, name="X", welcome_heading="", welcome_message="", accent_color="#4f46e5")


def test_the_admin_menu_links_the_page_for_admins_only(client, admin, pm):
    login(client, pm)
    assert "/admin/site" not in page(client, "/admin/")
    login(client, admin)
    assert 'href="/admin/site"' in page(client, "/admin/")


def test_saving_needs_a_csrf_token(client, admin):
    login(client, admin)
    response = client.post("/admin/site", data={"name": "Hijacked", "accent_color": "#4f46e5"},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and saved() is None


def test_emails_carry_the_site_name_and_colour(app, client, smtp, admin, board, pm):
    login(client, admin)
    save(client, name="Acme Feedback", accent_color="#0f766e")
    backer = factories.make_user(email="bea@example.com", display_name="Bea Backer")
    with app.test_request_context():
        idea = factories.make_idea(board, backer, title="Offline mode")
        cast_vote(idea, backer)
        change_status(idea, IdeaStatus.PLANNED, pm, note="Soon.")
        request_password_reset("bea@example.com")
        db.session.commit()
    assert drain_outbox().sent == 2
    messages = {message["Subject"]: message for message in smtp.to("bea@example.com")}
    reset = messages["Reset your Acme Feedback password"]
    assert reset["From"] == "Acme Feedback <roadmap@example.com>"
    assert "background:#0f766e" in reset.get_body(("html",)).get_content()  # account emails too
    news = messages["Planned: Offline mode"]
    html = news.get_body(("html",)).get_content()
    assert "Acme Feedback" in html and "background:#0f766e" in html and "#4f46e5" not in html


def test_without_a_name_the_sender_stays_as_configured(app, smtp, board, pm):
    backer = factories.make_user(email="bea@example.com")
    with app.test_request_context():
        request_password_reset("bea@example.com")
        db.session.commit()
    drain_outbox()
    [message] = smtp.to("bea@example.com")
    assert message["From"] == "IdeaBox <roadmap@example.com>" and backer.id


def test_the_feed_and_error_pages_use_the_name(client, admin):
    login(client, admin)
    save(client, name="Acme Feedback")
    assert "<title>Acme Feedback changelog</title>" in page(client, "/changelog.atom")
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "Back to Acme Feedback" in missing.get_data(as_text=True)


def test_contrast_and_accent_shades():
    assert branding.contrast_with_white("#000000") == pytest.approx(21.0)
    assert branding.contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert branding.contrast_with_white("#4f46e5") == pytest.approx(6.29, abs=0.01)
    assert branding.accent_style("#4f46e5") == ""  # the stylesheet's own colours stand
    assert branding.accent_style("#000000") == "--primary: #000000; --primary-dark: #000000; --primary-soft: #e6e6e6;"
    assert re.fullmatch(r"--primary: #0f766e; --primary-dark: #[0-9a-f]{6}; --primary-soft: #[0-9a-f]{6};",
                        branding.accent_style("#0f766e"))


def test_a_large_logo_keeps_its_proportions_and_loses_nothing_else(client, admin):
    login(client, admin)
    save(client, logo_file=(io.BytesIO(image_bytes("WEBP", size=(300, 900))), "tall.webp"))
    logo = saved().logo
    with Image.open(io.BytesIO(logo.data)) as image:
        assert image.format == "WEBP" and image.size == (171, 512)


def test_pages_read_the_logos_address_not_its_bytes(client, admin):
    login(client, admin)
    save(client, logo_file=(io.BytesIO(image_bytes(size=(400, 100))), "acme.png"))
    statements = []
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert 'data-testid="site-logo"' in page(client)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert any("site_settings" in s for s in statements)
    assert not any("uploads" in s and ".data" in s for s in statements)


def test_a_name_or_welcome_of_invisible_characters_falls_back_to_ideabox_words(client, admin):
    login(client, admin)
    assert save(client, name="\u200b\u200b", welcome_heading="\u2800", welcome_message="\u200d").status_code == 303
    home = page(client)
    assert '<span data-testid="site-name">IdeaBox</span>' in home and DEFAULT_HEADING in home


def test_a_welcome_with_line_breaks_counts_each_break_once(client, admin):
    """The browser sends CRLF: 1,995 characters over 110 lines fit the box's 2,000 and were refused as 2,104."""
    login(client, admin)
    typed = ("Needs dark mode.\n" * 120)[:1995]  # 117 line breaks
    assert len(typed) == 1995
    response = save(client, welcome_message=typed.replace("\n", "\r\n"))
    assert response.status_code == 303
    assert saved().welcome_message == typed.strip()
