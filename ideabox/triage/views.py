"""Views of the triage area: the PM's inbox of duplicate groups, recomputes, find-duplicates."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from ideabox import jobs
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import ClusteringRun, Idea, Role
from ideabox.permissions import role_required
from ideabox.routing import within_pages
from ideabox.similarity.services import ideas_similar_to
from ideabox.triage import queries, services
from ideabox.triage.forms import (
    AcceptForm, DismissForm, FindDuplicatesForm, MergeForm, RemoveMemberForm, RenameForm, ReopenForm, SplitForm,
)
from ideabox.themes.outcomes import sentences

bp = Blueprint("triage", __name__)

PER_PAGE = 20
NEIGHBOURS = 10


@bp.context_processor
def inject_default_primary():
    """The group card preselects the idea to keep by services.default_primary_id."""
    return {"default_primary_id": services.default_primary_id}


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _vary(response):
    response.vary.add("HX-Request")
    return response


def _inbox_context(errors=None):
    boards = list(db.session.scalars(queries.boards()))
    board = next((b for b in boards if b.slug == request.args.get("board")), None)
    page = within_pages(db.paginate(queries.pending_suggestions(board.id if board else None), per_page=PER_PAGE,
                                     error_out=False))
    ids = {m.idea_id for s in page.items for m in s.members}
    return dict(page=page, suggestions=page.items, answers=queries.same_as_answers(ids), boards=boards,
                board=board, run=db.session.scalar(queries.latest_run()), errors=errors or {})


@bp.get("/")
@role_required(Role.PM)
def inbox():
    """The pending duplicate groups, most backers united first."""
    return _vary(current_app.make_response(render_template("triage/inbox.html", **_inbox_context())))


@bp.get("/history")
@role_required(Role.PM)
def history():
    """Groups already accepted or dismissed."""
    page = within_pages(db.paginate(queries.decided_suggestions(), per_page=PER_PAGE, error_out=False))
    ids = {m.idea_id for s in page.items for m in s.members}
    return render_template("triage/history.html", page=page, answers=queries.same_as_answers(ids),
                           undo_states=queries.undo_states(page.items),
                           pending_total=db.session.scalar(queries.pending_count()))


def _load(suggestion_id: int):
    return db.session.scalar(queries.suggestion_with_members(suggestion_id)) or abort(404)


def _first_error(form) -> str:
    return next(iter(e for errors in form.errors.values() for e in errors), _("Check the form and try again."))


def _act(suggestion_id: int, form, action):
    """Validate, run one service, commit; answer with the card(s) (htmx) or the inbox."""
    suggestion = _load(suggestion_id)
    try:
        if not form.validate_on_submit():
            raise DomainError(_first_error(form))
        message, cards, *links = action(suggestion, form)
    except DomainError as error:
        db.session.rollback()
        return _failed(suggestion_id, error.message)
    db.session.commit()
    if not is_htmx():
        flash(message, "success")
        anchor = f"group-{cards[0].id}" if cards else None
        return redirect(url_for("triage.inbox", _anchor=anchor), 303)
    return _answer(cards, message=message, **(links[0] if links else {}))


def _answer(cards, message=None, errors=None, theme_id=None, kept_id=None, emptied=()):
    """The htmx answer to an action on a group: its card(s) and outcome, replacing any earlier outcome."""
    ids = {m.idea_id for s in cards for m in s.members}
    html = render_template("triage/_action_result.html", cards=cards, message=message, theme_id=theme_id,
                           kept_id=kept_id, emptied=emptied,
                           answers=queries.same_as_answers(ids), errors=errors or {},
                           pending=db.session.scalar(queries.pending_count()))
    return _vary(current_app.make_response(html))


def _failed(suggestion_id: int, message: str):
    suggestion = _load(suggestion_id)
    if is_htmx():
        return _answer([suggestion], errors={suggestion.id: message})
    flash(message, "error")
    response = current_app.make_response(render_template("triage/inbox.html", **_inbox_context({suggestion.id: message})))
    response.status_code = 422
    return _vary(response)


@bp.post("/suggestions/<int:suggestion_id>/accept")
@role_required(Role.PM)
def accept(suggestion_id):
    """Merge the group into the chosen primary idea and make it a theme."""

    def action(suggestion, form):
        count = len(suggestion.members) - 1
        primary, moves = services.accept_suggestion(suggestion, form.primary_id.data, current_user, form.title.data,
                                                    form.theme_id.data)
        said = [ngettext("Merged %(num)d idea into “%(title)s” and grouped it in a theme.",
                         "Merged %(num)d ideas into “%(title)s” and grouped them in a theme.",
                         count, title=primary.title), *sentences(moves)]
        return " ".join(said), [], dict(theme_id=primary.theme_id, kept_id=primary.id, emptied=moves.emptied)

    return _act(suggestion_id, AcceptForm(), action)


@bp.post("/suggestions/<int:suggestion_id>/dismiss")
@role_required(Role.PM)
def dismiss(suggestion_id):
    """Not duplicates: never suggest these ideas together again."""

    def action(suggestion, form):
        services.dismiss_suggestion(suggestion, current_user)
        return _("Dismissed. These ideas won't be suggested together again."), []

    return _act(suggestion_id, DismissForm(), action)


@bp.post("/suggestions/<int:suggestion_id>/reopen")
@role_required(Role.PM)
def reopen(suggestion_id):
    """Put a dismissed group, or one whose merges were undone, back among the pending ones."""

    def action(suggestion, form):
        services.reopen_suggestion(suggestion, current_user)
        return _("Reopened: the group is back among the suggested duplicates."), [suggestion]

    return _act(suggestion_id, ReopenForm(), action)


@bp.post("/suggestions/<int:suggestion_id>/remove")
@role_required(Role.PM)
def remove_member(suggestion_id):
    """Take one idea out of the group."""

    def action(suggestion, form):
        services.remove_member(suggestion, form.remove_id.data, current_user)
        if suggestion.state != "pending":
            return _("Removed. Fewer than two ideas were left, so the group was dismissed."), []
        return _("Removed from the group."), [suggestion]

    return _act(suggestion_id, RemoveMemberForm(), action)


@bp.post("/suggestions/<int:suggestion_id>/split")
@role_required(Role.PM)
def split(suggestion_id):
    """Move the ticked ideas into a group of their own."""

    def action(suggestion, form):
        new = services.split_suggestion(suggestion, form.split_ids.data, current_user)
        return _("Split into two groups."), [suggestion, new]

    return _act(suggestion_id, SplitForm(), action)


@bp.post("/suggestions/<int:suggestion_id>/rename")
@role_required(Role.PM)
def rename(suggestion_id):
    """Change the title the theme will get."""

    def action(suggestion, form):
        services.rename_suggestion(suggestion, form.title.data, current_user)
        return _("Theme title saved."), [suggestion]

    return _act(suggestion_id, RenameForm(), action)


@bp.post("/runs")
@role_required(Role.PM)
def recompute():
    """Recompute every suggestion: on the RQ queue when Redis is configured, else right now."""
    try:
        run = services.start_recompute(current_user, current_app.config["CLUSTERING_BACKEND"])
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return _to_inbox()
    db.session.commit()
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        _enqueue(run, redis_url)
    else:
        run = jobs.execute_run(run)
        _flash_outcome(run)
    return _to_inbox()


def _enqueue(run: ClusteringRun, redis_url: str) -> None:
    try:
        jobs.enqueue_run(run, redis_url, current_app.config.get("RQ_QUEUE", jobs.QUEUE_NAME))
    except Exception as error:  # Redis down: say so on the run instead of a 500
        current_app.logger.exception("could not enqueue clustering run %s", run.id)
        run.state, run.error = "failed", _("Could not reach the job queue: %(error)s", error=error)
        db.session.commit()
        flash(_("The job queue is unreachable, so suggestions were not recomputed."), "error")
        return
    db.session.commit()
    flash(_("Recomputing suggestions in the background. This page updates as it goes."), "info")


def _flash_outcome(run: ClusteringRun) -> None:
    if run.state == "failed":
        flash(_("Recomputing failed: %(error)s", error=run.error), "error")
    else:
        count = db.session.scalar(queries.pending_count())
        flash(ngettext("Suggestions recomputed: %(num)d group to review.",
                       "Suggestions recomputed: %(num)d groups to review.", count), "success")


def _to_inbox():
    if is_htmx():
        response = current_app.make_response("")
        response.headers["HX-Redirect"] = url_for("triage.inbox")
        return response
    return redirect(url_for("triage.inbox"), 303)


@bp.get("/runs/<int:run_id>")
@role_required(Role.PM)
def run_status(run_id):
    """A recompute's progress (polled by the inbox while it runs)."""
    run = db.get_or_404(ClusteringRun, run_id)
    if not is_htmx():
        return redirect(url_for("triage.inbox"), 303)
    if jobs.release_if_abandoned(run):  # its worker was killed: say so, rather than spin for hours
        db.session.commit()
    response = current_app.make_response(render_template("triage/_run_status.html", run=run))
    if run.state not in jobs.ACTIVE_STATES and request.args.get("polling"):
        response.headers["HX-Refresh"] = "true"  # show the new suggestions
    return _vary(response)


