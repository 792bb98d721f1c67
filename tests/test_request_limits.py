"""A request's body has a size limit (MAX_CONTENT_LENGTH): past it the answer is 413 with a clear message, in JSON
under /api/ and on the site's error page elsewhere. The pages that take files (images, the logo, CSV imports) accept
a little more than their own cap, and a file far past it still hears that page's own reason."""
import io
import os

from flask import current_app
from PIL import Image

from ideabox.extensions import db
from ideabox.imports import reading
from ideabox.models import Idea, Import, SiteSettings, Upload
from ideabox.uploads import services as uploads
from tests.conftest import login
from tests.factories_imports import count, csv_bytes
from tests.test_api import bearer, token_for
from tests.test_imports_views import upload as upload_csv_file
from tests.test_site_settings import save as save_site
from tests.test_uploads import image_bytes, post_image


def past_the_limit() -> str:
    """A text one byte longer than any body the app accepts."""
    return "x" * (current_app.config["MAX_CONTENT_LENGTH"] + 1)


def noise_png(side=900) -> bytes:
    """A real image of about 2.4 MB: random pixels do not compress."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def test_the_api_refuses_a_json_body_past_the_limit_in_json(client, board, customer):
    answer = client.post("/api/v1/ideas", json={"board": board.slug, "title": "Dark mode", "body": past_the_limit()},
                         headers=bearer(token_for(customer)))
    assert answer.status_code == 413, answer.get_data(as_text=True)
    assert answer.json["code"] == 413 and answer.json["message"] == "The request is larger than the API accepts."
    assert count(Idea) == 0


def test_a_site_form_past_the_limit_gets_the_error_page(client, board, customer):
    login(client, customer)
    answer = client.post(f"/b/{board.slug}/new", content_type="multipart/form-data", data={
        "csrf_token": client.csrf_token(), "title": "Dark mode", "body": past_the_limit()})
    assert answer.status_code == 413 and answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    assert "Too large" in page and "What you sent is larger than this page accepts." in page
    assert count(Idea) == 0


def test_an_image_past_the_app_limit_within_its_own_cap_is_kept(client, customer):
    login(client, customer)
    png = noise_png()
    assert current_app.config["MAX_CONTENT_LENGTH"] < len(png) < uploads.MAX_BYTES
    answer = post_image(client, png)
    assert answer.status_code == 201, answer.get_data(as_text=True)


def test_an_image_far_past_its_cap_hears_the_upload_s_own_reason(client, customer):
    """The text box's script shows the answer's `error`: a bare 413 page would leave it saying only 'failed'."""
    login(client, customer)
    answer = post_image(client, image_bytes() + b"\0" * 3 * uploads.MAX_BYTES)
    assert answer.status_code == 413 and answer.json["error"] == "Images can be at most 5 MB."
    assert count(Upload) == 0


def test_a_logo_past_the_app_limit_within_its_own_cap_is_saved(client, admin):
    login(client, admin)
    answer = save_site(client, logo_file=(io.BytesIO(noise_png()), "acme.png"))
    assert answer.status_code == 303, answer.get_data(as_text=True)
    assert db.session.get(SiteSettings, 1).logo is not None


def big_csv(size: int) -> bytes:
    """A valid CSV file of about `size` bytes: ideas with long descriptions."""
    rows = [{"title": f"Idea {n}", "description": "y" * 4000} for n in range(size // 4000 + 1)]
    return csv_bytes(rows)


def test_a_csv_past_the_app_limit_within_its_own_cap_is_staged(client, admin):
    login(client, admin)
    content = big_csv(2 * 1024 * 1024)
    assert current_app.config["MAX_CONTENT_LENGTH"] < len(content) < reading.MAX_BYTES
    answer = upload_csv_file(client, content)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    assert count(Import) == 1


def test_a_csv_far_past_its_cap_hears_the_import_s_own_reason(client, admin):
    login(client, admin)
    answer = upload_csv_file(client, big_csv(3 * reading.MAX_BYTES))
    assert answer.status_code == 413
    assert "The file is larger than 5 MB. Split it into smaller files." in answer.get_data(as_text=True)
    assert count(Import) == 0
