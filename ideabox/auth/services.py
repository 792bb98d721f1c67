"""Account rules: registering, signing in, settings, and who holds which role."""
from functools import lru_cache
from zoneinfo import available_timezones

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ideabox.admin.audit import record_event
from ideabox.auth.passwords import hash_password, needs_rehash, verify_password
from ideabox.errors import DomainError, FieldError
from ideabox.extensions import db
from ideabox.i18n import set_language, supported_locale
from ideabox.models import Role, User, utcnow
from ideabox.permissions import can_see_insights
from ideabox.text import says_nothing

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256
DISPLAY_NAME_MAX_LENGTH = 80
EMAIL_MAX_LENGTH = 254



@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against when the email is unknown, so a wrong email costs as much time as a wrong password.
    return hash_password("not-a-real-password")


def normalise_email(email: str | None) -> str:
    """Return the email trimmed and lower-cased, or raise DomainError if it is not an address."""
    email = (email or "").strip().lower()
    if not email or len(email) > EMAIL_MAX_LENGTH:
        raise FieldError("email", _("Enter a valid email address."))
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise FieldError("email", _("Enter a valid email address.")) from None
    return email


def find_user_by_email(email: str | None) -> User | None:
    """The user with this email (case-insensitive), if any."""
    email = (email or "").strip().lower()  # emails are stored lower-cased, so the unique index serves this
    return db.session.scalar(select(User).where(User.email == email)) if email else None


def check_password_rules(password: str | None) -> str:
    """Return the password if it is long enough (and not absurdly long), else raise DomainError."""
    password = password or ""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise FieldError("password", _("Use at least %(count)d characters for your password.", count=PASSWORD_MIN_LENGTH))
    if len(password) > PASSWORD_MAX_LENGTH:
        raise FieldError("password", _("Use at most %(count)d characters for your password.", count=PASSWORD_MAX_LENGTH))
    return password


def clean_display_name(display_name: str | None) -> str:
    """Return the trimmed display name, or raise DomainError if it is empty or too long."""
    display_name = " ".join((display_name or "").split())
    if says_nothing(display_name):
        raise FieldError("display_name", _("Enter the name other people will see."))
    if len(display_name) > DISPLAY_NAME_MAX_LENGTH:
        raise FieldError("display_name", _("Use at most %(count)d characters for your name.", count=DISPLAY_NAME_MAX_LENGTH))
    return display_name


def is_known_timezone(name: str | None) -> bool:
    """True for an IANA time-zone name this server knows."""
    return bool(name) and name in available_timezones()


def _duplicate_email() -> "FieldError":
    return FieldError("email", _("An account with this email already exists. Sign in instead, or use another email."))


def register_user(email, display_name, password, *, timezone=None, role=Role.CUSTOMER, locale=None) -> User:
    """Create an account; the email must not be taken yet. `locale`: the language it signed up in (None: follow
    the browser)."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise _duplicate_email()
    user = User(
        email=email,
        display_name=clean_display_name(display_name),
        password_hash=hash_password(check_password_rules(password)),
        role=Role(role),
        timezone=timezone if is_known_timezone(timezone) else "UTC",
        locale=supported_locale(locale),
    )
    db.session.add(user)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # someone registered the same email a moment ago
        raise _duplicate_email() from None
    return user


def authenticate(email, password) -> User:
    """Return the user these credentials belong to, or raise DomainError with a message that reveals nothing."""
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        verify_password(_dummy_hash(), password or "")
        raise DomainError(_("That email and password don't match an account."))
    if not verify_password(user.password_hash, password or ""):
        raise DomainError(_("That email and password don't match an account."))
    if user.is_suspended:
        raise DomainError(_("This account is suspended. Contact an administrator if you think this is a mistake."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_seen_at = utcnow()
    db.session.flush()
    return user


def update_account(user, display_name, timezone, email_notifications, new_idea_notifications=None,
                   new_idea_digest=None, changelog_emails=None, insights_email=None, locale=None) -> User:
    """Save a person's own settings: name, time zone, language ("" follows the browser), email notifications
    and, for the product team (None leaves them as they are), whether to hear of every new idea, by a daily
    digest, and whether to take the weekly insights email."""
    if not is_known_timezone(timezone):
        raise FieldError("timezone", _("Choose a time zone from the list."))
    if locale is not None:
        set_language(user, locale)
    user.display_name = clean_display_name(display_name)
    user.timezone = timezone
    user.email_notifications = bool(email_notifications)
    if changelog_emails is not None:
        user.changelog_emails = bool(changelog_emails)
    if new_idea_notifications is not None and user.is_staff:
        user.new_idea_notifications = bool(new_idea_notifications)
    if new_idea_digest is not None and user.is_staff:
        if new_idea_digest and not user.new_idea_digest:
            user.new_idea_digest_sent_at = utcnow()  # the first digest covers what comes from now on
        user.new_idea_digest = bool(new_idea_digest)
    if insights_email is not None and can_see_insights(user):
        user.insights_email = bool(insights_email)
    db.session.flush()
    return user


def change_password(user, current_password, new_password) -> User:
    """Replace the user's password after checking the current one; every session of theirs ends (the
    caller signs the one that asked in again)."""
    if not verify_password(user.password_hash, current_password or ""):
        raise FieldError("current_password", _("Your current password is not right."))
    user.password_hash = hash_password(check_password_rules(new_password))
    return end_sessions(user)


def end_sessions(user) -> User:
    """Sign the person out on every device and browser: their sessions and remember-me cookies name the
    old session version (User.get_id), which no longer loads them."""
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()
    return user


def admin_count() -> int:
    """How many active administrators there are."""
    query = select(func.count(User.id)).where(User.role == Role.ADMIN, User.is_suspended.is_(False))
    return db.session.scalar(query)


def parse_role(role) -> Role:
    """The Role named `role`, else DomainError naming the roles there are."""
    try:
        return Role(role)
    except ValueError:
        raise DomainError(_("Unknown role. Choose one of: %(roles)s.", roles=", ".join(r.value for r in Role))) from None


def set_role(user, role, actor=None) -> User:
    """Give `user` the `role`, keeping at least one active admin, and record it in the audit log."""
    role = parse_role(role)
    previous = user.role
    if previous == role:
        return user
    if previous == Role.ADMIN and not user.is_suspended and admin_count() <= 1:
        raise DomainError(_("%(name)s is the last administrator; make someone else an admin first.", name=user.display_name))
    user.role = role
    record_event(actor, "user.role_changed", user, email=user.email, before=str(previous), after=str(role))
    db.session.flush()
    return user


def create_admin(email, display_name, password=None) -> tuple[User, bool]:
    """Create an administrator, or promote the existing account with this email; return (user, created)."""
    user = find_user_by_email(email)
    if user is not None:
        set_role(user, Role.ADMIN)
        if user.is_suspended:
            user.is_suspended = False
            record_event(None, "user.unsuspended", user, email=user.email)
        db.session.flush()
        return user, False
    user = register_user(email, display_name, password, role=Role.ADMIN)
    user.email_confirmed_at = utcnow()  # whoever runs the command on the server vouches for the address
    record_event(None, "user.role_changed", user, email=user.email, before=None, after=str(Role.ADMIN))
    db.session.flush()
    return user, True
