"""The app factory, configuration, security headers and migrations."""
import warnings

import pytest
from sqlalchemy import inspect

from ideabox import create_app
from ideabox.extensions import db
from tests.conftest import ROLES


def test_security_headers_on_every_page(client):
    response = client.get("/__missing__")
    assert response.status_code == 404
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_secret_key_is_generated_once_per_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    overrides = {"SQLALCHEMY_DATABASE_URI": "sqlite://"}
    app_a = create_app(overrides)
    app_b = create_app(overrides)
    assert app_a.config["SECRET_KEY"] == app_b.config["SECRET_KEY"]
    assert len(app_a.config["SECRET_KEY"]) == 64


def test_database_url_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5432/x")
    app = create_app({"SECRET_KEY": "k"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h:5432/x"


def test_session_cookies_are_httponly_and_samesite(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_migrations_have_one_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from ideabox import PROJECT_ROOT

    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_migrated_schema_matches_the_models(app):
    """An autogenerate diff between the migrated database and the models comes out empty."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection, warnings.catch_warnings():
        # SQLite cannot hold the PostgreSQL-only search index (an expression), and says so
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index 'ix_ideas_search'")
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
    assert "alembic_version" in inspect(db.engine).get_table_names()


def test_signing_in_after_a_first_request_takes_effect(client, customer):
    from tests.conftest import login

    assert client.get("/auth/account").status_code == 302
    login(client, customer)
    assert client.get("/auth/account").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_top_bar_shows_staff_areas_only_to_staff(client, as_role, role):
    as_role(role)
    page = client.get("/roadmap").get_data(as_text=True)
    topbar = page[page.index('class="mainnav"'):page.index("</nav>")]
    staff = role in ("pm", "admin")
    assert ">Roadmap<" in topbar and ">Changelog<" in topbar
    assert (">Triage<" in topbar) is staff
    assert (">Admin<" in topbar) is staff
