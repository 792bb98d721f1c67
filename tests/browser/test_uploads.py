"""In a real browser: attach a screenshot to a new idea with the button, paste one into a comment,
and see both on the idea page; a file that is not an image is refused beside the button."""
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import LOADED_WIDTH, console_errors_of, screenshot
from tests.browser.test_ideas import seed_people_and_idea

pytestmark = pytest.mark.browser


def png(color, size=(320, 180)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def test_attach_and_paste_images(live_server, page, sign_in):
    slug, customer_email, _, idea_id = seed_people_and_idea(live_server)
    errors = console_errors_of(page)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/b/{slug}/new")
    page.fill("#title", "Show a map of the depot")

    attach = page.get_by_test_id("attach-input")
    attach.set_input_files(files=[{"name": "notes.pdf", "mimeType": "image/png", "buffer": b"%PDF-1.7"}])
    expect(page.get_by_test_id("attach-status")).to_contain_text("not an image we can show")
    attach.set_input_files(files=[{"name": "depot map.png", "mimeType": "image/png", "buffer": png((30, 120, 200))}])
    body = page.locator("textarea[name=body]")
    expect(body).to_have_value(re.compile(r"^!\[depot map\]\(/uploads/[\w-]+\.png\)$"))
    expect(page.get_by_test_id("attach-status")).to_have_text("")
    screenshot(page, "upload-idea-form", full_page=False)
    page.get_by_test_id("submit-idea").click()
    page.wait_for_url("**/ideas/*")
    picture = page.locator(".idea-body img[alt='depot map']")
    expect(picture).to_be_visible()
    assert picture.evaluate(LOADED_WIDTH) == 320

    page.goto(f"{live_server.url}/ideas/{idea_id}")
    box = page.locator("#comment-body")
    box.fill("Here is what I see: ")
    page.evaluate("""async (bytes) => {
        const file = new File([new Uint8Array(bytes)], "pasted.png", { type: "image/png" });
        const data = new DataTransfer();
        data.items.add(file);
        const box = document.getElementById("comment-body");
        box.focus();
        box.selectionStart = box.selectionEnd = box.value.length;
        box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }""", list(png((220, 120, 30), size=(200, 100))))
    expect(box).to_have_value(re.compile(r"^Here is what I see: \n\n!\[pasted\]\(/uploads/[\w-]+\.png\)$"))
    page.get_by_test_id("post-comment").click()
    pasted = page.locator("[data-testid=comment] img[alt='pasted']")
    expect(pasted).to_be_visible()
    assert pasted.evaluate(LOADED_WIDTH) == 200
    screenshot(page, "upload-comment", full_page=False)
    # the browser logs the refusal of the PDF (a 400 answer), and nothing else
    assert errors == ["Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"]


def test_the_text_says_an_image_is_uploading_in_the_reader_s_language(live_server, page, sign_in):
    slug, customer_email, _, _ = seed_people_and_idea(live_server)
    with live_server.app.app_context():
        from ideabox.extensions import db
        from ideabox.models import User

        db.session.query(User).filter_by(email=customer_email).one().locale = "fr"
        db.session.commit()
    sign_in(page, live_server, customer_email)
    held = []
    page.route("**/uploads", lambda route: held.append(route) if route.request.method == "POST" else route.continue_())
    page.goto(f"{live_server.url}/b/{slug}/new")
    page.get_by_test_id("attach-input").set_input_files(
        files=[{"name": "plan (v2).png", "mimeType": "image/png", "buffer": png((30, 120, 200))}])
    body = page.locator("textarea[name=body]")
    expect(body).to_have_value("![Envoi de plan v2.png…]()")  # the upload is held: the placeholder shows
    held[0].continue_()
    expect(body).to_have_value(re.compile(r"^!\[plan v2\]\(/uploads/[\w-]+\.png\)$"))
