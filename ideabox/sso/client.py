"""The OpenID Connect round trip, done by Authlib: the redirect to the provider, then the code exchanged for an
ID token whose signature (the provider's JWKS), issuer, audience, expiry and nonce Authlib checks."""
import re
import secrets

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App, OAuthError
from authlib.integrations.base_client.errors import MismatchingStateError
from flask import current_app
from flask_babel import gettext as _
from joserfc.errors import JoseError

from ideabox.errors import DomainError
from ideabox.models import SsoProvider
from ideabox.routing import ROW_ID_MAX, numbers_up_to
from ideabox.sso.discovery import address_refusal, discovery_url, metadata_refusal

PROVIDER_ID = re.compile(numbers_up_to(ROW_ID_MAX), re.ASCII)


def oauth_client(provider: SsoProvider) -> FlaskOAuth2App:
    """An Authlib client for `provider`. Providers live in the database and change, so each request builds its
    own rather than registering one per process."""
    name = f"sso{provider.id}"  # also keys the state Authlib keeps in the session
    return FlaskOAuth2App(
        FlaskIntegration(name), name, client_id=provider.client_id, client_secret=provider.client_secret,
        server_metadata_url=discovery_url(provider.issuer),
        client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256",
                       "default_timeout": current_app.config["SSO_TIMEOUT_SECONDS"]},
    )


def _checked_client(provider: SsoProvider) -> FlaskOAuth2App:
    """The client, once its discovery document is fetched from, and points to, addresses IdeaBox may call."""
    client = oauth_client(provider)
    reason = address_refusal(discovery_url(provider.issuer))
    try:
        reason = reason or metadata_refusal(provider.issuer, client.load_server_metadata())
    except (requests.RequestException, ValueError):
        reason = _("its discovery document cannot be fetched")
    except TypeError:  # Authlib stamps the document as a dict, so JSON that is a list, string or number fails there
        reason = _("its discovery document is not a JSON object")
    if reason:
        current_app.logger.warning("single sign-on with provider %s refused: %s", provider.id, reason)
        raise DomainError(_("Signing in with %(provider)s is not possible right now. Try again later, or tell an "
                            "administrator.", provider=provider.name))
    return client


def authorize_redirect(provider: SsoProvider, redirect_uri: str):
    """The redirect to the provider's sign-in page; the state, nonce and PKCE verifier wait in the session. The
    state starts with the provider's id, so every provider shares one redirect URI."""
    state = f"{provider.id}.{secrets.token_urlsafe(24)}"
    return _checked_client(provider).authorize_redirect(redirect_uri, state=state)


def provider_id_of(state: str | None) -> int | None:
    """The provider a callback's state names (Authlib then checks the whole state against the session); None for
    anything but an id a row can have, such as "²" or a number past the id column."""
    provider_id = (state or "").partition(".")[0]
    return int(provider_id) if PROVIDER_ID.fullmatch(provider_id) else None


def _userinfo_filled(client: FlaskOAuth2App, provider: SsoProvider, token: dict, claims: dict) -> dict:
    """The ID token's claims, with the email and role claim from the userinfo endpoint when the token lacks them."""
    wanted = {"email", "email_verified", provider.role_claim} - {""}
    if wanted <= claims.keys() or not client.load_server_metadata().get("userinfo_endpoint"):
        return claims
    extra = client.userinfo(token=token)
    if str(extra.get("sub")) != str(claims.get("sub")):  # OpenID Connect Core 5.3.2: else ignore it
        return claims
    return {**{key: extra[key] for key in wanted if key in extra}, **claims}


def verified_claims(provider: SsoProvider) -> dict:
    """The callback's claims about the person, verified; DomainError saying what went wrong otherwise."""
    client = _checked_client(provider)
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise DomainError(_("%(provider)s sent no ID token. Check that the “openid” scope is allowed.",
                                provider=provider.name))
        return _userinfo_filled(client, provider, token, claims)
    except MismatchingStateError:
        raise DomainError(_("That sign-in took too long or did not start here. Try again.")) from None
    except OAuthError as error:
        if error.error == "access_denied":
            raise DomainError(_("Signing in with %(provider)s was cancelled. Nothing changed.",
                                provider=provider.name)) from None
        raise _refused(provider, error) from None
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError) as error:
        raise _refused(provider, error) from None


def _refused(provider: SsoProvider, error: Exception) -> DomainError:
    current_app.logger.warning("single sign-on with provider %s failed: %r", provider.id, error)
    return DomainError(_("Signing in with %(provider)s did not work, so you are not signed in. Try again, or tell an "
                         "administrator if it keeps happening.", provider=provider.name))
