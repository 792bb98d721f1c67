"""Where to send a person after signing in: only back to a page on this site."""
from urllib.parse import urlsplit

from flask import url_for


def safe_next_url(target: str | None, fallback: str) -> str:
    """Return `target` if it is a relative path on this host, else `fallback`."""
    if not target:
        return fallback
    target = target.strip()
    # Browsers treat "\" like "/", so "/\evil.com" would be protocol-relative too.
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(char) < 32 for char in target):
        return fallback
    return target.rstrip("?") or fallback


def after_sign_in(target: str | None) -> str:
    """Where to go once signed in or up: the safe `target`, never back to the sign-in or sign-up pages."""
    home = url_for("ideas.home")
    target = safe_next_url(target, home)
    if target.startswith(url_for("auth.login")) or target.startswith(url_for("auth.register")):
        return home
    return target
