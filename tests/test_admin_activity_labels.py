"""The admin overview's "Recent activity" names every kind of event in words (and in the reader's language), never
as the code's name for it ("proxy_vote")."""
import ast
from pathlib import Path

from flask_babel import force_locale

import ideabox
from ideabox.admin.views import AUDIT_LABELS
from ideabox.extensions import db
from ideabox.merging.services import merge_ideas
from ideabox.roadmap.services import set_eta
from ideabox.themes.services import create_theme
from tests.conftest import login
from tests.factories import make_idea

RECORDERS = {"record_event", "_audit"}


def recorded_actions() -> set[str]:
    """Every action name the code records on the audit log, read from its calls of record_event."""
    actions = set()
    for path in Path(ideabox.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in RECORDERS \
                    and len(node.args) >= 2:
                actions |= {leaf.value for leaf in ast.walk(node.args[1])
                            if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str)}
    return actions


def test_every_recorded_action_has_words():
    actions = recorded_actions()
    assert {"merge", "proxy_vote", "user.suspended", "dismiss_suggestion"} <= actions  # the scan finds them
    assert sorted(actions - set(AUDIT_LABELS)) == []


def test_recent_activity_reads_as_words_in_german(client, app, admin, pm, board, customer):
    with app.test_request_context():
        kept, duplicate = make_idea(board, customer, title="Dark mode"), make_idea(board, customer, title="Night")
        merge_ideas(kept, [duplicate], pm)
        create_theme("Appearance", [kept], pm)
        set_eta(kept, "2097-03", pm)
    db.session.commit()
    login(client, admin)
    page = client.get("/admin/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    for raw in ("undo merge", "create theme", "eta set", "merge<", ">merge "):
        assert raw not in page
    with force_locale("de"):
        for action in ("merge", "create_theme", "eta_set"):
            assert str(AUDIT_LABELS[action]) in page
    assert "Appearance" in page
