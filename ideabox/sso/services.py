"""What an admin does with single sign-on: add, change and remove providers, and turn "SSO only" on or off."""
import re

from flask_babel import gettext as _

from ideabox.admin.audit import record_event
from ideabox.admin.services import clean_text, require_admin
from ideabox.branding import SETTINGS_ID
from ideabox.errors import DomainError, FieldError
from ideabox.extensions import db
from ideabox.models import Role, SiteSettings, SsoProvider
from ideabox.models.sso import DEFAULT_SCOPES
from ideabox.sso import queries
from ideabox.sso.discovery import fetch_discovery

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# the roles a claim can give, highest first: a person in several groups gets the highest
MAPPED_ROLES = (Role.ADMIN, Role.PM, Role.EXECUTIVE)


def words(text: str | None) -> list[str]:
    """The comma- or space-separated words of `text`, without repeats."""
    return list(dict.fromkeys(word for word in re.split(r"[\s,]+", text or "") if word))


def clean_domains(text: str | None) -> list[str]:
    """The allowed email domains, lower-cased; FieldError for one that is not a domain."""
    domains = [word.lower().removeprefix("@") for word in words(text)]
    for domain in domains:
        if not DOMAIN.match(domain):
            raise FieldError("allowed_domains", _("“%(domain)s” is not a domain like acme.com.", domain=domain))
    return domains


def _scopes(text: str | None) -> str:
    scopes = words(text) or DEFAULT_SCOPES.split()
    if "openid" not in scopes:
        raise FieldError("scopes", _("Include the “openid” scope: without it there is no ID token to sign in with."))
    return " ".join(scopes)


def _role_values(role_claim: str, values: dict[str, str]) -> dict[str, list[str]]:
    mapping = {role.value: words(values.get(role.value)) for role in MAPPED_ROLES}
    mapping = {role: found for role, found in mapping.items() if found}
    if mapping and not role_claim:
        raise FieldError("role_claim", _("Name the claim these values are read from, such as “groups”."))
    return mapping


def _must_keep_a_provider(provider: SsoProvider) -> None:
    settings = db.session.get(SiteSettings, SETTINGS_ID)
    if settings is not None and settings.sso_only and provider.is_enabled and not queries.enabled_count(provider):
        raise DomainError(_("“%(name)s” is the only provider people can sign in with while the site is SSO only. "
                            "Turn SSO only off first.", name=provider.name))


def save_provider(actor, provider: SsoProvider | None, *, name, issuer, client_id, client_secret, scopes,
                  allowed_domains, creates_accounts, role_claim, role_values: dict[str, str], is_enabled) -> SsoProvider:
    """Add a provider or change one, after fetching its discovery document unless it stays or goes off with the
    same issuer (so a provider that is down can be switched off); an empty secret keeps the saved one."""
    require_admin(actor)
    values = dict(
        name=clean_text("name", name, 80), issuer=clean_text("issuer", issuer, 500),
        client_id=clean_text("client_id", client_id, 255), scopes=_scopes(scopes),
        allowed_domains=clean_domains(allowed_domains), creates_accounts=bool(creates_accounts),
        role_claim=clean_text("role_claim", role_claim, 100, required=False),
    )
    values["role_values"] = _role_values(values["role_claim"], role_values)
    secret = (client_secret or "").strip()
    if not secret and (provider is None or not provider.client_secret):
        raise FieldError("client_secret", _("Enter the client secret your identity provider gave you."))
    if provider is not None and not is_enabled:
        _must_keep_a_provider(provider)
    if is_enabled or provider is None or values["issuer"] != provider.issuer:
        fetch_discovery(values["issuer"])
    if provider is None:
        provider = SsoProvider()
        db.session.add(provider)
    for key, value in values.items():
        setattr(provider, key, value)
    provider.is_enabled = bool(is_enabled)
    if secret:
        provider.client_secret = secret
    db.session.flush()
    record_event(actor, "sso_provider.saved", provider, name=provider.name, issuer=provider.issuer,
                 client_id=provider.client_id, enabled=provider.is_enabled, new_secret=bool(secret),
                 allowed_domains=provider.allowed_domains, creates_accounts=provider.creates_accounts,
                 role_claim=provider.role_claim, role_values=provider.role_values)
    return provider


def delete_provider(actor, provider: SsoProvider) -> None:
    """Remove a provider; the sign-ins linked through it go with it (the accounts stay)."""
    require_admin(actor)
    _must_keep_a_provider(provider)
    record_event(actor, "sso_provider.deleted", provider, name=provider.name, issuer=provider.issuer)
    db.session.delete(provider)
    db.session.flush()


def set_sso_only(actor, on: bool) -> SiteSettings:
    """Turn "SSO only" on (at least one provider must be on) or off."""
    require_admin(actor)
    if on and not queries.enabled_count():
        raise FieldError("sso_only", _("Add and turn on a provider first: nobody could sign in otherwise."))
    settings = db.session.get(SiteSettings, SETTINGS_ID) or SiteSettings(id=SETTINGS_ID)
    settings.sso_only = bool(on)
    db.session.add(settings)
    db.session.flush()
    record_event(actor, "site.sso_only_on" if settings.sso_only else "site.sso_only_off", settings)
    return settings