@bp.get("/duplicates")
@role_required(Role.PM)
def find_duplicates():
    """Find the likely duplicates of any one idea, by number or title."""
    form = FindDuplicatesForm(request.args)
    idea = db.session.get(Idea, request.args.get("idea", type=int) or 0)
    matches = []
    if idea is None and form.q.data and form.validate():
        matches = list(db.session.scalars(queries.find_ideas(form.q.data)))
        if len(matches) == 1:
            idea = matches[0]
    neighbours = sorted(ideas_similar_to(idea, current_user, limit=NEIGHBOURS), key=lambda s: -s.score) if idea else []
    return render_template("triage/duplicates.html", form=form, idea=idea, matches=matches,
                           neighbours=neighbours, merge_form=MergeForm())


@bp.post("/merge")
@role_required(Role.PM)
def merge():
    """Merge one idea into another from the find-duplicates page."""
    form = MergeForm()
    if not form.validate_on_submit():
        flash(_("Choose the two ideas to merge."), "error")
        return redirect(url_for("triage.find_duplicates"), 303)
    primary = db.get_or_404(Idea, form.primary_id.data)
    merged = db.get_or_404(Idea, form.merged_id.data)
    try:
        moves = services.merge_pair(primary, merged, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("triage.find_duplicates", idea=merged.id), 303)
    db.session.commit()
    said = [_("Merged “%(merged)s” into “%(primary)s”.", merged=merged.title, primary=primary.title)]
    flash(" ".join(said + (sentences(moves) if moves else [])), "success")
    return redirect(url_for("triage.find_duplicates", idea=primary.id), 303)
