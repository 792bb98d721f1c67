"""Views of the merging area: merge, undo, proxy demand and the audit log (staff only)."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.merging import queries
from ideabox.merging.forms import JoinThemeForm, MergeForm, ProxyVoteForm
from ideabox.merging.panel import build_merge_panel
from ideabox.merging.proxy import find_or_create_account, record_proxy_vote, remove_proxy_vote
from ideabox.merging.services import undo_merge
from ideabox.models import Idea, Merge, ProxyVote, Role
from ideabox.permissions import role_required
from ideabox.routing import within_pages
from ideabox.themes.outcomes import sentences
from ideabox.themes.services import join_theme_named
from ideabox.triage.services import merge_pair

bp = Blueprint("merging", __name__)
AUDIT_PER_PAGE = 30


@bp.app_context_processor
def inject_merge_panel():
    """Let the idea page include `merging/_idea_merge_panel.html` with only `idea` in context."""
    return {"merge_panel": lambda idea, **forms: build_merge_panel(idea, current_user, **forms)}


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def idea_url(idea_id: int) -> str:
    return url_for("ideas.idea", idea_id=idea_id)


def done(message: str, idea_id: int, category: str = "success"):
    """Answer with a message and a full reload of the idea page, so every count is fresh."""
    flash(message, category)
    if is_htmx():
        return "", 204, {"HX-Redirect": idea_url(idea_id)}
    return redirect(idea_url(idea_id), 303)


def refused(idea: Idea, **forms):
    """Answer invalid input: the panel with the form's errors for htmx, else a flash and back."""
    db.session.rollback()
    if is_htmx():
        html = render_template("merging/_idea_merge_panel.html", idea=idea, **forms)
        return html, 200, {"Vary": "HX-Request"}
    for form in forms.values():
        for errors in form.errors.values():  # field errors, and form-wide ones under None
            for error in errors:
                flash(str(error), "error")
    return redirect(idea_url(idea.id), 303)


def submit(idea: Idea, form_name: str, form, action):
    """Run `action` when `form` is valid and answer `done` with its message; else show the errors."""
    if form.validate():
        try:
            message = action()
            db.session.commit()
            return done(message, idea.id)
        except DomainError as error:
            form.form_errors.append(error.message)
    return refused(idea, **{form_name: form})


@bp.post("/ideas/<int:idea_id>/merge")
@role_required(Role.PM)
def merge(idea_id):
    """Merge the idea named in the form into this one."""
    primary = db.get_or_404(Idea, idea_id)
    form = MergeForm()

    def action():
        duplicate = form.chosen_idea()
        moves = merge_pair(primary, duplicate, current_user)  # the themes follow, and say so
        said = [_("Merged “%(title)s” into this idea.", title=duplicate.title), *(sentences(moves) if moves else [])]
        return " ".join(said)

    return submit(primary, "merge_form", form, action)


@bp.get("/ideas/<int:idea_id>/merge-candidates")
@role_required(Role.PM)
def merge_candidates(idea_id):
    """Ideas matching the search box, each with a button to merge it in (an htmx fragment)."""
    idea = db.get_or_404(Idea, idea_id)
    text = request.args.get("merge-idea", "")[:200]
    candidates = list(db.session.scalars(queries.merge_candidates(idea, text))) if text.strip() else []
    html = render_template("merging/_merge_candidates.html", idea=idea, candidates=candidates, text=text)
    return html, 200, {"Vary": "HX-Request"}


@bp.post("/merges/<int:merge_id>/undo")
@role_required(Role.PM)
def undo(merge_id):
    """Undo one merge, putting the merged idea back exactly as it was."""
    merge_row = db.get_or_404(Merge, merge_id)
    back = back_to_audit()
    try:
        undo_merge(merge_row, current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if back:
            flash(error.message, "error")
            return back
        return done(error.message, merge_row.primary_idea_id, "error")
    merged = db.session.get(Idea, merge_row.merged_idea_id)
    message = _("Undid the merge of “%(title)s”.", title=merged.title)
    if back:
        flash(message, "success")
        return back
    return done(message, merge_row.primary_idea_id)


def back_to_audit():
    """A redirect to the audit log page the undo button was on (form field `back=audit`), else None."""
    if request.form.get("back") != "audit":
        return None
    return redirect(url_for(".audit", page=request.form.get("page", 1, type=int)), 303)


@bp.post("/ideas/<int:idea_id>/proxy-votes")
@role_required(Role.PM)
def record_demand(idea_id):
    """Record demand heard from a customer account, creating the account if it is new."""
    idea = db.get_or_404(Idea, idea_id)
    form = ProxyVoteForm()

    def action():
        account = find_or_create_account(form.account.data, current_user, segment=form.segment.data,
                                         annual_revenue=form.annual_revenue.data)
        record_proxy_vote(idea, account, current_user, note=form.note.data or "")
        return _("Recorded demand from %(name)s.", name=account.name)

    return submit(idea, "proxy_form", form, action)


@bp.post("/ideas/<int:idea_id>/theme")
@role_required(Role.PM)
def join_theme(idea_id):
    """Put the idea (with its merged duplicates) in a theme, starting the theme if it is new."""
    idea = db.get_or_404(Idea, idea_id)
    form = JoinThemeForm()

    def action():
        theme = join_theme_named(form.title.data, idea, current_user)
        return _("This idea is now part of the theme “%(title)s”.", title=theme.title)

    return submit(idea, "theme_form", form, action)


@bp.post("/proxy-votes/<int:vote_id>/delete")
@role_required(Role.PM)
def remove_demand(vote_id):
    """Remove demand recorded for a customer account."""
    vote = db.get_or_404(ProxyVote, vote_id)
    idea = db.session.get(Idea, vote.idea_id)
    primary_id = idea.merged_into_id or idea.id
    name = vote.customer_account.name
    remove_proxy_vote(vote, current_user)
    db.session.commit()
    return done(_("Removed the demand recorded for %(name)s.", name=name), primary_id)


@bp.get("/audit")
@role_required(Role.PM)
def audit():
    """Every merge, undo, split and theme decision, newest first; a merge that can still be undone has its button."""
    per_page = current_app.config.get("AUDIT_PER_PAGE", AUDIT_PER_PAGE)
    events = within_pages(db.paginate(queries.audit_events(), per_page=per_page, error_out=False))
    merge_ids = [(event.details or {}).get("merge_id") for event in events.items if event.action == "merge"]
    return render_template("merging/audit.html", events=events, merge_states=queries.merge_states(merge_ids))
