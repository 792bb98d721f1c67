"""The admin's forms for single sign-on: one provider, and the site's "SSO only" switch."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, URLField
from wtforms.validators import DataRequired, Length

from ideabox.admin.forms import name_field
from ideabox.models.sso import DEFAULT_SCOPES

PLAIN = {"autocapitalize": "off", "spellcheck": "false"}


def _text(label, max_length, **render_kw):
    return StringField(label, validators=[Length(max=max_length, message=_l("Use at most %(max)d characters."))],
                       render_kw={"maxlength": max_length, **PLAIN, **render_kw})


class ProviderForm(FlaskForm):
    name = name_field(80, label=_l("Button label"))
    issuer = URLField(_l("Issuer URL"), validators=[DataRequired(_l("Enter the provider's issuer URL.")),
                                                     Length(max=500, message=_l("Use at most %(max)d characters."))],
                      render_kw={"maxlength": 500, "placeholder": "https://", **PLAIN})
    client_id = _text(_l("Client ID"), 255)
    # never filled in from the saved provider: the page shows that a secret is kept, not what it is
    client_secret = PasswordField(_l("Client secret"), render_kw={"autocomplete": "new-password", **PLAIN})
    scopes = _text(_l("Scopes"), 255, placeholder=DEFAULT_SCOPES)
    allowed_domains = _text(_l("Allowed email domains"), 2000, placeholder="acme.com")
    creates_accounts = BooleanField(_l("Create an account at a first sign-in"), default=True)
    role_claim = _text(_l("Role claim"), 100, placeholder="groups")
    admin_values = _text(_l("Values that make an administrator"), 500, placeholder="ideabox-admin")
    pm_values = _text(_l("Values that make a product manager"), 500, placeholder="ideabox-pm")
    executive_values = _text(_l("Values that make an executive"), 500, placeholder="ideabox-executive")
    is_enabled = BooleanField(_l("On: show “Sign in with …” on the sign-in page"), default=True)


class SsoOnlyForm(FlaskForm):
    sso_only = BooleanField(_l("SSO only: people sign in with these providers only"))
