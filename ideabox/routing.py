"""URL converters: an `<int:…>` in a route is a row id, so it stops where the id columns do."""
from werkzeug.routing import IntegerConverter

ROW_ID_MAX = 2**31 - 1  # the id columns are INTEGER on PostgreSQL


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
