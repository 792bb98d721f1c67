"""Forms of the triage inbox; every action button posts one of these."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

TITLE_MAX = 140


class AcceptForm(FlaskForm):
    primary_id = IntegerField(_l("Primary idea"), validators=[InputRequired(_l("Choose the primary idea to keep."))])
    title = StringField(_l("Theme title"), validators=[Optional(), Length(max=TITLE_MAX)])
    theme_id = IntegerField(_l("Theme they join"), validators=[Optional()])  # asked only when ideas are in several


class RenameForm(FlaskForm):
    title = StringField(_l("Theme title"), validators=[DataRequired(_l("Give the theme a title.")), Length(max=TITLE_MAX)])


class RemoveMemberForm(FlaskForm):
    remove_id = IntegerField(_l("Idea"), validators=[InputRequired(_l("Choose the idea to remove."))])


class SplitForm(FlaskForm):
    split_ids = SelectMultipleField(_l("Ideas to split off"), coerce=int, validate_choice=False,
                                    validators=[DataRequired(_l("Tick the ideas to split off."))])


class DismissForm(FlaskForm):
    """A bare button: only the CSRF token."""


class ReopenForm(FlaskForm):
    """A bare button: only the CSRF token."""


class MergeForm(FlaskForm):
    primary_id = IntegerField(validators=[InputRequired()])
    merged_id = IntegerField(validators=[InputRequired()])


class FindDuplicatesForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Idea number or title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
