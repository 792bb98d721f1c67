"""What a route accepts: an `<int:…>` in its URL is a row id, so it stops where the id columns do; a `?page=` is
a page number, bounded the same way; and a body of MAX_CONTENT_LENGTH at most, unless the route takes a file."""
from flask import abort, current_app, flash, has_request_context, redirect, request, url_for
from flask_babel import gettext as _, ngettext
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import IntegerConverter

ROW_ID_MAX = 2**31 - 1  # the id columns are INTEGER on PostgreSQL
# No list holds more rows than its ids can number, so no list of ours has a page past this one, whatever its size
PAGE_MAX = ROW_ID_MAX
FORM_AROUND_A_FILE = 64 * 1024  # the multipart envelope and the form's other fields


def numbers_up_to(bound: int) -> str:
    """A regular expression of the decimal numbers from 0 to `bound`, leading zeros allowed as int() allows them."""
    digits = str(bound)
    below = [rf"{digits[:place]}[0-{int(digit) - 1}]\d{{{len(digits) - place - 1}}}"
             for place, digit in enumerate(digits) if digit != "0"]  # bound's first digits, then a smaller one
    shorter = [rf"\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    return "0*(?:" + "|".join([*shorter, *below, digits]) + ")"


class RowIdConverter(IntegerConverter):
    """`<int:…>` bounded to the ids a row can have: a longer number is a 404, not a database error (SQLite
    cannot even bind a number past 2**63).

    The bound is in the regular expression, not only in `to_python`: werkzeug picks a rule by path and method and
    converts after, so with one rule per method on a path a number past it, refused by the second method's rule
    once the first one's methods were noted, was answered 405 Method Not Allowed. Unmatched, the path is a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", ROW_ID_MAX)
        super().__init__(map, *args, **kwargs)
        self.regex = numbers_up_to(self.max)


def register_url_converters(app) -> None:
    """Make every `<int:…>` of the app's routes a bounded row id; call before the blueprints are registered."""
    app.url_map.converters["int"] = RowIdConverter


def page_number(value: str) -> int | None:
    """The page a `?page=` value asks for, or None unless it is a whole number from 1. Any page past PAGE_MAX is
    read as PAGE_MAX + 1, as empty as it: the database would refuse the offset (SQLite binds none past 2**63), and
    int() a number of over 4,300 digits."""
    digits = value.lstrip("0")
    if not (digits.isascii() and digits.isdigit()):  # also refuses "0", "-1", "+1", "1_000" and "²"
        return None
    if len(digits) > len(str(PAGE_MAX)):
        return PAGE_MAX + 1
    return min(int(digits), PAGE_MAX + 1)


def requested_page(args) -> int:
    """The page `args` ask for (1 without one), refusing what is not a page number with a 400."""
    page = page_number(args.get("page", "1"))
    if page is None:
        raise BadRequest(_("The page number must be a whole number from 1."))
    return page


def bounded_page(page: int | None) -> int | None:
    """`page` as Flask-SQLAlchemy's paginate() can query it: past PAGE_MAX it is PAGE_MAX + 1. Without a page,
    the request's `?page=` read the same way; None leaves one that is no number to paginate() (page 1, or a 404)."""
    if page is not None:
        return min(page, PAGE_MAX + 1)
    return page_number(request.args.get("page", "1")) if has_request_context() else None


def is_past_the_end(pagination) -> bool:
    """True when `pagination` is a page after the last one (an empty list has one page: the first)."""
    return pagination.page > max(pagination.pages, 1)


def to_the_last_page(pagination, url_of_page):
    """Send the browser from a page past the end to the list's last page, `url_of_page(number)`, and say so.

    Such a page number comes from a link made when the list was longer (ideas since merged, moved or withdrawn)
    or from a hand-edited address: the person wants the list, so show its end rather than an empty page or an
    error, as Drupal's pager and Pagy's `last_page` mode do. A 302: the list may grow back to that page."""
    last = max(pagination.pages, 1)
    if last == 1:
        flash(_("There is only one page; here it is."), "info")
    else:
        flash(ngettext("There is only %(num)d page; here is the last one.",
                       "There are only %(num)d pages; here is the last one.", last), "info")
    return redirect(url_of_page(last if last > 1 else None), 302)


def within_pages(pagination):
    """The pagination of a list a GET shows; for a page past its end, the browser goes to the list's last page
    instead (to_the_last_page), the address otherwise as it was."""
    if request.method in ("GET", "HEAD") and is_past_the_end(pagination):
        abort(to_the_last_page(pagination, _this_address_at_page))
    return pagination


def _this_address_at_page(number: int | None) -> str:
    """The address of this request, at page `number` (without a page: the first)."""
    args = {key: values for key, values in request.args.lists() if key != "page"}
    return url_for(request.endpoint, **(request.view_args or {}), **args, **({"page": number} if number else {}))


def without_trailing_slash():
    """For a GET of `/ideas/5/` that found nothing, a permanent redirect to `/ideas/5` when that address exists
    (a link typed or pasted with a slash, as people and mail clients do); None otherwise."""
    path = request.path
    bare = path.rstrip("/")
    if request.method not in ("GET", "HEAD") or bare == path or not bare or bare.startswith("//"):
        return None
    try:
        current_app.url_map.bind_to_environ(request.environ).match(bare, method=request.method)
    except HTTPException:  # nothing there either (or only another redirect)
        return None
    query = request.query_string.decode("latin-1")
    return redirect(request.script_root + bare + (f"?{query}" if query else ""), 308)


def accepts_files_up_to(blueprint, file_bytes: int):
    """Let the decorated view of `blueprint` take a body holding a file of `file_bytes`, in place of the app's
    MAX_CONTENT_LENGTH.

    The limit is set in a URL value preprocessor, as Flask runs those before any before_request function: the
    first of these, the CSRF check, reads the form, so a limit set in the view would come too late."""

    def decorate(view):
        endpoint = f"{blueprint.name}.{view.__name__}"

        @blueprint.url_value_preprocessor
        def take_the_file(request_endpoint, values):
            if request_endpoint == endpoint:
                request.max_content_length = file_bytes + FORM_AROUND_A_FILE

        return view

    return decorate
