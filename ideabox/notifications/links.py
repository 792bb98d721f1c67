"""Links that work outside a request: in emails, feeds and notifications built by subscribers."""
from datetime import datetime, timezone
from urllib.parse import urlsplit

from flask import current_app

from ideabox.models import utcnow


def _adapter():
    base = urlsplit(current_app.config["BASE_URL"])
    return current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")


def absolute_url(endpoint: str, _anchor: str | None = None, **values) -> str:
    """The full URL of an endpoint on the public site named by BASE_URL."""
    url = _adapter().build(endpoint, values, force_external=True)
    return f"{url}#{_anchor}" if _anchor else url


def site_path(endpoint: str, **values) -> str:
    """The site-relative path of an endpoint (what in-app notifications link to)."""
    return _adapter().build(endpoint, values)


def absolute_from_path(path: str) -> str:
    """Turn a stored site-relative path into a full URL under BASE_URL."""
    base = urlsplit(current_app.config["BASE_URL"])
    return f"{base.scheme or 'https'}://{base.netloc}{path}"


def rfc3339(moment: datetime | None) -> str:
    """A timestamp as RFC 3339 in UTC, e.g. 2026-11-23T13:05:00Z (now when missing)."""
    moment = (moment or utcnow()).astimezone(timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
