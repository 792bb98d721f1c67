"""An id past what the id columns hold is 404 Not Found on every route and every method, never 405 or 500.

werkzeug picks a rule by path and method first and converts the values after: when a path had a rule per method,
the second method's id failed to convert after the first rule's methods were noted, and the answer was 405. Such an
id must not match the path at all. No CSRF token is sent: a request whose URL matches no rule has no view, so
Flask-WTF lets it through to the 404 (a CSRF 400 would mean the id had matched).
"""
import pytest
from flask import Blueprint, Flask
from werkzeug.routing import IntegerConverter

from ideabox.routing import ROW_ID_MAX, register_url_converters


def id_routes(app) -> list[tuple[str, str, str]]:
    """(method, url, endpoint) for each rule with an id and each of its methods, one id past the bound at a time."""
    calls = []
    for rule in app.url_map.iter_rules():
        ids = [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]
        for past in ids:
            values = {name: ROW_ID_MAX + 1 if name == past else 1 for name in ids}
            for name, converter in rule._converters.items():
                values.setdefault(name, next(iter(getattr(converter, "items", ["x"]))))  # an `any(…)` takes its own
            url = rule.build(values)[1]
            calls += [(method, url, rule.endpoint) for method in sorted(rule.methods)]
    return calls


def test_every_route_with_an_id_answers_404_for_an_id_past_the_columns(client):
    calls = id_routes(client.application)
    assert len(calls) > 150, "the walk found the app's routes"
    wrong = [(method, url, endpoint, status) for method, url, endpoint in calls
             if (status := client.open(url, method=method).status_code) != 404]
    assert wrong == []


@pytest.fixture
def one_path_two_rules() -> Flask:
    """A page shown by one view and posted to another, as `@bp.get` and `@bp.post` on one path make it."""
    app = Flask(__name__)
    register_url_converters(app)
    bp = Blueprint("things", __name__)
    bp.get("/things/<int:thing_id>")(lambda thing_id: f"show {thing_id}")
    bp.post("/things/<int:thing_id>", endpoint="save")(lambda thing_id: f"save {thing_id}")
    app.register_blueprint(bp)
    return app


@pytest.mark.parametrize("method", ["GET", "POST", "HEAD", "OPTIONS"])
def test_an_id_past_the_bound_is_404_whichever_rule_the_method_picks(one_path_two_rules, method):
    answer = one_path_two_rules.test_client().open(f"/things/{ROW_ID_MAX + 1}", method=method)
    assert answer.status_code == 404


@pytest.mark.parametrize("id, value", [(ROW_ID_MAX, ROW_ID_MAX), ("0", 0), ("007", 7), ("1999999999", 1999999999)])
def test_an_id_up_to_the_bound_still_reaches_its_view(one_path_two_rules, id, value):
    client = one_path_two_rules.test_client()
    assert client.get(f"/things/{id}").get_data(as_text=True) == f"show {value}"
    assert client.post(f"/things/{id}").get_data(as_text=True) == f"save {value}"


@pytest.mark.parametrize("id", [ROW_ID_MAX + 1, 2147483650, 3000000000, 10**10, 10**30, "0" * 30 + "2147483648"])
def test_no_id_past_the_bound_matches(one_path_two_rules, id):
    assert one_path_two_rules.test_client().post(f"/things/{id}").status_code == 404
