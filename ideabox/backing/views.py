"""The team's list of who backs an idea or a theme, on a page and as a CSV download."""
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ideabox.backers import family_ids, primary_of
from ideabox.backing.export import backer_rows
from ideabox.backing.queries import account_demand, backers_page
from ideabox.extensions import db
from ideabox.models import Idea, Role, Theme
from ideabox.permissions import can_view_idea, role_required
from ideabox.routing import bounded_page, within_pages
from ideabox.spreadsheets import csv_download
from ideabox.themes.queries import can_view_theme, theme_family_ids

bp = Blueprint("backing", __name__)

# who voted is personal data: the product team (PMs, executives, admins) only
team_only = role_required(Role.PM, Role.EXECUTIVE)


@bp.get("/ideas/<int:idea_id>/backers")
@team_only
def idea_backers(idea_id):
    """Everyone behind an idea and its merged duplicates: people who voted, accounts the team recorded."""
    idea = _idea_or_404(idea_id)
    if idea.merged_into_id:
        return redirect(url_for(".idea_backers", idea_id=primary_of(idea).id, **request.args), 302)
    return _page(family_ids(idea.id), subject=idea, back=url_for("ideas.idea", idea_id=idea.id),
                 csv_url=url_for(".idea_backers_csv", idea_id=idea.id))


@bp.get("/ideas/<int:idea_id>/backers.csv")
@team_only
def idea_backers_csv(idea_id):
    idea = primary_of(_idea_or_404(idea_id))
    return _download(family_ids(idea.id), f"backers-idea-{idea.id}.csv")


@bp.get("/themes/<int:theme_id>/backers")
@team_only
def theme_backers(theme_id):
    """Everyone behind any idea of a theme, each person once."""
    theme = _theme_or_404(theme_id)
    return _page(theme_family_ids(theme.id), subject=theme, back=url_for("themes.theme", theme_id=theme.id),
                 csv_url=url_for(".theme_backers_csv", theme_id=theme.id))


@bp.get("/themes/<int:theme_id>/backers.csv")
@team_only
def theme_backers_csv(theme_id):
    theme = _theme_or_404(theme_id)
    return _download(theme_family_ids(theme.id), f"backers-theme-{theme.id}.csv")


def _page(family, subject, back: str, csv_url: str):
    pagination, people = backers_page(family, bounded_page(None))
    within_pages(pagination)
    demand = account_demand(family)
    accounts = len({proxy.customer_account_id for proxy, _idea in demand})
    return render_template("backing/backers.html", subject=subject, back=back, csv_url=csv_url, page=pagination,
                           people=people, demand=demand, account_count=accounts)


def _download(family, filename: str) -> Response:
    return csv_download(backer_rows(family), filename)


def _idea_or_404(idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or not can_view_idea(current_user, idea):
        abort(404, _("This idea does not exist."))
    return idea


def _theme_or_404(theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or not can_view_theme(current_user, theme):
        abort(404, _("This theme does not exist."))
    return theme
