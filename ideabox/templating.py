"""Jinja filters and globals: Markdown, relative dates, status labels, access rules."""
import re
from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_timedelta, get_locale, lazy_gettext as _l, ngettext
from flask_login import current_user
from markupsafe import Markup

from ideabox import branding, permissions
from ideabox.auth.taking_part import must_confirm_email_first
from ideabox.comments.mentions import in_reader_language
from ideabox.comments.reactions import REACTIONS, reaction_counts
from ideabox.effort import EFFORT_LABELS
from ideabox.i18n import LANGUAGES
from ideabox.ideas.ranking import SORT_LABELS, sorts_for
from ideabox.jobs import run_failure
from ideabox.markdown import markdown_excerpt, render_comment, render_markdown
from ideabox.models import IdeaStatus, Role, utcnow

STATUS_LABELS = {
    IdeaStatus.OPEN: _l("Open"),
    IdeaStatus.UNDER_REVIEW: _l("Under review"),
    IdeaStatus.PLANNED: _l("Planned"),
    IdeaStatus.IN_PROGRESS: _l("In progress"),
    IdeaStatus.SHIPPED: _l("Shipped"),
    IdeaStatus.DECLINED: _l("Declined"),
}


ROLE_LABELS = {
    Role.CUSTOMER.value: _l("Customer"),
    Role.PM.value: _l("Product manager"),
    Role.EXECUTIVE.value: _l("Executive"),
    Role.ADMIN.value: _l("Administrator"),
}


# the "Yours" lists (ideas.queries.TEAM_MINE_FILTERS): their names
MINE_LABELS = {
    "voted": _l("Voted for"),
    "posted": _l("Posted"),
    "following": _l("Following"),
    "owned": _l("Assigned to you"),
}


def mine_count(mine: str, count: int) -> str:
    """How a "Yours" list counts its ideas, as one sentence: a fragment after "3 ideas" cannot agree with the count
    in French ("1 idée · publiées par vous")."""
    if mine == "voted":
        return ngettext("%(num)d idea you voted for", "%(num)d ideas you voted for", count)
    if mine == "posted":
        return ngettext("%(num)d idea you posted", "%(num)d ideas you posted", count)
    if mine == "following":
        return ngettext("%(num)d idea you follow", "%(num)d ideas you follow", count)
    return ngettext("%(num)d idea assigned to you", "%(num)d ideas assigned to you", count)


def status_label(status) -> str:
    """Human label of an idea status."""
    return str(STATUS_LABELS[IdeaStatus(status)])


def relative_time(moment: datetime | None) -> str:
    """'3 days ago', in the viewer's language."""
    if moment is None:
        return ""
    return format_timedelta(moment - utcnow(), add_direction=True, threshold=0.9)


def full_time(moment: datetime | None) -> str:
    """The exact date and time in the viewer's time zone, for title attributes."""
    return format_datetime(moment, "medium") if moment else ""


def month_label(day: date | None) -> str:
    """'Mar 2027', in the viewer's language: how an ETA reads."""
    return format_date(day, "MMM yyyy") if day else ""


# Areas whose every page belongs to one top-bar item (roadmap and changelog share a blueprint).
WHOLE_AREA_NAV = {"ideas", "triage", "admin", "themes", "merging", "people"}
NAV_AREA_OF = {"moderation": "admin"}  # blueprints whose pages sit in another area's menu


def nav_is_active(endpoint: str) -> bool:
    """Highlight a top-bar item on its page, or anywhere in its area."""
    from flask import request

    area = endpoint.split(".", 1)[0]
    here = NAV_AREA_OF.get(request.blueprint, request.blueprint)
    return request.endpoint == endpoint or (area in WHOLE_AREA_NAV and here == area)


def board_sorts() -> list[tuple]:
    """The sort tabs of board and search lists, as the signed-in person may use them."""
    return [(sort, SORT_LABELS[sort]) for sort in sorts_for(current_user)]


