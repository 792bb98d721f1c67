"""Every text area counts a line break once: browsers send CRLF, so a box of 500 characters with 20 line breaks
reached its form as 520 and was refused (QA found the welcome message, the report note and the invitation note
doing it, after ideas and comments were mended)."""
import importlib
import pkgutil

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.fields.core import UnboundField

import ideabox
from ideabox.text import typed_text


def every_form_class() -> set[type]:
    for module in pkgutil.walk_packages(ideabox.__path__, "ideabox."):
        if not module.name.startswith("ideabox.clustering"):
            importlib.import_module(module.name)
    found, waiting = set(), [FlaskForm]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                waiting.append(subclass)
    return found


def test_every_text_area_of_every_form_keeps_what_was_typed_as_typed():
    text_areas = {
        f"{form.__module__}.{form.__name__}.{name}": field
        for form in every_form_class() for name, field in vars(form).items()
        if isinstance(field, UnboundField) and issubclass(field.field_class, TextAreaField)
    }
    assert len(text_areas) >= 14  # the scan found the forms (14 when written)
    assert [name for name, field in text_areas.items() if typed_text not in field.kwargs.get("filters", ())] == []


def test_a_report_note_with_line_breaks_fits_its_box(client, board, customer, pm):
    from sqlalchemy import select

    from ideabox.extensions import db
    from ideabox.models import Report
    from tests import factories
    from tests.conftest import login

    idea = factories.make_idea(board, pm, title="Buy cheap watches here")
    db.session.commit()
    login(client, customer)
    note = ("Same link again\n" * 40)[:495]  # 31 line breaks: 526 as the browser sends it
    response = client.post_form(f"/ideas/{idea.id}/report", {"reason": "spam", "note": note.replace("\n", "\r\n")})
    assert response.status_code == 303
    assert db.session.scalars(select(Report.note)).one() == note.strip()
