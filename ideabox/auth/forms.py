"""Forms of the auth area: what each field accepts and the message when it doesn't."""
from functools import lru_cache
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from ideabox.auth.services import (
    DISPLAY_NAME_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    is_known_timezone,
)
from ideabox.i18n import language_choices


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA time zone, sorted, as (value, label) pairs for a select."""
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


def email_field(label=_l("Email")):
    return EmailField(
        label,
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=EMAIL_MAX_LENGTH, message=_l("That email address is too long.")),
            Email(_l("Enter a valid email address, like name@company.com.")),
        ],
        render_kw={"autocomplete": "email", "autocapitalize": "off", "spellcheck": "false"},
    )


def display_name_field():
    return StringField(
        _l("Display name"),
        validators=[
            DataRequired(_l("Enter the name other people will see.")),
            Length(max=DISPLAY_NAME_MAX_LENGTH, message=_l("Use at most %(max)d characters for your name.")),
        ],
        render_kw={"autocomplete": "name", "maxlength": DISPLAY_NAME_MAX_LENGTH},
    )


def new_password_field(label):
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=PASSWORD_MAX_LENGTH,
                message=_l("Use between %(min)d and %(max)d characters for your password."),
            ),
        ],
        render_kw={"autocomplete": "new-password", "minlength": PASSWORD_MIN_LENGTH},
    )


def current_password_field():
    """The password a signed-in person types again before a change only they may make."""
    return PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


def confirm_field(other):
    return PasswordField(
        _l("Confirm password"),
        validators=[DataRequired(_l("Type the password again.")), EqualTo(other, _l("The two passwords don't match."))],
        render_kw={"autocomplete": "new-password"},
    )


class CardForm(FlaskForm):
    """A form that shares its page with others, one per card: its fields' ids start with `id_prefix`, so two cards
    asking for the same field (the current password) keep their ids and labels apart. Their names, which the
    views read, stay as they are."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self:
            field.id = f"{self.id_prefix}-{field.name}"
            field.label.field_id = field.id


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class RegisterForm(FlaskForm):
    email = email_field()
    display_name = display_name_field()
    password = new_password_field(_l("Password"))
    confirm = confirm_field("password")


class AccountForm(CardForm):
    id_prefix = "profile"

    display_name = display_name_field()
    timezone = SelectField(
        _l("Time zone"),
        validators=[InputRequired(_l("Choose a time zone."))],
        validate_choice=False,  # checked below, with a clearer message than "Not a valid choice"
    )
    locale = SelectField(_l("Language"), validate_choice=False)  # checked by i18n.set_language
    email_notifications = BooleanField(_l("Email me when ideas I follow change status or get an official reply"))
    changelog_emails = BooleanField(_l("Email me every release note on the changelog, not only those of ideas I back"))
    new_idea_notifications = BooleanField(_l("Tell me about every new idea (product team)"))  # staff only
    new_idea_digest = BooleanField(_l("Email them as one daily digest instead of one email each"))  # staff only
    insights_email = BooleanField(_l("Email me the week's insights every week (product team)"))  # the team only

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()
        self.locale.choices = language_choices(browser_label=_l("Follow my browser"))

    def validate_timezone(self, field):
        if not is_known_timezone(field.data):
            raise ValidationError(_l("Choose a time zone from the list."))


class PasswordForm(CardForm):
    id_prefix = "password"

    current_password = current_password_field()
    new_password = new_password_field(_l("New password"))
    confirm = confirm_field("new_password")


class EmailChangeForm(CardForm):
    id_prefix = "email"

    new_email = email_field(_l("New email"))
    current_password = current_password_field()


class EraseAccountForm(CardForm):
    id_prefix = "erase"

    password = current_password_field()
    confirm_email = StringField(_l("Type your email address to confirm"),
                                validators=[DataRequired(_l("Type the email address of this account."))],
                                render_kw={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"})
    understood = BooleanField(_l("I understand: my account is erased for good, and this cannot be undone"))


def erase_account_form(user, **kwargs) -> EraseAccountForm:
    """The erase form asks for the password, or, from someone who signs in only through single sign-on, the email."""
    form = EraseAccountForm(**kwargs)
    del form["confirm_email" if user.password_hash else "password"]
    return form


class ResendConfirmationForm(CardForm):
    """The "send the link again" button: only its CSRF token."""

    id_prefix = "resend"


class AcceptInvitationForm(FlaskForm):
    """The invited person's name and password; the email is the invited address, fixed."""
    display_name = display_name_field()
    password = new_password_field(_l("Password"))
    confirm = confirm_field("password")


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))
    confirm = confirm_field("password")
