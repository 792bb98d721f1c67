"""Where a webhook may point: http(s) on a host that resolves to public addresses only.

An admin's URL must not turn IdeaBox into a proxy onto its own network (a cloud metadata service,
the database, Redis). WEBHOOK_ALLOW_PRIVATE_NETWORKS lets an intranet install, and the tests, reach
private addresses. The check runs when the URL is saved and again before every delivery.
"""
import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from ideabox.errors import FieldError


def refusal(url: str) -> str | None:
    """Why IdeaBox will not POST to `url`, or None when it may."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("Enter a full address starting with https:// (or http://).")
    if parts.username or parts.password:
        return _("Leave the user name and password out of the address; the signature proves who is calling.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)}
    except ValueError:
        return _("The port in that address is not a number between 0 and 65535.")
    except (socket.gaierror, UnicodeError):
        return _("“%(host)s” cannot be found. Check the address.", host=parts.hostname)
    if current_app.config.get("WEBHOOK_ALLOW_PRIVATE_NETWORKS"):
        return None
    private = sorted(address for address in addresses if not ipaddress.ip_address(address.split("%")[0]).is_global)
    if private:
        return _("“%(host)s” is on a private network (%(address)s). Webhooks go to public addresses only.",
                 host=parts.hostname, address=private[0])
    return None


def require_public(url: str) -> None:
    reason = refusal(url)
    if reason:
        raise FieldError("url", reason)
