"""A real OpenID Provider for the single sign-on tests (oidc-provider-mock: discovery, JWKS, signed ID tokens and an
authorization form where the test picks the subject), run in a thread on 127.0.0.1, and helpers to sign in through it."""
import threading
from contextlib import contextmanager
from urllib.parse import quote, urlsplit

import httpx
import oidc_provider_mock
import pytest
import werkzeug.serving

from ideabox.extensions import db
from ideabox.models import SsoProvider


@contextmanager
def serving(wsgi_app):
    """Serve `wsgi_app` on a free port of 127.0.0.1 in a thread; yield its URL."""
    server = werkzeug.serving.make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def running_provider():
    """Serve the provider on a free port of 127.0.0.1; yield its issuer URL."""
    return serving(oidc_provider_mock.app(require_nonce=True))


@pytest.fixture(scope="module")
def issuer():
    """A running provider's issuer URL, for a test module (import it there)."""
    with running_provider() as url:
        yield url


@pytest.fixture
def provider(app, issuer):
    """The provider, saved in IdeaBox (import it with `issuer`)."""
    app.config["SSO_ALLOW_PRIVATE_NETWORKS"] = True  # the provider runs on 127.0.0.1
    return make_provider(issuer)


def set_claims(issuer: str, subject: str, claims: dict) -> None:
    """Tell the provider what to say about `subject` (beside "sub")."""
    response = httpx.put(f"{issuer}/users/{quote(subject, safe='')}", json=claims)
    assert response.status_code == 204, response.text


def make_provider(issuer: str, **fields) -> SsoProvider:
    """A saved, enabled provider (straight to the database: the admin form's discovery check has its own tests)."""
    provider = SsoProvider(**{"name": "Acme SSO", "issuer": issuer, "client_id": "ideabox", "client_secret": "s3cr3t",
                              "scopes": "openid email profile", "allowed_domains": [], "creates_accounts": True,
                              "role_claim": "", "role_values": {}, **fields})
    db.session.add(provider)
    db.session.commit()
    return provider


def local(url: str) -> str:
    """The path and query of an IdeaBox URL, for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def authorize(location: str, subject: str | None = None) -> str:
    """Answer the provider's authorization form as `subject` (None denies); return where it sends the browser."""
    answer = httpx.post(location, data={"sub": subject} if subject else {"action": "deny"})
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def sign_in_through(client, provider: SsoProvider, subject: str | None, claims: dict | None = None, next=None):
    """The whole round trip: IdeaBox's start, the provider's form, IdeaBox's callback; return the callback's answer."""
    if claims is not None:
        set_claims(provider.issuer, subject, claims)
    start = client.get(f"/auth/sso/{provider.id}/start", query_string={"next": next} if next else None)
    assert start.status_code == 302 and start.headers["Location"].startswith(provider.issuer), start.headers
    return client.get(local(authorize(start.headers["Location"], subject)))
