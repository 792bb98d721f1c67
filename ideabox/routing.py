"""What a route accepts: an `<int:…>` in its URL is a row id, so it stops where the id columns do; and a body of
MAX_CONTENT_LENGTH at most, unless the route takes a file."""
from flask import request
from werkzeug.routing import IntegerConverter

ROW_ID_MAX = 2**31 - 1  # the id columns are INTEGER on PostgreSQL
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
