"""Reading one cell of an imported row: a date, an email address, a list of emails or tags, a number, a slug."""
import re
from functools import lru_cache
import unicodedata
from datetime import datetime, timezone

from email_validator import EmailNotValidError, validate_email

from ideabox.auth.services import EMAIL_MAX_LENGTH

LIST_SEPARATORS = re.compile(r"[,;\s]+")
TAG_SEPARATORS = re.compile(r"\s*[,;]\s*")


def parse_date(text: str) -> datetime | None:
    """An ISO 8601 date or date and time (a time without zone is UTC; a Unix timestamp works too); None if unreadable."""
    text = text.strip()
    if re.fullmatch(r"\d{9,10}(\.\d+)?", text):
        return datetime.fromtimestamp(float(text), timezone.utc)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


@lru_cache(maxsize=65_536)  # a file names the same voters again and again; validating was most of a preview's time
def clean_email(text: str) -> str | None:
    """The address lower-cased, or None when it is not an email address."""
    email = text.strip().lower()
    if not email or len(email) > EMAIL_MAX_LENGTH:
        return None
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return None
    return email


def split_emails(text: str) -> list[str]:
    """The addresses of a cell separated by commas, semicolons or spaces, in order, each once."""
    return list(dict.fromkeys(part for part in LIST_SEPARATORS.split(text.strip().lower()) if part))


def split_tags(text: str) -> list[str]:
    """The tag names of a cell separated by commas or semicolons, each once."""
    return list(dict.fromkeys(" ".join(part.split()) for part in TAG_SEPARATORS.split(text.strip()) if part.strip()))


def parse_count(text: str) -> int | None:
    """A whole number like 12, 12.0 or 1,234; None if it is not one."""
    try:
        return int(float(text.replace(",", "").replace(" ", "")))
    except ValueError:
        return None


def slugify(name: str, max_length: int) -> str:
    """A URL slug for a name ("Mobile app" → "mobile-app"); "imported" when nothing is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:max_length].strip("-")
    return slug or "imported"


def unique_slug(name: str, max_length: int, taken: set[str]) -> str:
    """A slug for `name` not in `taken` (which it joins), numbered when it must be."""
    base = slugify(name, max_length)
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug, number = base[:max_length - len(suffix)] + suffix, number + 1
    taken.add(slug)
    return slug
