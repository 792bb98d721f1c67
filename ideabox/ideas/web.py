"""Request and response helpers of the ideas views: htmx partials, sign-in detours, board filters."""
from dataclasses import dataclass

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from ideabox.ideas.queries import TEAM_MINE_FILTERS, tag_by_slug
from ideabox.ideas.ranking import DEFAULT_SORT, SORT_LABELS, sorts_for
from ideabox.ideas.search import SEARCH_MAX, parse_search
from ideabox.models import IdeaStatus, Tag
from ideabox.routing import requested_page


def is_htmx() -> bool:
    """True when htmx sent the request (it wants a fragment, not a page)."""
    return request.headers.get("HX-Request") == "true"


def current_path() -> str:
    """This request's path and query string, for "come back here" links."""
    path = request.full_path
    return path[:-1] if path.endswith("?") else path


def fragment(template: str, status: int = 200, **context):
    """Render an htmx partial; responses that depend on HX-Request say so."""
    response = make_response(render_template(template, **context), status)
    response.headers["Vary"] = "HX-Request"
    return response


def go_to(url: str):
    """Send the browser to `url`: HX-Redirect for htmx, 303 See Other for plain forms."""
    if is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
    else:
        response = redirect(url, 303)
    response.headers["Vary"] = "HX-Request"
    return response


def sign_in_first(back: str, message: str):
    """Send a signed-out visitor to the sign-in page; they come back to `back` afterwards."""
    flash(message, "info")
    return go_to(url_for("auth.login", next=back))


def refuse(error, back: str):
    """Show a DomainError to a person who submitted a bare button form."""
    flash(error.message, "error")
    return go_to(back)


@dataclass(frozen=True)
class BoardFilters:
    """The board toolbar's state, parsed from GET parameters."""

    sort: str = DEFAULT_SORT
    status: IdeaStatus | None = None
    tag: Tag | None = None
    q: str = ""
    page: int = 1
    mine: str | None = None  # one of TEAM_MINE_FILTERS: the signed-in person's own ideas

    def params(self, **changes) -> dict:
        """Query parameters for a link to this view with `changes` applied (defaults omitted)."""
        values = {
            "sort": None if self.sort == DEFAULT_SORT else self.sort,
            "status": self.status.value if self.status else None,
            "tag": self.tag.slug if self.tag else None,
            "q": self.q or None,
            "mine": self.mine,
        }
        values.update(changes)
        if values.get("page") == 1:
            values["page"] = None
        return {key: value for key, value in values.items() if value not in (None, "")}

    @property
    def is_filtered(self) -> bool:
        return bool(self.status or self.tag or self.q or self.mine)


def parse_board_filters(args) -> BoardFilters:
    """Read sort, status, tag, q and page, refusing values no link of ours produces (400)."""
    sort = args.get("sort") or DEFAULT_SORT
    if sort not in sorts_for(current_user):
        choices = ", ".join(str(SORT_LABELS[choice]) for choice in sorts_for(current_user))
        raise BadRequest(_("Unknown sort order. Choose one of %(choices)s.", choices=choices))
    status = args.get("status") or None
    if status is not None:
        try:
            status = IdeaStatus(status)
        except ValueError:
            raise BadRequest(_("Unknown status filter.")) from None
    tag = None
    if args.get("tag"):
        tag = tag_by_slug(args["tag"])
        if tag is None:
            abort(404, _("There is no tag called “%(tag)s”.", tag=args["tag"]))
    q = " ".join((args.get("q") or "").split())
    if len(q) > SEARCH_MAX:
        raise BadRequest(_("Searches can be at most %(max)d characters.", max=SEARCH_MAX))
    if not parse_search(q):  # punctuation alone ("?!") asks for no word: an empty search, not "every idea matches"
        q = ""
    mine = args.get("mine") or None
    if mine is not None and mine not in TEAM_MINE_FILTERS:
        raise BadRequest(_("Unknown filter. Choose the ideas you voted for, posted or follow."))
    return BoardFilters(sort=sort, status=status, tag=tag, q=q, page=requested_page(args), mine=mine)


def per_page() -> int:
    """How many ideas a board page lists."""
    return current_app.config["IDEAS_PER_PAGE"]
