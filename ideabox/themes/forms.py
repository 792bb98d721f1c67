"""Forms of the theme page: rename, move to a status, split or remove ideas, add an idea."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ideabox.ideas.forms import PostedOnce
from ideabox.text import typed_text
from ideabox.merging.forms import IdeaReferenceForm
from ideabox.models import IdeaStatus
from ideabox.themes.services import NOTE_MAX, RELEASE_NOTE_MAX, TITLE_MAX


class RenameThemeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    description = TextAreaField(_l("Description"), filters=[typed_text], validators=[Optional(), Length(max=5_000)])


class ThemeStatusForm(PostedOnce, FlaskForm):
    status = SelectField(_l("Status"), choices=[SelectChoice(status.value, status.value) for status in IdeaStatus])
    note = TextAreaField(_l("Official note"), filters=[typed_text], validators=[Optional(), Length(max=NOTE_MAX)],
                         description=_l("Shown on every idea of the theme and sent to all its backers once."))
    release_note = TextAreaField(_l("Release note"), filters=[typed_text], validators=[Optional(), Length(max=RELEASE_NOTE_MAX)],
                                 description=_l("When it ships: what changed, for the changelog."))
    quiet = BooleanField(_l("Tell nobody: this corrects a status set by mistake"))

    def set_status_labels(self, labels):
        """Show translated status names in the select."""
        self.status.choices = [SelectChoice(status.value, str(labels[status])) for status in IdeaStatus]


class SplitThemeForm(FlaskForm):
    ideas = SelectMultipleField(_l("Ideas"), coerce=int, widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput(), validators=[DataRequired(_l("Tick at least one idea."))])
    new_title = StringField(_l("New theme title"), validators=[Optional(), Length(max=TITLE_MAX)])

    def set_members(self, members):
        """Offer the theme's member ideas as the checkboxes."""
        self.ideas.choices = [SelectChoice(idea.id, idea.title) for idea in members]


class AddIdeaForm(IdeaReferenceForm):
    """Name an idea to add to the theme: its number or its link."""

    form_prefix = "add"
