"""What an admin does with imports: upload a file, adjust its mapping, preview, import, undo.

Every function takes the acting admin, raises a DomainError the page shows, and flushes; the caller commits once.
"""
from flask_babel import gettext as _, ngettext

from ideabox.admin.audit import record_event
from ideabox.admin.services import require_admin as require_admin_user
from ideabox.errors import DomainError, FieldError
from ideabox.extensions import db
from ideabox.imports.planning import Plan, make_plan
from ideabox.imports.presets import FIELDS, detect_preset, guess_mapping, guess_status, look_alike_columns
from ideabox.imports.reading import DELIMITERS, quoted, read_table
from ideabox.imports.undoing import remove_import
from ideabox.imports.writing import write_plan
from ideabox.models import Board, IdeaStatus, Import, utcnow
from ideabox.models.imports import IMPORTED, PREVIEWED

FILENAME_MAX = 255


def require_admin(actor) -> None:
    """Refuse unless `actor` is an admin; None is the command line (whoever runs the server)."""
    if actor is not None:
        require_admin_user(actor)


def start_import(actor, filename: str, content: bytes, delimiter: str = "auto", board: Board | None = None) -> Import:
    """Stage an uploaded CSV with the mapping guessed from its headers; refuse a file that cannot be imported."""
    require_admin(actor)
    table = read_table(content, delimiter)
    _refuse_look_alike_columns(table.headers)
    preset = detect_preset(table.headers)
    mapping = guess_mapping(table.headers, preset)
    if "title" not in mapping:
        raise FieldError("file", _("No column looks like a title. Name the column of titles “title” and upload the "
                                   "file again. The columns found: %(headers)s.", headers=", ".join(table.headers)))
    imp = Import(created_by_id=actor.id if actor else None, filename=(filename or "ideas.csv")[:FILENAME_MAX], content=content,
                 settings={"delimiter": table.delimiter, "preset": preset.key if preset else None, "mapping": mapping,
                           "statuses": _status_guesses(table, mapping, {}), "board_id": board.id if board else None,
                           "create_boards": False, "skip_errors": False})
    db.session.add(imp)
    db.session.flush()
    return imp


def _refuse_look_alike_columns(headers: list[str]) -> None:
    look_alikes = look_alike_columns(headers)
    if look_alikes:
        field, columns = next(iter(look_alikes.items()))
        raise FieldError("file", _("The columns %(columns)s all look like the “%(field)s” column, and only one of them "
                                   "would be imported. Rename or remove the others and upload the file again.",
                                   columns=quoted(columns), field=FIELDS[field]))


def change_settings(imp: Import, actor, mapping: dict, statuses: dict, board: Board | None, create_boards: bool,
                    skip_errors: bool) -> Import:
    """Save the columns, statuses and options the admin chose; the preview is worked out again from them."""
    require_admin(actor)
    _require_state(imp, PREVIEWED)
    table = read_staged(imp)
    mapping = {field: header for field, header in mapping.items() if field in FIELDS and header in table.headers}
    if "title" not in mapping:
        raise FieldError("title", _("Choose the column that holds the titles."))
    valid = {status.value for status in IdeaStatus}
    statuses = {value: status for value, status in statuses.items() if status in valid}
    imp.settings = {**imp.settings, "mapping": mapping, "statuses": _status_guesses(table, mapping, statuses),
                    "board_id": board.id if board else None, "create_boards": bool(create_boards),
                    "skip_errors": bool(skip_errors)}
    db.session.flush()
    return imp


def preview(imp: Import) -> Plan:
    """What importing the staged file with its settings would do; nothing is written."""
    return make_plan(read_staged(imp), imp.settings)


def run_import(imp: Import, actor) -> Plan:
    """Import every new idea of the file in this one transaction, or nothing when a row has an error (unless the
    admin chose to skip such rows); on the audit log."""
    require_admin(actor)
    _require_state(imp, PREVIEWED)
    plan = preview(imp)
    if plan.errors and not imp.settings.get("skip_errors"):
        raise DomainError(ngettext("%(num)d row has an error. Fix the file or the mapping, or choose to skip rows "
                                   "with errors: nothing was imported.",
                                   "%(num)d rows have errors. Fix the file or the mapping, or choose to skip rows "
                                   "with errors: nothing was imported.", len(plan.errors)))
    if not plan.new:
        raise DomainError(_("There is nothing new to import: every idea of this file is already here."))
    imp.created = write_plan(imp, plan)
    imp.counts = summary(plan)
    imp.state, imp.imported_at = IMPORTED, utcnow()
    record_event(actor, "import.ran", imp, filename=imp.filename, **imp.counts)
    db.session.flush()
    return plan


def undo_import(imp: Import, actor) -> dict:
    """Remove the ideas this import created, and the accounts, boards and tags it made that nothing else uses."""
    require_admin(actor)
    _require_state(imp, IMPORTED)
    removed = remove_import(imp)
    imp.state, imp.undone_at = "undone", utcnow()
    record_event(actor, "import.undone", imp, filename=imp.filename, **removed)
    db.session.flush()
    return removed


def summary(plan: Plan) -> dict:
    """The figures of a plan, as the preview, the result page and the history show them."""
    return {"ideas": len(plan.new), "accounts": len(plan.new_accounts), "votes": plan.votes,
            "boards": len(plan.boards), "new_boards": len(plan.new_boards), "already_here": plan.already_here,
            "errors": len(plan.errors)}


def read_staged(imp: Import):
    """The staged file, read with the delimiter found at upload."""
    choice = next((name for name, char in DELIMITERS.items() if char == imp.settings.get("delimiter")), "auto")
    return read_table(imp.content, choice)


def source_statuses(imp: Import) -> list[str]:
    """The distinct values of the status column, in the order they first appear."""
    header = imp.settings.get("mapping", {}).get("status")
    return _distinct(read_staged(imp), header)


def _status_guesses(table, mapping: dict, chosen: dict) -> dict:
    return {value: chosen.get(value, guess_status(value)) for value in _distinct(table, mapping.get("status"))}


def _distinct(table, header) -> list[str]:
    return list(dict.fromkeys(row.get(header, "") for _, row in table.rows)) if header else []


def _require_state(imp: Import, state: str) -> None:
    if imp.state != state:
        raise DomainError(_("This import was already run or undone; upload the file again to import it."))