def comment_box_attributes(idea, internal: bool = False) -> dict:
    """What a comment textarea needs for the @ autocomplete (static/js/mentions.js) and for pasting
    images (static/js/uploads.js)."""
    from flask import url_for
    from flask_babel import gettext

    attributes = {"data-mentions": url_for("ideas.mention_suggestions", idea_id=idea.id),
                  "data-team-label": gettext("Team"), "aria-autocomplete": "list",
                  "data-upload-url": url_for("uploads.upload")}
    if internal:
        attributes["data-mentions-internal"] = "1"
    return attributes


def email_markdown(text: str) -> Markup:
    """Markdown for an email: as on the site, with site-relative links and images (attached
    screenshots) made absolute, since a mail client has no site to resolve them against."""
    from ideabox.notifications.links import absolute_from_path

    site = absolute_from_path("/")
    return Markup(re.sub(r'(src|href)="/(?!/)', lambda found: f'{found.group(1)}="{site}', str(render_markdown(text))))


def email_text_markdown(text: str) -> str:
    """Markdown kept as text for a plain-text email, its site-relative links and images (attached screenshots)
    made absolute, so a reader of the text part can open them."""
    from ideabox.notifications.links import absolute_from_path

    site = absolute_from_path("/")
    return re.sub(r"\]\(/(?!/)", lambda found: f"]({site}", text)


def register_template_helpers(app):
    app.jinja_env.filters.update(
        markdown=render_markdown,
        comment_markdown=lambda text: render_comment(in_reader_language(text)),
        email_markdown=email_markdown,
        email_text_markdown=email_text_markdown,
        excerpt=markdown_excerpt,
        status_label=status_label,
        relative_time=relative_time,
        month_label=month_label,
        full_time=full_time,
        run_failure=run_failure,
    )
    app.jinja_env.globals.update(
        IdeaStatus=IdeaStatus,
        STATUS_LABELS=STATUS_LABELS,
        ROLE_LABELS=ROLE_LABELS,
        MINE_LABELS=MINE_LABELS,
        mine_count=mine_count,
        is_staff=permissions.is_staff,
        comment_box_attributes=comment_box_attributes,
        can_see_insights=permissions.can_see_insights,
        can_edit_idea=permissions.can_edit_idea,
        can_edit_comment=permissions.can_edit_comment,
        can_hide_comment=permissions.can_hide_comment,
        can_use_internal_notes=permissions.can_use_internal_notes,
        can_admin=permissions.can_admin,
        can_report=permissions.can_report,
        must_confirm_email_first=must_confirm_email_first,
        site_settings=branding.site_settings,
        site_name=branding.site_name,
        accent_style=branding.accent_style,
        logo_url=branding.logo_url,
        REACTIONS=REACTIONS,
        EFFORT_LABELS=EFFORT_LABELS,
        board_sorts=board_sorts,
        LANGUAGES=LANGUAGES,
        current_locale=lambda: str(get_locale()),
        comment_reactions=lambda comments: reaction_counts([comment.id for comment in comments], current_user),
    )

    @app.context_processor
    def inject_navigation():
        nav = [("ideas.home", _l("Boards")), ("roadmap.roadmap", _l("Roadmap")), ("roadmap.changelog", _l("Changelog")),
               ("people.leaderboard", _l("People"))]
        if permissions.can_see_insights(current_user):
            nav.append(("insights.dashboard", _l("Insights")))
        if permissions.is_staff(current_user):
            nav += [("triage.inbox", _l("Triage")), ("themes.index", _l("Themes")), ("merging.audit", _l("Audit log"))]
            nav.append(("admin.index", _l("Admin")))
        elif permissions.can_see_insights(current_user):
            nav.append(("themes.index", _l("Themes")))
        return {"main_nav": nav, "url_map_endpoints": app.view_functions.keys(), "nav_is_active": nav_is_active}

    @app.context_processor
    def inject_unread_count():
        def unread_notifications():
            if not current_user.is_authenticated:
                return 0
            from ideabox.notifications.queries import unread_count

            return unread_count(current_user.id)

        return {"unread_notifications": unread_notifications}
