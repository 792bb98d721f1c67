"""The import forms: the upload, and the mapping of one staged file (its columns, statuses and options)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import BooleanField, SelectChoice, SelectField

from ideabox.extensions import db
from ideabox.imports.presets import FIELDS
from ideabox.models import Board, IdeaStatus
from ideabox.templating import STATUS_LABELS


def board_choices() -> list[SelectChoice]:
    return [SelectChoice(0, str(_l("Choose a board…")))] + [
        SelectChoice(board.id, board.name) for board in db.session.scalars(select(Board).order_by(Board.name))]


class UploadForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file to upload."))],
                     render_kw={"accept": ".csv,text/csv"})
    delimiter = SelectField(_l("Columns separated by"), choices=[
        SelectChoice("auto", _l("Find out from the file")), SelectChoice("comma", _l("Commas (,)")),
        SelectChoice("semicolon", _l("Semicolons (;)"))])
    board = SelectField(_l("Board for ideas that name none"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.board.choices = board_choices()


class SettingsForm(FlaskForm):
    """Built per file by settings_form: one select per field (map_<field>) and per source status (status_<n>)."""

    board = SelectField(_l("Board for ideas that name none"), coerce=int)
    create_boards = BooleanField(_l("Create the boards the file names that do not exist yet"))
    skip_errors = BooleanField(_l("Skip the rows with errors and import the others"))


def settings_form(headers: list[str], statuses: list[str], **kwargs) -> SettingsForm:
    """The settings form for a file with these headers and these distinct status values."""
    column_choices = [SelectChoice("", str(_l("— not imported —")))] + [
        SelectChoice(header, header) for header in headers]
    status_choices = [SelectChoice("", str(_l("Unknown: a row error")))] + [
        SelectChoice(status.value, str(STATUS_LABELS[status])) for status in IdeaStatus]

    class Form(SettingsForm):
        pass

    for field, label in FIELDS.items():
        setattr(Form, f"map_{field}", SelectField(label, choices=column_choices))
    for number, value in enumerate(statuses):
        setattr(Form, f"status_{number}", SelectField(value or _l("(blank)"), choices=status_choices))
    form = Form(**kwargs)
    form.board.choices = board_choices()
    return form
