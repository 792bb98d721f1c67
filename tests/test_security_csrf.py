"""Every state-changing route of the site refuses a request without a CSRF token, even from a signed-in admin.

The routes are read from the app's URL map, so a new POST route is checked the day it is added; only the API
(token-authenticated, never reads the session cookie) and the exemptions listed below, each with its reason,
are left out.
"""
from sqlalchemy import select

from ideabox.extensions import csrf, db
from tests.conftest import login
from tests.factories_security import API, seed_site, state_changing_rules, url_for_rule

CSRF_REFUSAL = "sent from elsewhere"  # the CSRF error page's words, so another 400 does not pass for it
EXEMPT = {
    # The unguessable token in the URL authorises it, and mail clients' one-click unsubscribe (RFC 8058) posts
    # with no form and no cookie: a CSRF token cannot be sent there.
    "notifications.unsubscribe": "one-click unsubscribe from an email, authorised by its secret token",
}


def snapshot() -> dict:
    """Every row of every table, to show a refused request changed nothing."""
    db.session.expire_all()
    return {table.name: db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in db.metadata.sorted_tables}


def test_the_exemptions_are_exactly_the_listed_ones(app):
    """A view or blueprint newly exempted from CSRF fails here until it is listed with its reason."""
    exempt = {endpoint for endpoint, view in app.view_functions.items()
              if f"{view.__module__}.{view.__name__}" in csrf._exempt_views}
    assert exempt == set(EXEMPT)
    assert {blueprint.name for blueprint in csrf._exempt_blueprints} == API


def test_every_state_changing_route_refuses_a_request_without_csrf_token(app, client, admin):
    site = seed_site(admin)
    login(client, admin)
    rules = state_changing_rules(app)
    assert len(rules) > 90  # the walk found the site's routes, not an empty map
    before = snapshot()
    accepted = []
    for rule, method in rules:
        if rule.endpoint in EXEMPT:
            continue
        url = url_for_rule(rule, site.public)
        for request in ({}, {"headers": {"HX-Request": "true"}}, {"data": {"csrf_token": "forged"}}):
            response = client.open(url, method=method, **request)
            if response.status_code != 400 or CSRF_REFUSAL not in response.get_data(as_text=True):
                accepted.append((method, url, request, response.status_code))
    assert accepted == []
    assert snapshot() == before
    print(f"\n{len(rules) - len(EXEMPT)} state-changing routes refused without a token, 3 ways each")


def test_the_same_request_with_a_token_goes_through(client, admin):
    """The refusal above is CSRF's, not something else's: with the token the admin signs out."""
    login(client, admin)
    assert client.post("/auth/logout").status_code == 400
    assert client.post_form("/auth/logout").status_code in (302, 303)

