"""The language switcher's form: one button per language, and the page to go back to."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from ideabox.i18n import language_choices


class LanguageForm(FlaskForm):
    locale = SelectField(choices=language_choices())
    next = HiddenField()
