"""Forms of the merging area: merge another idea in, record demand for a customer account."""
import re

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ideabox.errors import NotFound
from ideabox.extensions import db
from ideabox.merging.proxy import ACCOUNT_NAME_MAX, NOTE_MAX, SEGMENT_MAX
from ideabox.models import Idea
from ideabox.text import typed_text

THEME_TITLE_MAX = 140
REVENUE_MAX = 2_000_000_000  # the column is a 32-bit integer
IDEA_REFERENCE = re.compile(r"^#?(\d{1,12})$|/ideas/(\d{1,12})(?:[/?#]|$)")


def parse_idea_reference(text: str) -> int | None:
    """The idea id in '42', '#42' or a pasted idea URL; None when there is none."""
    match = IDEA_REFERENCE.search((text or "").strip())
    return int(match.group(1) or match.group(2)) if match else None


class PrefixedForm(FlaskForm):
    """A form whose field names carry `form_prefix`, so it can share a page with other forms."""

    form_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.form_prefix)
        super().__init__(*args, **kwargs)


def idea_reference_field(description):
    return StringField(_l("Idea"), validators=[DataRequired(), Length(max=500)], description=description)


class IdeaReferenceForm(PrefixedForm):
    """One field naming an idea by number (#42) or link."""

    idea = idea_reference_field(_l("Its number (#42) or its link."))

    def validate_idea(self, field):
        if parse_idea_reference(field.data) is None:
            raise ValidationError(_l("Enter an idea number such as #42, or paste the idea's link."))

    def chosen_idea(self) -> Idea:
        """The idea the field names; NotFound when there is no such idea."""
        idea_id = parse_idea_reference(self.idea.data)
        idea = db.session.get(Idea, idea_id)
        if idea is None:
            raise NotFound(_("There is no idea #%(id)d.", id=idea_id))
        return idea


class MergeForm(IdeaReferenceForm):
    form_prefix = "merge"
    idea = idea_reference_field(_l("Its number (#42) or its link; or type words from its title and pick it below."))


class ProxyVoteForm(PrefixedForm):
    form_prefix = "proxy"
    account = StringField(_l("Customer account"), validators=[DataRequired(), Length(max=ACCOUNT_NAME_MAX)],
                          description=_l("Pick an existing company or type a new name to create it."))
    segment = StringField(_l("Segment"), validators=[Optional(), Length(max=SEGMENT_MAX)],
                          description=_l("For new accounts, e.g. Enterprise."))
    annual_revenue = IntegerField(_l("Annual revenue"), validators=[
        Optional(), NumberRange(min=0, max=REVENUE_MAX, message=_l("Enter a whole amount of at least 0."))])
    note = TextAreaField(_l("What they said"), filters=[typed_text], validators=[Optional(), Length(max=NOTE_MAX)])


class JoinThemeForm(PrefixedForm):
    form_prefix = "theme"
    title = StringField(_l("Theme"), validators=[DataRequired(), Length(max=THEME_TITLE_MAX)],
                        description=_l("Type an existing theme's title to join it, or a new title to start one."))
