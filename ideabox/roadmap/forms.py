"""Forms of the roadmap area: the staff release-note forms (publish, correct)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ideabox.text import typed_text
from ideabox.models.idea import BODY_MAX, TITLE_MAX
from ideabox.roadmap.services import RELEASE_KIND_LABELS




class ReleaseEditForm(FlaskForm):
    """Correcting a published note: its title is no longer optional."""

    # any value reaches the service, which says which kinds there are
    kind = SelectField(_l("What kind of change"), default="new", validate_choice=False,
                       choices=[SelectChoice(value, label) for value, label in RELEASE_KIND_LABELS.items()])
    title = StringField(
        _l("Title"), filters=[typed_text],
        validators=[DataRequired(_l("Give the release note a title.")), Length(max=TITLE_MAX)],
        render_kw={"maxlength": TITLE_MAX},
    )
    body = TextAreaField(
        _l("Release note"), filters=[typed_text],
        validators=[DataRequired(_l("Write what shipped.")), Length(max=BODY_MAX)],
        render_kw={"maxlength": BODY_MAX, "rows": 6, "placeholder": _l("What changed, who it helps, how to use it. Markdown works.")},
    )


class ReleaseForm(ReleaseEditForm):
    subject = SelectField(_l("What shipped"), validators=[DataRequired(_l("Choose the shipped item."))])
    title = StringField(
        _l("Title"), filters=[typed_text], validators=[Optional(), Length(max=TITLE_MAX)],
        render_kw={"maxlength": TITLE_MAX, "placeholder": _l("Defaults to the item's title")},
    )

    def set_subject_choices(self, themes, ideas) -> "ReleaseForm":
        """Offer the shipped themes and ideas as choices, keyed 'theme:<id>' / 'idea:<id>'."""
        themes_group, ideas_group = str(_l("Themes")), str(_l("Ideas"))
        self.subject.choices = [SelectChoice("", str(_l("Choose…")))] + [
            SelectChoice(f"theme:{theme.id}", theme.title, optgroup=themes_group) for theme in themes
        ] + [SelectChoice(f"idea:{idea.id}", idea.title, optgroup=ideas_group) for idea in ideas]
        return self

    def subject_key(self) -> tuple[str, int]:
        """The chosen item as (kind, id)."""
        kind, _, item_id = self.subject.data.partition(":")
        return kind, int(item_id)
