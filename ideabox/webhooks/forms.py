"""The admin's form for one webhook endpoint."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectMultipleField, URLField, widgets
from wtforms.validators import DataRequired, Length

from ideabox.admin.forms import name_field
from ideabox.models.webhook import URL_MAX
from ideabox.webhooks.events import EVENT_TYPES, KINDS

SCOPES = {
    "all": _l("All boards, and boards added later"),
    "chosen": _l("Only the boards I pick"),
}


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
    # no default: a form posted without it (a page from before boards could be picked) must not widen a webhook
    scope = RadioField(_l("Boards"), validators=[DataRequired(_l("Choose which boards to send."))])
    # which ids exist is the service's to say (a board deleted meanwhile gets its own message there)
    board_ids = CheckboxesField(_l("Boards to send"), coerce=int, validate_choice=False)
    include_private = BooleanField(_l("Also send events about ideas on private boards"))
    is_active = BooleanField(_l("On: send events to this endpoint"), default=True)
    private_ids: frozenset[int] = frozenset()  # of the boards offered

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(value, str(label)) for value, label in KINDS.items()]
        self.events.choices = [SelectChoice(value, str(label)) for value, label in EVENT_TYPES.items()]
        self.scope.choices = [SelectChoice(value, str(label)) for value, label in SCOPES.items()]
        webhook = kwargs.get("obj")
        if not self.is_submitted():
            self.scope.data = "all" if webhook is None or webhook.all_boards else "chosen"
            self.board_ids.data = [board.id for board in webhook.boards] if webhook is not None else []

    def offer_boards(self, boards) -> "WebhookForm":
        """Offer these boards to pick, and mark the private ones."""
        self.board_ids.choices = [SelectChoice(board.id, board.name) for board in boards]
        self.private_ids = {board.id for board in boards if board.is_private}
        return self
