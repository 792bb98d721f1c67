"""Signing in with an identity provider: the start, the callback, and unlinking a sign-in from Account settings."""
from flask import Blueprint, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ideabox.admin.blueprint import run_action
from ideabox.auth import confirm
from ideabox.auth.redirects import after_sign_in, safe_next_url
from ideabox.errors import DomainError
from ideabox.extensions import db, limiter
from ideabox.models import ExternalIdentity, SsoProvider
from ideabox.notifications.links import absolute_url
from ideabox.sso import client, signin
from ideabox.sso.policy import password_allowed

bp = Blueprint("sso", __name__)

SSO_RATE_LIMIT = "20 per minute"
NEXT_KEY, PROVIDER_KEY = "sso_next", "sso_provider"


def _enabled(provider_id: int) -> SsoProvider:
    provider = db.session.get(SsoProvider, provider_id)
    if provider is None or not provider.is_enabled:
        abort(404)
    return provider


def callback_url() -> str:
    """The redirect URI to register at every provider, under BASE_URL (the browser comes back there)."""
    return absolute_url("sso.callback")


@bp.get("/<int:provider_id>/start")
@limiter.limit(SSO_RATE_LIMIT)
def start(provider_id):
    """Send the browser to the provider's sign-in page. A GET: it changes nothing here, and the state and nonce
    it leaves in the session are what the callback checks."""
    provider = _enabled(provider_id)
    session[NEXT_KEY] = safe_next_url(request.args.get("next"), "")
    session[PROVIDER_KEY] = provider.id
    try:
        return client.authorize_redirect(provider, callback_url())
    except DomainError as error:
        flash(error.message, "error")
        return redirect(_back_page())


def _back_page() -> str:
    return url_for("auth.account") if current_user.is_authenticated else url_for("auth.login")


@bp.get("/callback")
@limiter.limit(SSO_RATE_LIMIT)
def callback():
    """Come back from the provider: sign in (or link the sign-in to the signed-in account)."""
    # an error answer may come without the state (some providers leave it off): then it is the last one started
    started = session.pop(PROVIDER_KEY, None)
    provider_id = client.provider_id_of(request.args.get("state")) or started
    provider = db.session.get(SsoProvider, provider_id) if provider_id else None
    if provider is None or not provider.is_enabled:
        flash(_("That sign-in took too long or did not start here. Try again."), "error")
        return redirect(_back_page())
    target = session.pop(NEXT_KEY, None)
    me = current_user._get_current_object() if current_user.is_authenticated else None
    try:
        claims = client.verified_claims(provider)
        user, created, taken_over = signin.sign_in(provider, claims, current=me, timezone=request.cookies.get("tz"))
        if created and not user.email_confirmed:
            confirm.send_confirmation(user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(_back_page())
    db.session.commit()
    if me is not None:
        flash(_("Your %(provider)s sign-in is linked: you can use it to sign in.", provider=provider.name), "success")
        return redirect(url_for("auth.account", _anchor="sign-ins"))
    login_user(user)  # no remember-me cookie: the provider's own session is the one that lasts
    if taken_over:
        flash(_took_over_message(user, provider), "warning")
    elif created:
        flash(_("Welcome, %(name)s! Your account is ready.", name=user.display_name), "success")
    else:
        flash(_("Welcome back, %(name)s.", name=user.display_name), "success")
    return redirect(after_sign_in(target))


def _took_over_message(user, provider: SsoProvider) -> str:
    message = _("Welcome, %(name)s. An account with %(email)s was waiting here, but its address had never been "
                "confirmed. %(provider)s confirmed it, so the account is yours, and in case someone else made it, its "
                "password, API tokens and other linked sign-ins are removed and every other session is signed out.",
                name=user.display_name, email=user.email, provider=provider.name)
    if password_allowed(user):
        message += " " + _("To sign in with a password as well, choose one with “Forgot password?” on the sign-in "
                           "page.")
    return message


@bp.post("/identities/<int:identity_id>/unlink")
@login_required
def unlink(identity_id):
    """Remove a linked sign-in from the signed-in account."""
    identity = db.session.get(ExternalIdentity, identity_id)
    return run_action(lambda: signin.unlink(current_user, identity_id),
                      success=_("%(provider)s is no longer linked to your account.",
                                provider=identity.provider.name if identity else ""),
                      redirect_to=url_for("auth.account", _anchor="sign-ins"))
