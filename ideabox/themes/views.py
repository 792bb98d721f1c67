"""Views of themes: the ranked list, a theme's page, and the staff actions on it."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import IdeaStatus, Role, Theme
from ideabox.permissions import can_see_insights, is_staff, role_required
from ideabox.ideas.page import withdraws_releases
from ideabox.roadmap.queries import releases_of_theme, shipped_releases
from ideabox.templating import STATUS_LABELS
from ideabox.ideas.ranking import sorts_for
from ideabox.themes import queries, services
from ideabox.themes.outcomes import sentences
from ideabox.effort import EFFORT_LABELS
from ideabox.ideas.forms import EffortForm
from ideabox.themes.forms import AddIdeaForm, RenameThemeForm, SplitThemeForm, ThemeStatusForm
from ideabox.themes.ranking import RANKINGS, RankedTheme, rank_themes, score_themes, settings_from_config

bp = Blueprint("themes", __name__)


@bp.app_context_processor
def inject_rank_settings():
    """Let `themes/_rank_explainer.html` be included anywhere: it reads the configured formula."""
    return {"rank_settings": lambda: settings_from_config(current_app.config)}


@bp.get("/")
def index():
    """Themes the viewer may see, best ranked first; insiders may rank them by value for effort (?by=value)."""
    by = request.args.get("by", "score")
    if by not in RANKINGS or (by == "value" and "value" not in sorts_for(current_user)):
        abort(404)
    return render_template("themes/index.html", ranked=rank_themes(current_user, by=by), by=by)


@bp.get("/<int:theme_id>")
def theme(theme_id):
    """A theme: its ideas and boards, unique backers, and for insiders its weighted score."""
    return render_page(visible_theme_or_404(theme_id))


def visible_theme_or_404(theme_id: int) -> Theme:
    theme = db.get_or_404(Theme, theme_id)
    if not queries.can_view_theme(current_user, theme):
        abort(404)
    return theme


def render_page(theme: Theme, status_code: int = 200, **forms):
    """Render the theme page, with any submitted forms (and their errors) in place of fresh ones."""
    members = list(db.session.scalars(queries.theme_members(theme, current_user)))
    context = {
        "theme": theme,
        "members": members,
        "duplicates": queries.merged_duplicate_counts((idea.id for idea in members), current_user),
        "boards": sorted({idea.board.name for idea in members}),
        "backers": queries.theme_backers(theme, current_user),
        "releases": list(db.session.scalars(releases_of_theme(theme.id))),
        "score": score_themes([theme.id], settings_from_config(current_app.config))[theme.id]
        if can_see_insights(current_user) else None,
    }
    if context["score"] is not None:
        context["value_for_effort"] = RankedTheme(theme, context["score"]).value_for_effort
    if is_staff(current_user):
        status_form = forms.get("status_form") or ThemeStatusForm(status=theme.status.value)
        status_form.set_status_labels(STATUS_LABELS)
        split_form = forms.get("split_form") or SplitThemeForm()
        split_form.set_members(members)
        context.update(shipped_releases=shipped_releases(theme), withdraw_releases_ticked=withdraws_releases(request.form))
        context.update(effort_form=EffortForm.for_item(theme), rename_form=forms.get("rename_form") or RenameThemeForm(obj=theme), status_form=status_form,
                       split_form=split_form, add_form=forms.get("add_form") or AddIdeaForm(),
                       is_empty=services.is_empty(theme))
    return render_template("themes/theme.html", **context), status_code


def attempt(theme: Theme, form_name: str, form, action, success):
    """Run `action` when `form` is valid: commit and go back to the page, or show the errors.

    `success` is the message, or a function wording one from what `action` returned.
    """
    if form.validate():
        try:
            result = action()
            db.session.commit()
            flash(success(result) if callable(success) else success, "success")
            return redirect(url_for(".theme", theme_id=theme.id), 303)
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    return render_page(theme, 422, **{form_name: form})


@bp.post("/<int:theme_id>/rename")
@role_required(Role.PM)
def rename(theme_id):
    """Rename the theme and edit its description."""
    theme = db.get_or_404(Theme, theme_id)
    form = RenameThemeForm()
    return attempt(theme, "rename_form", form,
                   lambda: services.rename_theme(theme, form.title.data, current_user, form.description.data or ""),
                   _("Theme renamed."))


@bp.post("/<int:theme_id>/status")
@role_required(Role.PM)
def set_status(theme_id):
    """Move the theme and all its ideas to a status, with an official note for their backers."""
    theme = db.get_or_404(Theme, theme_id)
    form = ThemeStatusForm()
    form.set_status_labels(STATUS_LABELS)
    withdraw = withdraws_releases(request.form)
    releases = shipped_releases(theme) if withdraw and form.status.data != IdeaStatus.SHIPPED else []

    def done(_changes):
        status = STATUS_LABELS.get(form.status.data, "")
        words = [_("Theme and its ideas moved to %(status)s. Nobody was told.", status=status) if form.quiet.data
                 else _("Theme and its ideas moved to %(status)s.", status=status)]
        if releases:
            words.append(ngettext("Its release note is withdrawn from the changelog.",
                                  "Its %(num)d release notes are withdrawn from the changelog.", len(releases)))
        return " ".join(words)

    return attempt(theme, "status_form", form,
                   lambda: services.set_theme_status(theme, form.status.data, current_user, form.note.data or "",
                                                     form.release_note.data or "", quiet=form.quiet.data,
                                                     withdraw_releases=withdraw,
                                                     submission_key=form.submission_key.data), done)


@bp.post("/<int:theme_id>/effort")
@role_required(Role.PM)
def set_effort(theme_id):
    """Size the work a theme needs (form field `effort`: xs, s, m, l, xl, or empty for none)."""
    theme = db.get_or_404(Theme, theme_id)
    try:
        services.set_effort(theme, request.form.get("effort", ""), current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Effort: %(size)s.", size=EFFORT_LABELS.get(theme.effort, _("not sized"))), "success")
    return redirect(url_for(".theme", theme_id=theme.id), 303)


def ticked_ideas(theme: Theme, form: SplitThemeForm):
    """Offer the theme's ideas as choices; return a function giving the ones ticked."""
    members = list(db.session.scalars(queries.theme_members(theme, current_user)))
    form.set_members(members)
    return lambda: [idea for idea in members if idea.id in (form.ideas.data or [])]


