"""Every page of the site, read from the URL map, as each role: never a 5xx, role-gated pages refuse the roles
their `role_required` leaves out, and private-board content, internal notes and hidden comments never reach a
visitor or a customer, whether the URL names a public thing or a private one.

The area tests check each page's content; this walk is the layer that covers all of them at once, so a new page
is checked the day it is added.
"""
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_security import PRIVATE_MARKS, page_rules, seed_site, url_for_rule

# Areas that are the team's only: every page under them must carry a role check.
TEAM_AREAS = ("/admin/", "/triage/", "/insights/", "/merging/", "/moderation/")
SEES_PRIVATE = {"executive", "pm", "admin"}


def allowed(view, role: str) -> bool | None:
    """Whether `role` passes the view's role_required; None when the view has none."""
    roles = getattr(view, "allowed_roles", None)
    if roles is None:
        return None
    return role == "admin" or (role != "anonymous" and role in roles)


def answer_problem(response, body: str, view, role: str) -> str | None:
    """What is wrong with the answer to `role`, or None."""
    if response.status_code >= 500:
        return "server error"
    sent_to_login = response.status_code in (302, 303) and "/auth/login" in response.headers.get("Location", "")
    may = allowed(view, role)
    if may is False and not (sent_to_login if role == "anonymous" else response.status_code == 403):
        return "let in a role its role_required leaves out"
    if may is True and (response.status_code == 403 or sent_to_login):
        return "refused a role its role_required lets in"
    if role not in SEES_PRIVATE:
        shown = [mark for mark in PRIVATE_MARKS if mark in body]
        if shown:
            return f"shows {shown}"
    return None


def test_every_team_area_page_has_a_role_check(app):
    unguarded = [rule.rule for rule in page_rules(app) if rule.rule.startswith(TEAM_AREAS)
                 and getattr(app.view_functions[rule.endpoint], "allowed_roles", None) is None]
    assert unguarded == []


def test_every_page_answers_each_role_as_its_access_rule_says(app, admin):
    site = seed_site(admin)
    people = {"customer": site.customer, "pm": site.pm, "admin": admin,
              "executive": factories.make_user(role="executive", email="erin@example.com")}
    rules = page_rules(app)
    problems, requests, gated = [], 0, 0
    for role in ROLES:
        client = app.test_client()
        if role in people:
            login(client, people[role])
        for rule in rules:
            view = app.view_functions[rule.endpoint]
            gated += allowed(view, role) is not None
            for url in dict.fromkeys(url_for_rule(rule, values) for values in (site.public, site.private)):
                response = client.get(url)
                body = response.get_data(as_text=True)  # read every answer, streamed CSVs too, then let it go
                response.close()
                requests += 1
                problem = answer_problem(response, body, view, role)
                if problem:
                    problems.append((role, url, response.status_code, problem))
    assert problems == []
    print(f"\n{len(rules)} pages, {requests} requests over {len(ROLES)} roles, {gated} role-gated answers checked")
