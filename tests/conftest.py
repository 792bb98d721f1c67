"""Shared fixtures: an app on a real database built by the migrations, clients, personas.

Set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run on PostgreSQL:
each pytest worker then gets its own database, created here and dropped at the end.
"""
import os
import re
import uuid

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ideabox import create_app
from ideabox.config import normalise_database_url
from ideabox.extensions import db
from tests import factories
from tests.factories_notifications import LocalSmtpServer

CSRF_PATTERN = re.compile(r'"X-CSRFToken": "([^"]+)"')


class CsrfClient(FlaskClient):
    """A test client that can fetch a real CSRF token the way a browser gets one."""

    def open(self, *args, **kwargs):
        # The `app` fixture keeps one app context for the whole test and Flask reuses it for
        # each request, so forget what a request caches in `g` (the user Flask-Login loaded, the site's
        # settings, the CSRF token Flask-WTF made for the session), as a new request would. Each request
        # picks its own language; the test's own (force_locale) comes back after it.
        if not has_app_context():
            return super().open(*args, **kwargs)
        for cached in ("_login_user", "site_settings", "csrf_token"):
            g.pop(cached, None)
        babel = g.pop("_flask_babel", None)
        try:
            return super().open(*args, **kwargs)
        finally:
            g.pop("_flask_babel", None)
            if babel is not None:
                g._flask_babel = babel

    def csrf_token(self) -> str:
        page = self.get("/__page-that-does-not-exist__").get_data(as_text=True)
        return CSRF_PATTERN.search(page).group(1)

    def post_form(self, url, data=None, **kwargs):
        """POST a form with a valid CSRF token, as the browser would."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def htmx_post(self, url, data=None, **kwargs):
        """POST as htmx does: HX-Request header and the token in X-CSRFToken."""
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf_token(), **kwargs.pop("headers", {})}
        return self.post(url, data=data or {}, headers=headers, **kwargs)


def _postgres_database(base_url: str, worker: str):
    """Create a throw-away PostgreSQL database for this worker; return its URL and a dropper."""
    url = make_url(normalise_database_url(base_url))
    name = f"ideabox_test_{worker}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        url, drop = _postgres_database(base, worker)
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'ideabox-test.sqlite3'}"


@pytest.fixture(scope="session")
def _migrated(database_url, tmp_path_factory):
    """Build the schema once per session with the real migrations."""
    app = create_app(_test_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


def _test_config(database_url, instance_path):
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key",
        "RATELIMIT_ENABLED": False,
        "BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        "INSTANCE_PATH_FOR_TESTS": str(instance_path),
    }


@pytest.fixture
def app(_migrated, tmp_path):
    """A fresh app on the migrated database; every table is emptied after the test."""
    app = create_app(_test_config(_migrated, tmp_path))
    app.test_client_class = CsrfClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def _empty_all_tables():
    """Delete every row, and on PostgreSQL restart the ids as TRUNCATE would: truncating the few rows a test
    leaves took 130-220 ms per test there, deleting them 1-8 ms."""
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT setval(oid::regclass, 1, false) FROM pg_class WHERE relkind = 'S'"))


@pytest.fixture
def client(app) -> CsrfClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def login(client, user):
    """Sign `user` in on this client, as the login view would."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return client


@pytest.fixture
def customer(app):
    return factories.make_user(role="customer", email="casey@example.com", display_name="Casey Customer")


@pytest.fixture
def other_customer(app):
    return factories.make_user(role="customer", email="olive@example.com", display_name="Olive Other")


@pytest.fixture
def pm(app):
    return factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")


@pytest.fixture
def executive(app):
    return factories.make_user(role="executive", email="eve@example.com", display_name="Eve Exec")


@pytest.fixture
def admin(app):
    return factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")


@pytest.fixture
def board(app):
    return factories.make_board(name="Mobile app", slug="mobile")


@pytest.fixture
def private_board(app):
    return factories.make_board(name="Internal", slug="internal", is_private=True)


# One persona per role, for tests that walk every role through the same check.
ROLES = ["anonymous", "customer", "pm", "executive", "admin"]


@pytest.fixture
def as_role(client, request):
    """Return a function that signs the client in as a named role ('anonymous' stays signed out)."""

    def sign_in(role: str):
        if role == "anonymous":
            return None
        user = factories.make_user(role=role, email=f"{role}-{uuid.uuid4().hex[:6]}@example.com")
        login(client, user)
        return user

    return sign_in


@pytest.fixture
def redis_queue(app):
    """A uniquely named queue on the real Redis, which every job (recomputes, email, webhooks) goes to;
    skipped only if Redis is unreachable."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError
    from rq import Queue

    url = "redis://127.0.0.1:6379/15"
    connection = Redis.from_url(url, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisConnectionError:
        pytest.skip("Redis is unreachable at 127.0.0.1:6379")
    queue = Queue(f"ideabox-test-{uuid.uuid4().hex[:10]}", connection=connection)
    app.config.update(REDIS_URL=url, RQ_QUEUE=queue.name)
    yield queue
    queue.delete(delete_jobs=True)


@pytest.fixture
def smtp(app):
    """A real SMTP server on a free local port (aiosmtpd) that the app sends its email to."""
    server = LocalSmtpServer()
    server.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, MAIL_FROM="IdeaBox <roadmap@example.com>")
    yield server
    server.stop()


def postgres_base_url() -> str | None:
    """The PostgreSQL server the suite may create databases on (CI always names one)."""
    return os.environ.get("TEST_DATABASE_URL") or os.environ.get("PG_TEST_URL")


@pytest.fixture
def empty_database(tmp_path):
    """Make empty databases of either kind; each is dropped after the test."""
    droppers = []
    made = iter(range(100))

    def make(kind: str) -> str:
        number = next(made)
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'empty-{number}.sqlite3'}"
        base = postgres_base_url()
        if not base:
            if os.environ.get("CI"):
                pytest.fail("CI names a PostgreSQL server (PG_TEST_URL) for the cross-database backup tests")
            pytest.skip("no PostgreSQL server named (TEST_DATABASE_URL or PG_TEST_URL)")
        url, drop = _postgres_database(base, f"empty{number}")
        droppers.append(drop)
        return url

    yield make
    for drop in droppers:
        drop()
