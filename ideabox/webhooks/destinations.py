"""Where a webhook (or a single sign-on provider) may point: http(s) on a host that resolves to public addresses only.

An admin's URL must not turn IdeaBox into a proxy onto its own network (a cloud metadata service,
the database, Redis). WEBHOOK_ALLOW_PRIVATE_NETWORKS lets an intranet install, and the tests, reach
private addresses (SSO_ALLOW_PRIVATE_NETWORKS does the same for single sign-on). The check runs when the URL is
saved and again before every delivery.
"""
import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from ideabox.errors import FieldError


def _webhook_private(host: str, address: str) -> str:
    return _("“%(host)s” is on a private network (%(address)s). Webhooks go to public addresses only.",
             host=host, address=address)


def refusal(url: str, allow_private_setting: str = "WEBHOOK_ALLOW_PRIVATE_NETWORKS",
            private_refusal=_webhook_private) -> str | None:
    """Why IdeaBox will not connect to `url`, or None when it may; private_refusal(host, address) words the
    refusal of a private address, which the config key `allow_private_setting` lets through."""
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
    if current_app.config.get(allow_private_setting):
        return None
    private = sorted(address for address in addresses if not ipaddress.ip_address(address.split("%")[0]).is_global)
    return private_refusal(parts.hostname, private[0]) if private else None


def require_public(url: str) -> None:
    reason = refusal(url)
    if reason:
        raise FieldError("url", reason)
