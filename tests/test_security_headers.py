"""What ideabox/security.py promises, on every page rather than one: the headers on each HTML answer, the
session cookie's flags as really sent at sign-in, and no `next=` anywhere that sends a browser off the site."""
from urllib.parse import urlsplit

import pytest

from tests import factories
from tests.conftest import login
from tests.factories_security import page_rules, seed_site, state_changing_rules, url_for_rule

# The first three differ most: forms are given those, pages all five.
OFF_SITE = ["https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example", "http:evil.example"]


def directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def assert_secure_headers(response, url):
    headers = response.headers
    policy = directives(headers.get("Content-Security-Policy", ""))
    script = policy.get("script-src", policy.get("default-src", ""))
    assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, url
    assert policy.get("frame-ancestors") == "frame-ancestors 'none'", url
    assert policy.get("object-src") == "object-src 'none'", url
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("X-Frame-Options") == "DENY", url
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", url


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_every_html_page_carries_the_security_headers(app, admin, role):
    site = seed_site(admin)
    client = app.test_client()
    if role == "admin":
        login(client, admin)
    html = 0
    for rule in page_rules(app):
        response = client.get(url_for_rule(rule, site.public))
        response.close()
        if response.mimetype == "text/html":
            html += 1
            assert_secure_headers(response, rule.rule)
    assert html > 20


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_a_signed_in_person_s_pages_are_never_kept_by_the_browser(app, admin, role):
    """Back after signing out must not show them (a shared computer), and Back after a vote or a comment must not
    bring a page whose buttons and forms tell a past state. A visitor's pages may be kept."""
    site = seed_site(admin)
    client = app.test_client()
    if role == "admin":
        login(client, admin)
    kept = {rule.rule: response.headers.get("Cache-Control", "") for rule in page_rules(app)
            if (response := client.get(url_for_rule(rule, site.public))).mimetype == "text/html"}
    assert len(kept) > 20
    if role == "admin":
        assert {rule for rule, cache in kept.items() if "no-store" not in cache} == set()
    else:
        assert {rule for rule, cache in kept.items() if "no-store" in cache} == set()


def test_the_session_cookie_sent_at_sign_in_is_httponly_and_samesite(client):
    person = factories.make_user(email="kim@example.com")
    response = client.post_form("/auth/login", {"email": person.email, "password": factories.PASSWORD})
    assert response.status_code in (302, 303)
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))
    flags = {flag.strip().lower() for flag in cookie.split(";")[1:]}
    assert "httponly" in flags and "samesite=lax" in flags
    assert "secure" not in flags and "Strict-Transport-Security" not in response.headers


def test_with_secure_cookies_configured_the_cookie_is_secure_and_hsts_is_sent(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    person = factories.make_user(email="kim@example.com")
    response = client.post_form("/auth/login", {"email": person.email, "password": factories.PASSWORD},
                                base_url="https://localhost")
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))
    assert "secure" in {flag.strip().lower() for flag in cookie.split(";")[1:]}
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def off_site(response) -> bool:
    location = response.headers.get("Location", "")
    parts = urlsplit(location.replace("\\", "/"))
    return bool(parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "localhost"))


def test_no_next_parameter_anywhere_sends_the_browser_off_site(app, admin):
    """Every page and every form (with its token, as an admin, `next` in the query and the form) is given each
    off-site target; no answer may redirect off the site, nor fail."""
    site = seed_site(admin)
    client = app.test_client()
    login(client, admin)
    token = client.csrf_token()
    leaks, requests = [], 0
    for rule in page_rules(app):
        for target in OFF_SITE:
            response = client.get(url_for_rule(rule, site.public), query_string={"next": target})
            response.close()
            requests += 1
            if off_site(response) or response.status_code >= 500:
                leaks.append(("GET", rule.rule, target, response.status_code, response.headers.get("Location")))
    for rule, method in state_changing_rules(app):
        if rule.endpoint == "auth.logout":  # signing out would end the walk
            continue
        for target in OFF_SITE[:3]:
            response = client.open(url_for_rule(rule, site.public), method=method, query_string={"next": target},
                                   data={"csrf_token": token, "next": target})
            response.close()
            requests += 1
            if off_site(response) or response.status_code >= 500:
                leaks.append((method, rule.rule, target, response.status_code, response.headers.get("Location")))
    assert leaks == []
    print(f"\n{requests} requests with an off-site next=, none sent off the site")
