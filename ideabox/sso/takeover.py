"""An account whose email was never confirmed, claimed by a sign-in that proves the address: its owner takes it over.

Anyone can make an account under an address they do not hold (a password, or a provider that does not verify
emails) and wait for its owner to arrive: "pre-account hijacking" (Sudhodanan & Paverd, USENIX Security 2022).
The person who proves the address keeps the account, and every way in that someone else may have planted goes."""
from sqlalchemy import delete

from ideabox.admin.audit import record_event
from ideabox.auth.services import end_sessions, is_known_timezone
from ideabox.extensions import db
from ideabox.models import ApiToken, ExternalIdentity, SsoProvider, User, utcnow
from ideabox.sso import queries


def proves_unconfirmed_address(user: User, email: str, verified: bool) -> bool:
    """Whether a sign-in whose provider vouches (`verified`) for `email` proves the address `user` never confirmed."""
    return verified and not user.email_confirmed and email == user.email


def take_over(user: User, provider: SsoProvider, kept: ExternalIdentity, name: str, timezone: str | None) -> None:
    """Give `user` to whoever signed in through `kept`: the password, the other linked sign-ins and the API tokens go,
    every session ends, and the email counts as confirmed. What the other person chose for how the account shows and
    reads goes too: it takes the name the provider gives (`name`), follows the browser's language and takes its time
    zone. Recorded in the audit log."""
    # No linked sign-in can have verified this address, or the account would be confirmed: whichever are there
    # were linked by an unverified email or from Account settings, by whoever held the account until now.
    unlinked = [identity for identity in queries.identities_of(user) if identity is not kept]
    for identity in unlinked:
        db.session.delete(identity)
    had_password = bool(user.password_hash)
    revoked = db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id)).rowcount
    user.password_hash = None
    user.email_confirmed_at = utcnow()
    previous_name, user.display_name = user.display_name, name
    user.locale, user.timezone = None, timezone if is_known_timezone(timezone) else "UTC"
    end_sessions(user)
    record_event(user, "user.sso_takeover", user, email=user.email, provider=provider.name, provider_subject=kept.subject,
                 password_removed=had_password, api_tokens_revoked=revoked, previous_name=previous_name,
                 unlinked=[{"provider": identity.provider.name, "subject": identity.subject} for identity in unlinked])
    db.session.flush()
