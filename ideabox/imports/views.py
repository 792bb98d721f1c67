"""Admin → Import ideas: upload a CSV, map its columns and statuses, preview, import, undo; and the ideas export."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ideabox.admin.blueprint import admin_required, page_of, run_action
from ideabox.auth.submit import submit_form
from ideabox.errors import DomainError, PermissionDenied, error_page
from ideabox.extensions import db
from ideabox.imports import queries, reading, services, suggestions
from ideabox.imports.exporting import idea_rows
from ideabox.imports.forms import UploadForm, settings_form
from ideabox.imports.presets import FIELDS, PRESET_NAMES
from ideabox.models import Board, Import, utcnow
from ideabox.models.imports import PREVIEWED
from ideabox.routing import accepts_files_up_to
from ideabox.spreadsheets import csv_download

bp = Blueprint("imports", __name__)
PREVIEW_ROWS = 20


@accepts_files_up_to(bp, reading.MAX_BYTES)
@bp.route("/", methods=["GET", "POST"])
@admin_required
def index():
    """The upload form, the history of imports and the export."""
    form = UploadForm()
    imp = submit_form(form, lambda form: services.start_import(
        current_user, form.file.data.filename, form.file.data.read(), form.delimiter.data,
        db.session.get(Board, form.board.data or 0)))
    if imp is not None:
        return redirect(url_for("imports.show", import_id=imp.id), code=303)
    return render_template("admin/imports.html", form=form, page=page_of(queries.imports_newest_first()),
                           presets=PRESET_NAMES)


@bp.errorhandler(413)
def file_too_large(error):
    """A file far past the cap hears what one just past it hears (the upload is the only large body here)."""
    return error_page(413, reading.too_large_message())


@bp.route("/<int:import_id>", methods=["GET", "POST"])
@admin_required
def show(import_id):
    """A staged file's mapping and preview; once run, what it imported."""
    imp = db.get_or_404(Import, import_id)
    if imp.state != PREVIEWED:
        return render_template("admin/import_result.html", imp=imp, presets=PRESET_NAMES)
    try:
        statuses = services.source_statuses(imp)
        headers = services.read_staged(imp).headers
    except DomainError as error:  # staged before a rule of reading it came in (a column named twice)
        flash(error.message, "error")
        return redirect(url_for("imports.index"), code=303)
    form = settings_form(headers, statuses, data=_form_data(imp, statuses))
    if form.validate_on_submit():
        return _save_and_maybe_run(imp, form, statuses)
    plan = services.preview(imp)
    return render_template("admin/import.html", imp=imp, form=form, plan=plan, figures=services.summary(plan),
                           rows=plan.ideas[:PREVIEW_ROWS], statuses=statuses, fields=FIELDS, presets=PRESET_NAMES)


def _form_data(imp: Import, statuses: list[str]) -> dict:
    settings = imp.settings
    data = {f"map_{field}": settings["mapping"].get(field, "") for field in FIELDS}
    data.update((f"status_{n}", settings["statuses"].get(value, "")) for n, value in enumerate(statuses))
    data.update(board=settings.get("board_id") or 0, create_boards=settings.get("create_boards"),
                skip_errors=settings.get("skip_errors"))
    return data


def _save_and_maybe_run(imp: Import, form, statuses: list[str]):
    """Save the settings; import only when they are those the admin saw previewed."""
    before, run = dict(imp.settings), None
    mapping = {field: form[f"map_{field}"].data for field in FIELDS if form[f"map_{field}"].data}
    chosen = {value: form[f"status_{n}"].data for n, value in enumerate(statuses)}
    try:
        services.change_settings(imp, current_user, mapping, chosen, db.session.get(Board, form.board.data or 0),
                                 form.create_boards.data, form.skip_errors.data)
        if request.form.get("action") == "import":
            if imp.settings != before:
                flash(_("The settings changed: check the new preview, then import."), "warning")
            else:
                services.run_import(imp, current_user)
                run = suggestions.queue_recompute(current_user, current_app.config)
    except PermissionDenied:
        abort(403)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("imports.show", import_id=imp.id), code=303)
    db.session.commit()
    if imp.state != PREVIEWED:
        suggestions.enqueue(run, current_app.config)
        flash(_("Imported %(ideas)d ideas.", ideas=imp.counts["ideas"]), "success")
    return redirect(url_for("imports.show", import_id=imp.id), code=303)


@bp.post("/<int:import_id>/undo")
@admin_required
def undo(import_id):
    """Remove what the import created (after the browser asked the admin to confirm)."""
    imp = db.get_or_404(Import, import_id)
    return run_action(lambda: services.undo_import(imp, current_user),
                      success=_("Import undone: the ideas it created are removed, with the accounts, boards and tags "
                                "it created that nothing else uses."),
                      redirect_to=url_for("imports.show", import_id=imp.id))


@bp.get("/ideas.csv")
@admin_required
def export():
    """Every idea as a CSV this page imports again (here or in another IdeaBox)."""
    return csv_download(idea_rows(), f"ideas-{utcnow():%Y-%m-%d}.csv")
