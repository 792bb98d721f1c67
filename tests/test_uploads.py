"""Images attached to ideas and comments: checked, stripped of their metadata, kept, served."""
import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from ideabox import create_app
from ideabox.extensions import db
from ideabox.models import Upload
from ideabox.uploads import services
from tests import factories
from tests.conftest import ROLES, CsrfClient, _test_config, login


def image_bytes(fmt="PNG", size=(40, 30), color=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **save)
    return out.getvalue()


def photo_with_gps() -> bytes:
    """A JPEG as a phone writes it: EXIF with a GPS position, the camera's make, and a rotation."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show upright
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}  # GPS
    return image_bytes("JPEG", size=(60, 20), exif=exif)


def post_image(client, data: bytes, name="screenshot.png", headers=None):
    headers = headers if headers is not None else {"X-CSRFToken": client.csrf_token()}
    return client.post("/uploads", data={"image": (io.BytesIO(data), name)}, headers=headers,
                       content_type="multipart/form-data")


def upload_count() -> int:
    return db.session.scalar(select(func.count(Upload.id)))


# --- keeping an image -------------------------------------------------------------------------


def test_an_image_is_kept_and_served_with_safe_headers(client, customer):
    login(client, customer)
    response = post_image(client, image_bytes(), name="Offline mode [draft].png")
    assert response.status_code == 201
    answer = response.json
    assert answer["url"].startswith("/uploads/") and answer["url"].endswith(".png")
    assert answer["markdown"] == f"![Offline mode draft]({answer['url']})"
    assert (answer["width"], answer["height"]) == (40, 30)

    client.post_form("/auth/logout")
    served = client.get(answer["url"])  # anyone with the link sees it, as with the post it is in
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert Image.open(io.BytesIO(served.data)).size == (40, 30)
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert db.session.scalar(select(Upload.uploader_id)) == customer.id


def test_a_photo_loses_its_location_and_camera_and_stands_upright(app, customer):
    kept = services.store_image(io.BytesIO(photo_with_gps()), customer)
    image = Image.open(io.BytesIO(kept.data))
    assert image.format == "JPEG" and image.size == (20, 60) == (kept.width, kept.height)
    assert dict(image.getexif()) == {} and b"PhoneMaker" not in kept.data


def test_huge_images_are_scaled_down(app, customer):
    kept = services.store_image(io.BytesIO(image_bytes(size=(5000, 1000))), customer)
    assert (kept.width, kept.height) == (4000, 800)


def test_an_animated_gif_keeps_its_frames(app, customer):
    frames = [Image.new("RGB", (10, 10), color) for color in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0, comment=b"secret")
    assert Image.open(io.BytesIO(out.getvalue())).n_frames == 3
    kept = services.store_image(io.BytesIO(out.getvalue()), customer)
    image = Image.open(io.BytesIO(kept.data))
    assert kept.content_type == "image/gif" and image.n_frames == 3 and b"secret" not in kept.data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 not an image", "not an image we can show"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not an image we can show"),
        (image_bytes("BMP"), "not an image we can show"),
        (image_bytes()[:60], "not an image we can show"),
        (b"", "Choose an image to attach."),
    ],
)
def test_what_is_not_a_plain_image_is_refused_and_nothing_kept(client, customer, data, message):
    login(client, customer)
    response = post_image(client, data, name="evil.png")
    assert response.status_code == 400 and message in response.json["error"]
    assert upload_count() == 0


def test_too_large_files_and_pixel_bombs_are_refused(client, customer, monkeypatch):
    login(client, customer)
    big = image_bytes(size=(3000, 3000), color=(0, 0, 0)) + b"\0" * services.MAX_BYTES
    response = post_image(client, big)
    assert response.status_code == 400 and response.json["error"] == "Images can be at most 5 MB."
    bomb = image_bytes(size=(8000, 6000), color=(0, 0, 0))  # a few kB that decode to 48 million pixels
    assert len(bomb) < 200_000
    response = post_image(client, bomb)
    assert response.status_code == 400 and "at most 40 million pixels" in response.json["error"]
    assert upload_count() == 0


def test_an_animation_too_large_over_all_its_frames_is_refused_before_it_is_decoded(client, customer):
    frames = [Image.new("P", (2000, 2000), shade) for shade in range(13)]  # 52 million pixels in all
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    assert len(out.getvalue()) < 200_000  # small on the wire, 208 MB once decoded
    login(client, customer)
    response = post_image(client, out.getvalue(), name="demo.gif")
    assert response.status_code == 400 and response.json["error"] == (
        "That animation is too large: at most 50 million pixels over all its frames. Shorten it, or make it smaller.")
    assert upload_count() == 0


def test_a_backslash_in_the_file_s_name_cannot_break_the_image_s_markdown(client, customer):
    login(client, customer)
    answer = post_image(client, image_bytes(), name="evil\\.png").json
    assert answer["markdown"] == f"![evil]({answer['url']})"


def test_a_post_without_a_file_says_so(client, customer):
    login(client, customer)
    response = client.post("/uploads", data={}, headers={"X-CSRFToken": client.csrf_token()})
    assert response.status_code == 400 and response.json["error"] == "Choose an image to attach."


# --- who may attach ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_may_attach_and_visitors_may_not(client, as_role, role):
    user = as_role(role)
    response = post_image(client, image_bytes())
    if user is None:
        assert response.status_code == 401 and response.json["error"] == "Sign in to attach images."
        assert upload_count() == 0
    else:
        assert response.status_code == 201 and upload_count() == 1


def test_attaching_needs_a_csrf_token(client, customer):
    login(client, customer)
    assert post_image(client, image_bytes(), headers={}).status_code == 400
    assert upload_count() == 0


def test_attaching_is_rate_limited(_migrated, tmp_path):
    app = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True})
    app.test_client_class = CsrfClient
    client = app.test_client()
    with app.app_context():
        login(client, factories.make_user())
        statuses = [post_image(client, image_bytes()).status_code for _ in range(31)]
        assert statuses[:30] == [201] * 30 and statuses[30] == 429
        db.session.remove()
        db.engine.dispose()


# --- serving ----------------------------------------------------------------------------------


def test_unknown_keys_and_wrong_extensions_are_not_found(client, app, customer):
    kept = services.store_image(io.BytesIO(image_bytes()), customer)
    db.session.commit()
    assert client.get(f"/uploads/{kept.key}.png").status_code == 200
    assert client.get(f"/uploads/{kept.key}.gif").status_code == 404
    assert client.get(f"/uploads/{kept.key}x.png").status_code == 404


def test_an_attached_image_shows_in_a_comment(client, app, board, customer):
    idea = factories.make_idea(board, customer, title="Offline mode")
    kept = services.store_image(io.BytesIO(image_bytes()), customer)
    factories.make_comment(idea, customer, f"Like this: ![mockup](/uploads/{kept.key}.png)")
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'<img src="/uploads/{kept.key}.png" alt="mockup">' in page


def test_the_forms_offer_to_attach(client, board, customer):
    idea = factories.make_idea(board, customer, title="Offline mode")
    login(client, customer)
    for url in ("/b/mobile/new", f"/ideas/{idea.id}"):
        page = client.get(url).get_data(as_text=True)
        assert 'data-testid="attach-input"' in page and 'data-upload-url="/uploads"' in page, url


def test_the_data_download_lists_the_images_one_attached(client, customer, other_customer):
    mine = services.store_image(io.BytesIO(image_bytes()), customer)
    services.store_image(io.BytesIO(image_bytes()), other_customer)
    db.session.commit()
    login(client, customer)
    images = client.get("/auth/account/data.json").json["images"]
    assert [image["url"] for image in images] == [f"http://localhost/uploads/{mine.key}.png"]


def test_an_emailed_reply_shows_its_image_from_the_site(app, board, customer, pm):
    from ideabox.ideas.services import add_comment, cast_vote
    from tests.factories_notifications import outbox_for

    idea = factories.make_idea(board, customer, title="Offline mode")
    kept = services.store_image(io.BytesIO(image_bytes()), pm)
    with app.test_request_context():
        cast_vote(idea, customer)
        add_comment(idea, pm, f"Here is the design: ![design](/uploads/{kept.key}.png) and [the spec](/ideas/{idea.id})")
    db.session.commit()
    [mail] = outbox_for(customer)
    assert f'<img src="http://localhost/uploads/{kept.key}.png" alt="design">' in mail.html_body
    assert f'href="http://localhost/ideas/{idea.id}"' in mail.html_body
