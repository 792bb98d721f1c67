"""Forms of the similarity area."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import AnyOf, InputRequired, NumberRange

ANSWERS = ("yes", "no")


class SameAsForm(FlaskForm):
    """The author's answer to "is your idea the same as …?" (two submit buttons named `answer`)."""

    candidate_id = IntegerField(validators=[InputRequired(_l("Say which idea you compared with.")), NumberRange(min=1)])
    answer = StringField(validators=[InputRequired(_l("Answer yes or no.")), AnyOf(ANSWERS, _l("Answer yes or no."))])

    @property
    def is_same(self) -> bool:
        """Whether the author said yes."""
        return self.answer.data == "yes"
