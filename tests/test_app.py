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

    from ideabox.ideas.search import is_search_index_table

    with db.engine.connect() as connection, warnings.catch_warnings():
        # SQLite cannot hold the PostgreSQL-only search index (an expression), and says so
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index 'ix_ideas_search'")
        # nor SQLite's search index (FTS5 tables and their shadows, migration 0038), which no model declares
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": (
            lambda name, type_, _parents: type_ != "table" or not is_search_index_table(name))})
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


def test_migration_0007_names_old_audit_subjects_by_their_table(tmp_path):
    """Events the merging services logged before 0007 named their subject by class; they link again after it."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "SECRET_KEY": "k"})
    rows = [("merge", "idea"), ("split_theme", "theme"), ("create_account", "customeraccount"),
            ("dismiss_suggestion", "mergesuggestion"), ("customer_account.saved", "customer_accounts"),
            ("user.role_changed", "users")]
    read = "SELECT action, subject_type FROM audit_events ORDER BY id"
    with app.app_context():
        upgrade(revision="0006")
        with db.engine.begin() as connection:
            for action, subject in rows:
                connection.execute(text("INSERT INTO audit_events (action, subject_type, subject_id, details, created_at)"
                                        " VALUES (:a, :s, 1, '{}', '2026-12-01 00:00:00')"), {"a": action, "s": subject})
        upgrade(revision="0007")
        with db.engine.connect() as connection:
            assert [tuple(r) for r in connection.execute(text(read))] == [
                ("merge", "ideas"), ("split_theme", "themes"), ("create_account", "customer_accounts"),
                ("dismiss_suggestion", "merge_suggestions"), ("customer_account.saved", "customer_accounts"),
                ("user.role_changed", "users")]
        downgrade(revision="0006")
        with db.engine.connect() as connection:
            assert [tuple(r) for r in connection.execute(text(read))] == rows


def insert_user_at_0009(connection) -> None:
    """One account (id 1, created 2025-01-02 03:04:05) in a database migrated up to 0009."""
    from sqlalchemy import text

    connection.execute(text(
        "INSERT INTO users (id, email, display_name, role, timezone, email_notifications, new_idea_notifications,"
        " new_idea_digest, unsubscribe_token, reputation, is_suspended, created_at)"
        " VALUES (1, 'old@example.com', 'Old', 'customer', 'UTC', 1, 1, 0, 't', 0, 0, '2025-01-02 03:04:05')"))


def test_migration_0010_counts_existing_accounts_as_confirmed(tmp_path):
    """Accounts made before emails needed confirming keep their emails: confirmed when they were created."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "SECRET_KEY": "k"})
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            insert_user_at_0009(connection)
        upgrade(revision="0010")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT email_confirmed_at FROM users")).scalar() == "2025-01-02 03:04:05"
        downgrade(revision="0009")
        with db.engine.connect() as connection:
            columns = [row[1] for row in connection.execute(text("PRAGMA table_info(users)"))]
            assert "email_confirmed_at" not in columns and "email" in columns
