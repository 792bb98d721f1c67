"""Forms of the admin area."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp

from ideabox.i18n import language_choices
from ideabox.models.board import CLOSED_MESSAGE_MAX
from ideabox.models.site import AUTO_HIDE_MAX, DEFAULT_AUTO_HIDE_REPORTS
from ideabox.templating import ROLE_LABELS
from ideabox.text import typed_text


SLUG_HINT = _l("Lowercase letters, digits and hyphens, like “mobile-app”.")


def slug_field(max_length):
    return StringField(
        _l("Address (slug)"),
        validators=[
            DataRequired(_l("Choose the address used in links.")),
            Length(max=max_length, message=_l("Use at most %(max)d characters.")),
            Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=SLUG_HINT),
        ],
        render_kw={"maxlength": max_length, "autocapitalize": "off", "spellcheck": "false", "data-slug-from": "name"},
    )


def name_field(max_length, label=_l("Name")):
    return StringField(
        label,
        validators=[
            DataRequired(_l("Enter a name.")),
            Length(max=max_length, message=_l("Use at most %(max)d characters.")),
        ],
        render_kw={"maxlength": max_length},
    )


class WholeNumberField(IntegerField):
    """An integer field whose parse error tells people what to type, said once."""

    def __init__(self, *args, parse_message=_l("Enter a whole number without separators, like 250000."), **kwargs):
        super().__init__(*args, **kwargs)
        self.parse_message = parse_message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.parse_message) from None

    def post_validate(self, form, validation_stopped):
        self.errors = list(dict.fromkeys(self.errors))  # a range check of no number may repeat what to type


class BoardForm(FlaskForm):
    name = name_field(80)
    slug = slug_field(60)
    description = TextAreaField(
        _l("Description"),
        filters=[typed_text],
        validators=[Length(max=2000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 4, "maxlength": 2000},
    )
    is_private = BooleanField(_l("Private: only staff and executives can see this board"))
    accepts_ideas = BooleanField(_l("Accept new ideas"), default=True)
    closed_message = TextAreaField(
        _l("Message when closed"),
        filters=[typed_text],
        validators=[Length(max=CLOSED_MESSAGE_MAX, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 2, "maxlength": CLOSED_MESSAGE_MAX,
                   "placeholder": _l("This app is retired; post about the new app on the Mobile board.")},
    )


class TagForm(FlaskForm):
    name = name_field(40)
    slug = slug_field(40)
    color = StringField(
        _l("Colour"),
        default="#6366f1",
        validators=[
            DataRequired(_l("Choose a colour.")),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Use a colour like #6366f1.")),
        ],
        render_kw={"type": "color"},
    )


class CustomerAccountForm(FlaskForm):
    name = name_field(120, _l("Company name"))
    segment = StringField(
        _l("Segment"),
        validators=[Optional(), Length(max=60, message=_l("Use at most %(max)d characters."))],
        render_kw={"placeholder": _l("e.g. Enterprise, Mid-market, SMB"), "maxlength": 60},
    )
    annual_revenue = WholeNumberField(
        _l("Annual revenue"),
        validators=[Optional(), NumberRange(min=0, max=10**12, message=_l("Enter a whole number, zero or more."))],
        render_kw={"min": 0, "step": 1, "inputmode": "numeric"},
    )


class AttachUserForm(FlaskForm):
    email = EmailField(
        _l("Email of the person to add"),
        validators=[DataRequired(_l("Enter an email address.")), Email(_l("Enter a valid email address."))],
    )


class InvitationForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter the email address of the person to invite.")),
            Length(max=254, message=_l("That email address is too long.")),
            Email(_l("Enter a valid email address, like name@company.com.")),
        ],
        render_kw={"placeholder": "name@company.com", "autocapitalize": "off", "spellcheck": "false", "maxlength": 254},
    )
    # any value reaches the service, which names the roles there are (clearer than "Not a valid choice")
    role = SelectField(_l("Role"), default="customer", validate_choice=False)
    note = TextAreaField(
        _l("Note"),
        filters=[typed_text],
        validators=[Optional(), Length(max=500, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 2, "maxlength": 500, "placeholder": _l("Welcome aboard! You'll triage the mobile app board.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [SelectChoice(value, str(label)) for value, label in ROLE_LABELS.items()]


class SiteSettingsForm(FlaskForm):
    name = StringField(
        _l("Site name"),
        validators=[Length(max=60, message=_l("Use at most %(max)d characters."))],
        render_kw={"maxlength": 60, "placeholder": "IdeaBox"},
    )
    welcome_heading = StringField(
        _l("Welcome heading"),
        validators=[Length(max=120, message=_l("Use at most %(max)d characters."))],
        render_kw={"maxlength": 120, "placeholder": _l("Tell us what to build next")},
    )
    welcome_message = TextAreaField(
        _l("Welcome message"),
        filters=[typed_text],
        validators=[Length(max=2000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 4, "maxlength": 2000,
                   "placeholder": _l("Share an idea, vote for the ones you need, and follow them from first post to shipped.")},
    )
    accent_color = StringField(
        _l("Accent colour"),
        validators=[
            DataRequired(_l("Choose a colour.")),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Use a colour like #4f46e5.")),
        ],
        render_kw={"type": "color"},
    )
    default_locale = SelectField(_l("Default language"), choices=language_choices(),
                                 validate_choice=False)  # checked by branding.save_site_settings
    logo_file = FileField(_l("Logo"), render_kw={"accept": "image/png,image/jpeg,image/gif,image/webp"})
    remove_logo = BooleanField(_l("Remove the logo"))


AUTO_HIDE_HINT = _l("Enter a whole number from 0 to %(max)d.", max=AUTO_HIDE_MAX)


class AutoHideForm(FlaskForm):
    """The site settings page's card on reported comments; its prefix keeps it apart from the look form."""

    auto_hide_reports = WholeNumberField(
        _l("Hide a comment automatically once this many different people have reported it"),
        validators=[InputRequired(AUTO_HIDE_HINT), NumberRange(min=0, max=AUTO_HIDE_MAX, message=AUTO_HIDE_HINT)],
        parse_message=AUTO_HIDE_HINT,
        description=_l(
            "0 turns it off; new sites start at %(default)d, as Discourse does. The comment waits under Moderation "
            "until a PM shows it again or keeps it hidden, and its author is told. Reports by PMs and admins do not "
            "count, their own comments never hide this way, nor does a comment the team already kept. A few new "
            "accounts acting together could hide a fair comment: the team's review and the author's notice are the "
            "remedy.", default=DEFAULT_AUTO_HIDE_REPORTS),
        render_kw={"min": 0, "max": AUTO_HIDE_MAX, "step": 1, "inputmode": "numeric"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="moderation", **kwargs)


class ConfirmedEmailForm(FlaskForm):
    """The site settings page's card on who may take part (auth.taking_part); its prefix keeps it apart."""

    require_confirmed_email = BooleanField(
        _l("People must confirm their email address before they post ideas, vote, comment or react"),
        description=_l(
            "Off by default. Throw-away accounts then cannot post or vote until they open the link emailed to them, "
            "and cannot report comments either. What unconfirmed accounts did before stays. PMs, executives and "
            "admins are not asked; people invited, or signed in through single sign-on with a verified email, are "
            "confirmed already."),
        false_values=("false", "", "off", "0", "no", "n"),  # a hand-made POST's "off" means off
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="taking_part", **kwargs)
