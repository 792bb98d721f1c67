"""Reaching an identity provider: its discovery document, and only at addresses IdeaBox may call."""
import json

import requests
from flask import current_app
from flask_babel import gettext as _

from ideabox.errors import FieldError
from ideabox.webhooks.destinations import refusal

# what a sign-in needs from the discovery document (OpenID Connect Discovery 1.0, section 3)
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")
# the endpoints IdeaBox itself calls, so each must pass the address check (the browser goes to the authorization one)
CALLED_ENDPOINTS = ("token_endpoint", "jwks_uri", "userinfo_endpoint")
DISCOVERY_MAX_BYTES = 256 * 1024


def discovery_url(issuer: str) -> str:
    """Where the issuer publishes its configuration."""
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _private(host: str, address: str) -> str:
    return _("“%(host)s” is on a private network (%(address)s). Single sign-on reaches public addresses only, unless "
             "the server's SSO_ALLOW_PRIVATE_NETWORKS setting is on.", host=host, address=address)


def address_refusal(url: str) -> str | None:
    """Why IdeaBox will not call `url` for single sign-on, or None when it may."""
    return refusal(url, "SSO_ALLOW_PRIVATE_NETWORKS", _private)


def metadata_refusal(issuer: str, metadata: dict) -> str | None:
    """Why this discovery document cannot serve sign-ins for `issuer`, or None when it can."""
    missing = [name for name in REQUIRED_ENDPOINTS if not isinstance(metadata.get(name), str)]
    if missing:
        return _("The provider's discovery document lacks %(names)s.", names=", ".join(missing))
    if str(metadata.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        # ID tokens are checked against this issuer: another one means the address is not the issuer's own
        return _("The discovery document names another issuer (%(found)s). Enter exactly that issuer URL.",
                 found=str(metadata.get("issuer", ""))[:200])
    for name in CALLED_ENDPOINTS:
        if metadata.get(name) and (reason := address_refusal(metadata[name])):
            return reason
    return None


def fetch_discovery(issuer: str) -> dict:
    """The issuer's discovery document, checked; else FieldError("issuer") saying what is wrong."""
    url = discovery_url(issuer)
    if reason := address_refusal(url):
        raise FieldError("issuer", reason)
    try:
        # no redirects: a public address must not bounce IdeaBox onto a private one
        response = requests.get(url, timeout=current_app.config["SSO_TIMEOUT_SECONDS"], allow_redirects=False,
                                headers={"Accept": "application/json"}, stream=True)
        body = response.raw.read(DISCOVERY_MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        raise FieldError("issuer", _("The discovery document at %(url)s cannot be fetched (%(error)s).",
                                     url=url, error=type(error).__name__)) from None
    if response.status_code != 200 or len(body) > DISCOVERY_MAX_BYTES:
        raise FieldError("issuer", _("The discovery document at %(url)s cannot be fetched (HTTP %(status)s).",
                                     url=url, status=response.status_code))
    try:
        metadata = json.loads(body)
    except ValueError:
        metadata = None
    if not isinstance(metadata, dict):
        raise FieldError("issuer", _("%(url)s is not an OpenID Connect discovery document.", url=url))
    if reason := metadata_refusal(issuer, metadata):
        raise FieldError("issuer", reason)
    return metadata
