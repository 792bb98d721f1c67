"""Images attached to ideas and comments: checked, re-encoded without their metadata, stored.

Re-encoding with Pillow drops what a camera or phone writes into a photo (GPS position, device,
owner), and what a crafted file hides after the pixels; only PNG, JPEG, GIF and WebP are accepted.
"""
import io
import secrets

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import Upload, User

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a tiny file can claim huge dimensions and fill the memory when decoded
# an animation is decoded frame by frame into memory (4 bytes a pixel) to be saved afresh: 200 MB at most, where a
# 200 KB GIF of 40 frames of 2000 x 2000 took a worker from 400 MB to 1.2 GB
MAX_ANIMATION_PIXELS = 50_000_000
LONGEST_SIDE = 4000  # larger images are scaled down: no screen shows more
FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "GIF": ("image/gif", "gif"),
           "WEBP": ("image/webp", "webp")}
EXTENSIONS = {extension: content_type for content_type, extension in FORMATS.values()}


def too_large_message() -> str:
    """Why an image past MAX_BYTES is refused."""
    return _("Images can be at most %(size)d MB.", size=MAX_BYTES // (1024 * 1024))


def _refuse_unreadable():
    return DomainError(_("That file is not an image we can show. Attach a PNG, JPEG, GIF or WebP image."))


def _decoded(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS:
            raise _refuse_unreadable()
        if image.width * image.height > MAX_PIXELS:
            raise DomainError(_("That image is too large: at most %(count)d million pixels.",
                                count=MAX_PIXELS // 1_000_000))
        if image.format == "GIF" and image.width * image.height * image.n_frames > MAX_ANIMATION_PIXELS:
            raise DomainError(_("That animation is too large: at most %(count)d million pixels over all its "
                                "frames. Shorten it, or make it smaller.", count=MAX_ANIMATION_PIXELS // 1_000_000))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise _refuse_unreadable() from None
    return image


def _reencoded(image: Image.Image, longest_side: int) -> tuple[bytes, Image.Image]:
    """The image saved afresh in its own format, upright, metadata left behind."""
    source_format = image.format
    if source_format == "GIF" and getattr(image, "n_frames", 1) > 1:
        frames, durations, loop = [], [], image.info.get("loop", 0)
        for number in range(image.n_frames):  # an animated GIF keeps its frames and timing, nothing else
            image.seek(number)
            durations.append(image.info.get("duration", 100))
            frame = image.convert("RGBA")
            frame.info = {}  # comments and extensions stay behind
            frames.append(frame)
        out = io.BytesIO()
        frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=loop, duration=durations, disposal=2)
        return out.getvalue(), frames[0]
    image = ImageOps.exif_transpose(image)
    if max(image.size) > longest_side:
        image.thumbnail((longest_side, longest_side))
    if source_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    options = {"quality": 85, "optimize": True} if source_format in ("JPEG", "WEBP") else {"optimize": True}
    image.save(out, source_format, **options)
    return out.getvalue(), image


def store_image(stream, uploader: User, longest_side: int = LONGEST_SIDE) -> Upload:
    """Read an uploaded file (a binary stream), check and clean it, and keep it, scaled down to
    longest_side pixels at most (animated GIFs keep their size); the caller commits."""
    data = stream.read(MAX_BYTES + 1)
    if not data:
        raise DomainError(_("Choose an image to attach."))
    if len(data) > MAX_BYTES:
        raise DomainError(too_large_message())
    image = _decoded(data)
    content_type, _extension = FORMATS[image.format]
    cleaned, shown = _reencoded(image, longest_side)
    upload = Upload(key=secrets.token_urlsafe(18), uploader_id=uploader.id, content_type=content_type, data=cleaned,
                    size=len(cleaned), width=shown.width, height=shown.height)
    db.session.add(upload)
    db.session.flush()
    return upload


def extension_of(upload: Upload) -> str:
    return next(extension for extension, content_type in EXTENSIONS.items() if content_type == upload.content_type)
