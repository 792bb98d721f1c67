"""IdeaBox: customers suggest and vote; product teams triage duplicates into one roadmap."""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config_overrides=None):
    """Build the Flask app: config, extensions, blueprints, error handlers, CLI."""
    from flask import Flask  # imported here so `ideabox.clustering` stays free of Flask

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    from ideabox.config import load_config

    load_config(app, config_overrides)
    from ideabox.routing import register_url_converters

    register_url_converters(app)
    register_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_subscribers()
    register_web_helpers(app)
    register_cli(app)
    return app


def register_proxies(app):
    """Behind TRUSTED_PROXIES proxies, take the visitor's address and scheme from the headers they add."""
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app):
    from flask_babel import gettext

    from ideabox import models  # noqa: F401  (models must be loaded for migrations)
    import ideabox.sqlite  # noqa: F401  (SQLite enforces foreign keys, as PostgreSQL does)
    from ideabox.extensions import babel, csrf, db, limiter, login_manager, migrate
    from ideabox.i18n import N_, select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flashed through the session, which stores no lazy string: a plain msgid, translated as it is flashed.
    login_manager.login_message = N_("Sign in to continue — it takes a minute.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    import ideabox.auth.loader  # noqa: F401  (registers the user loader)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)


def register_blueprints(app):
    from ideabox.admin.views import bp as admin_bp
    from ideabox.auth.views import bp as auth_bp
    from ideabox.backing.views import bp as backing_bp
    from ideabox.comments.views import bp as comments_bp
    from ideabox.ideas.views import bp as ideas_bp
    from ideabox.insights.views import bp as insights_bp
    from ideabox.merging.views import bp as merging_bp
    from ideabox.notifications.views import bp as notifications_bp
    from ideabox.roadmap.views import bp as roadmap_bp
    from ideabox.similarity.views import bp as similarity_bp
    from ideabox.themes.views import bp as themes_bp
    from ideabox.triage.views import bp as triage_bp
    from ideabox.uploads.views import bp as uploads_bp

    app.register_blueprint(ideas_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(triage_bp, url_prefix="/triage")
    app.register_blueprint(roadmap_bp)
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(similarity_bp)
    app.register_blueprint(merging_bp, url_prefix="/merging")
    app.register_blueprint(themes_bp, url_prefix="/themes")
    app.register_blueprint(comments_bp, url_prefix="/comments")
    app.register_blueprint(backing_bp)
    app.register_blueprint(uploads_bp)
    app.register_blueprint(insights_bp, url_prefix="/insights")
    from ideabox.languages.views import bp as languages_bp
    from ideabox.moderation.views import bp as moderation_bp
    from ideabox.people.views import bp as people_bp

    app.register_blueprint(languages_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(moderation_bp)
    from ideabox.imports.views import bp as imports_bp

    app.register_blueprint(imports_bp, url_prefix="/admin/imports")
    from ideabox.sso.views import bp as sso_bp

    app.register_blueprint(sso_bp, url_prefix="/auth/sso")
    from ideabox.api.setup import init_api
    from ideabox.api.token_views import bp as api_tokens_bp

    app.register_blueprint(api_tokens_bp)
    init_api(app)


def register_subscribers():
    """Connect the areas that react to domain signals (moderation, notifications, reputation, roadmap, similarity index,
    webhooks)."""
    import ideabox.moderation.subscribers  # noqa: F401
    import ideabox.notifications.subscribers  # noqa: F401
    import ideabox.people.subscribers  # noqa: F401
    import ideabox.roadmap.subscribers  # noqa: F401
    import ideabox.similarity.subscribers  # noqa: F401
    import ideabox.triage.subscribers  # noqa: F401
    import ideabox.webhooks.subscribers  # noqa: F401


def register_web_helpers(app):
    from ideabox.errors import register_error_handlers
    from ideabox.security import register_input_guards, register_security_headers
    from ideabox.templating import register_template_helpers

    register_error_handlers(app)
    register_security_headers(app)
    register_input_guards(app)
    register_template_helpers(app)


def register_cli(app):
    from ideabox.cli import register_commands

    register_commands(app)
