"""Configuration defaults and the loader that layers instance file, environment and overrides."""
import os
import secrets
from pathlib import Path


class DefaultConfig:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    IDEAS_PER_PAGE = 20
    RATELIMIT_STORAGE_URI = "memory://"
    # Flask-Limiter's headers would put Retry-After on every answer, not only on a 429; the API sends its own
    # (api.limits.rate_limit_headers)
    RATELIMIT_HEADERS_ENABLED = False
    REDIS_URL = None
    SMTP_HOST = None
    SMTP_PORT = 25
    SMTP_USERNAME = None
    SMTP_PASSWORD = None
    SMTP_STARTTLS = False
    MAIL_FROM = "IdeaBox <no-reply@ideabox.local>"
    BASE_URL = "http://127.0.0.1:5000"
    CLUSTERING_BACKEND = "hybrid"
    SIMILAR_IDEAS_LIMIT = 5
    # A suggestion needs both a raw score and a closeness: how far that score lies from the draft's
    # background (what its 20th most similar idea scores) to identity. Closeness keeps boards of long
    # reports, where unrelated ideas share many words, from flooding the box; the raw floor keeps a
    # small board of unrelated ideas (a low background) from suggesting weak matches.
    SIMILAR_IDEAS_MIN_SCORE = 0.35
    SIMILAR_IDEAS_MIN_CLOSENESS = 0.2
    # only ask "is this the same as …?" about a close match
    SAME_AS_MIN_SCORE = 0.45
    SAME_AS_MIN_CLOSENESS = 0.3
    SIMILARITY_SYNC_SECONDS = 1.0  # how often a worker's index catches up with other workers' writes
    SIMILARITY_BACKGROUND_FROM = 5000  # ideas from which a worker builds its index in the background
    # Webhooks go to public addresses only, unless an intranet install lets them reach its own network.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    WEBHOOK_TIMEOUT_SECONDS = 10  # an endpoint slower than this to answer counts as a failed attempt
    # Single sign-on providers likewise: an intranet's own identity provider needs this on.
    SSO_ALLOW_PRIVATE_NETWORKS = False
    SSO_TIMEOUT_SECONDS = 10  # each call to an identity provider (discovery, keys, token)
    # How many proxies (load balancer, nginx) stand in front and append to X-Forwarded-For/-Proto. Left at 0,
    # the headers are ignored, as anyone can send them; behind a balancer every visitor would then share its
    # address, and with it every rate limit.
    TRUSTED_PROXIES = 0
    # Request bodies. The largest form or API call is an idea of 10,000 characters; the pages that take a file
    # (images, the logo, CSV imports) accept that file's own cap instead (ideabox.routing.accepts_files_up_to).
    # Past a limit the answer is 413.
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 500_000  # a form's text, or each text field of one with files (Flask's default)
    MAX_FORM_PARTS = 1_000  # fields and files of one form (Flask's default)


# Environment variables read by the factory, and the config key each one sets.
ENVIRONMENT_KEYS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "REDIS_URL": "REDIS_URL",
    "SMTP_HOST": "SMTP_HOST",
    "SMTP_PORT": "SMTP_PORT",
    "SMTP_USERNAME": "SMTP_USERNAME",
    "SMTP_PASSWORD": "SMTP_PASSWORD",
    "MAIL_FROM": "MAIL_FROM",
    "BASE_URL": "BASE_URL",
    "CLUSTERING_BACKEND": "CLUSTERING_BACKEND",
    "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "WEBHOOK_ALLOW_PRIVATE_NETWORKS",
    "SSO_ALLOW_PRIVATE_NETWORKS": "SSO_ALLOW_PRIVATE_NETWORKS",
    "TRUSTED_PROXIES": "TRUSTED_PROXIES",
}
BOOLEAN_KEYS = ("WEBHOOK_ALLOW_PRIVATE_NETWORKS", "SSO_ALLOW_PRIVATE_NETWORKS")
TRUE_WORDS = {"1", "true", "yes", "on"}


def load_config(app, overrides=None):
    """Layer defaults, instance/config.py, environment variables and test overrides."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    for env_name, key in ENVIRONMENT_KEYS.items():
        if os.environ.get(env_name):
            app.config[key] = os.environ[env_name]
    app.config.update(overrides or {})
    app.config["SMTP_PORT"] = int(app.config["SMTP_PORT"])
    app.config["TRUSTED_PROXIES"] = int(app.config["TRUSTED_PROXIES"])
    for key in BOOLEAN_KEYS:
        if isinstance(app.config[key], str):
            app.config[key] = app.config[key].lower() in TRUE_WORDS
    if app.config.get("REDIS_URL") and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    instance = Path(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        instance.mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'ideabox.sqlite3'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance)


def normalise_database_url(url):
    """Use psycopg 3 for plain postgres:// and postgresql:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance: Path) -> str:
    """Return the instance's generated secret key, creating it (mode 600) on first use."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.touch(mode=0o600)
    path.write_text(key)
    return key
