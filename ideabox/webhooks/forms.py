"""The admin's form for one webhook endpoint."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectMultipleField, URLField, widgets
from wtforms.validators import DataRequired, Length

from ideabox.admin.forms import name_field
from ideabox.models.webhook import URL_MAX
from ideabox.webhooks.events import EVENT_TYPES, KINDS


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class WebhookForm(FlaskForm):
    name = name_field(80)
    url = URLField(
        _l("Endpoint address"),
        validators=[DataRequired(_l("Enter the address to send events to.")),
                    Length(max=URL_MAX, message=_l("Use at most %(max)d characters."))],
        render_kw={"maxlength": URL_MAX, "placeholder": "https://", "autocapitalize": "off", "spellcheck": "false"},
    )
    kind = RadioField(_l("Send as"), default="standard", validators=[DataRequired(_l("Choose how to send the events."))])
    events = CheckboxesField(_l("Events"), validators=[DataRequired(_l("Choose at least one event to send."))])
    include_private = BooleanField(_l("Also send events about ideas on private boards"))
    is_active = BooleanField(_l("On: send events to this endpoint"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(value, str(label)) for value, label in KINDS.items()]
        self.events.choices = [SelectChoice(value, str(label)) for value, label in EVENT_TYPES.items()]
