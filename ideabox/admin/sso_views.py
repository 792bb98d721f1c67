"""The admin page of single sign-on: the providers, one provider's settings, and the "SSO only" switch."""
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from ideabox.admin.blueprint import admin_required, bp, page_of, run_action, save_form
from ideabox.branding import site_settings
from ideabox.extensions import db
from ideabox.models import SsoProvider
from ideabox.sso import queries, services
from ideabox.sso.forms import ProviderForm, SsoOnlyForm
from ideabox.sso.views import callback_url

ROLE_FIELDS = {"admin": "admin_values", "pm": "pm_values", "executive": "executive_values"}


def _sso_page() -> dict:
    page = page_of(queries.providers_by_name())
    return {"page": page, "linked": queries.identity_counts([provider.id for provider in page.items])}


@bp.route("/sso", methods=["GET", "POST"])
@admin_required
def sso():
    """Every provider, and the "SSO only" switch."""
    return save_form(
        SsoOnlyForm(obj=site_settings()),
        lambda form: services.set_sso_only(current_user, form.sso_only.data),
        success=lambda saved: _("People now sign in with single sign-on only.") if saved.sso_only
        else _("People can sign in with a password again."),
        redirect_to=lambda saved: url_for("admin.sso"),
        template="admin/sso.html", form_name="sso_only_form", page_context=_sso_page,
    )


@bp.route("/sso/new", methods=["GET", "POST"])
@bp.route("/sso/<int:provider_id>", methods=["GET", "POST"])
@admin_required
def edit_sso_provider(provider_id=None):
    """Add a provider, or change one; saving fetches its discovery document first."""
    provider = db.get_or_404(SsoProvider, provider_id) if provider_id is not None else None
    form = ProviderForm(obj=provider)
    if provider is not None and not form.is_submitted():
        form.allowed_domains.data = ", ".join(provider.allowed_domains)
        for role, name in ROLE_FIELDS.items():
            form[name].data = ", ".join(provider.role_values.get(role, []))
    return save_form(
        form,
        lambda form: services.save_provider(
            current_user, provider, name=form.name.data, issuer=form.issuer.data, client_id=form.client_id.data,
            client_secret=form.client_secret.data, scopes=form.scopes.data, allowed_domains=form.allowed_domains.data,
            creates_accounts=form.creates_accounts.data, role_claim=form.role_claim.data,
            role_values={role: form[name].data for role, name in ROLE_FIELDS.items()}, is_enabled=form.is_enabled.data,
        ),
        success=lambda saved: _("“%(name)s” is saved: its discovery document answered.", name=saved.name)
        if saved.is_enabled else _("“%(name)s” is saved and off: its button is gone from the sign-in page.",
                                   name=saved.name),
        redirect_to=lambda saved: url_for("admin.edit_sso_provider", provider_id=saved.id),
        template="admin/sso_provider.html",
        provider=provider, redirect_uri=callback_url(),
    )


@bp.route("/sso/<int:provider_id>/delete", methods=["POST"])
@admin_required
def delete_sso_provider(provider_id):
    provider = db.get_or_404(SsoProvider, provider_id)
    return run_action(lambda: services.delete_provider(current_user, provider),
                      success=_("“%(name)s” is deleted; its linked sign-ins went with it.", name=provider.name),
                      redirect_to=url_for("admin.sso"))
