"""Attaching images: upload one (JSON for the text box's script), and serve it by its random key."""
from flask import Blueprint, Response, abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ideabox.errors import DomainError
from ideabox.extensions import db, limiter
from ideabox.models import Upload
from ideabox.routing import accepts_files_up_to
from ideabox.uploads import services

bp = Blueprint("uploads", __name__)

UPLOAD_RATE_LIMIT = "30 per hour"


@accepts_files_up_to(bp, services.MAX_BYTES)
@bp.post("/uploads")
@limiter.limit(UPLOAD_RATE_LIMIT)
def upload():
    """Keep one image (form field `image`); answer with its URL and the Markdown that shows it."""
    if not current_user.is_authenticated:
        return {"error": _("Sign in to attach images.")}, 401
    attached = request.files.get("image")
    if attached is None:
        return {"error": _("Choose an image to attach.")}, 400
    try:
        kept = services.store_image(attached.stream, current_user)
    except DomainError as error:
        db.session.rollback()
        return {"error": error.message}, 400
    db.session.commit()
    url = url_for(".image", key=kept.key, extension=services.extension_of(kept))
    return {"url": url, "markdown": f"![{_alt_text(attached.filename)}]({url})",
            "width": kept.width, "height": kept.height}, 201


@bp.errorhandler(413)
def too_large(error):
    """A file far past the cap hears what one just past it hears: the text box's script shows `error`."""
    return {"error": services.too_large_message()}, 413


def _alt_text(filename: str | None) -> str:
    """A file's name without its extension, as the image's alt text (Markdown's brackets, and the backslash that
    would escape the closing one, removed)."""
    stem = (filename or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return "".join(ch for ch in stem if ch not in "[]()\\\n")[:80].strip() or _("image")


@bp.get("/uploads/<key>.<extension>")
def image(key, extension):
    """An attached image. Its URL never changes what it shows, so browsers keep it for a year."""
    kept = db.session.scalar(select(Upload).where(Upload.key == key))
    if kept is None or services.EXTENSIONS.get(extension) != kept.content_type:
        abort(404)
    return Response(kept.data, mimetype=kept.content_type, headers={
        "Cache-Control": "public, max-age=31536000, immutable",
        "Content-Disposition": "inline",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    })