@bp.post("/<int:theme_id>/split")
@role_required(Role.PM)
def split(theme_id):
    """Move the ticked ideas into a new theme of their own."""
    theme = db.get_or_404(Theme, theme_id)
    form = SplitThemeForm()
    picked = ticked_ideas(theme, form)
    return attempt(theme, "split_form", form,
                   lambda: services.split_theme(theme, picked(), current_user, form.new_title.data or ""),
                   _("Split into a new theme."))


@bp.post("/<int:theme_id>/remove")
@role_required(Role.PM)
def remove(theme_id):
    """Take the ticked ideas out of the theme."""
    theme = db.get_or_404(Theme, theme_id)
    form = SplitThemeForm()
    picked = ticked_ideas(theme, form)
    return attempt(theme, "split_form", form, lambda: services.remove_from_theme(theme, picked(), current_user),
                   _("Removed from the theme."))


@bp.post("/<int:theme_id>/ideas")
@role_required(Role.PM)
def add_idea(theme_id):
    """Add an idea (and its merged duplicates) to the theme, saying so when it leaves another theme."""
    theme = db.get_or_404(Theme, theme_id)
    form = AddIdeaForm()

    def added(moves) -> str:
        said = sentences(moves)  # a merged idea named: says its primary was added instead
        return " ".join(said if moves.stand_ins else [_("Idea added to the theme."), *said])

    return attempt(theme, "add_form", form, lambda: services.add_to_theme(theme, [form.chosen_idea()], current_user),
                   added)


@bp.post("/<int:theme_id>/delete")
@role_required(Role.PM)
def delete(theme_id):
    """Delete a theme left without ideas."""
    theme = db.get_or_404(Theme, theme_id)
    title = theme.title
    try:
        services.delete_theme(theme, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".theme", theme_id=theme_id), 303)
    db.session.commit()
    flash(_("Theme “%(title)s” deleted.", title=title), "success")
    return redirect(url_for(".index"), 303)
