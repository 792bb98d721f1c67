"""URL converters: an `<int:…>` in a route is a row id, so it stops where the id columns do."""
from werkzeug.routing import IntegerConverter

ROW_ID_MAX = 2**31 - 1  # the id columns are INTEGER on PostgreSQL


class RowIdConverter(IntegerConverter):
    """`<int:…>` bounded to the ids a row can have: a longer number is a 404, not a database error (SQLite
    cannot even bind a number past 2**63)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", ROW_ID_MAX)
        super().__init__(map, *args, **kwargs)


def register_url_converters(app) -> None:
    """Make every `<int:…>` of the app's routes a bounded row id; call before the blueprints are registered."""
    app.url_map.converters["int"] = RowIdConverter
