"""Personal API tokens: made and revoked by their owner, looked up by hash on every API request."""
import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ideabox.admin.services import clean_text
from ideabox.errors import DomainError, NotFound
from ideabox.extensions import db
from ideabox.models import ApiToken, User, utcnow

TOKEN_START = "ibx_"
TOKENS_PER_PERSON = 20
USE_RECORDED_EVERY = timedelta(minutes=5)  # last_used_at is a hint, not worth a write per request


def token_hash(token: str) -> str:
    # The token holds 32 random bytes, so one round of SHA-256 is enough to keep a database leak from exposing it.
    return hashlib.sha256(token.encode()).hexdigest()


def make_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its text, which is never stored and shown only this once."""
    name = clean_text("name", name, 80)
    if len(tokens_of(user)) >= TOKENS_PER_PERSON:
        raise DomainError(_("You have %(max)d tokens already; revoke one you no longer use first.",
                            max=TOKENS_PER_PERSON))
    text = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=token_hash(text), prefix=text[:len(TOKEN_START) + 6])
    db.session.add(token)
    db.session.flush()
    return token, text


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Delete one of the user's own tokens: requests carrying it are refused from now on."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("That token does not exist."))
    db.session.delete(token)
    db.session.flush()
    return token


def user_for(text: str) -> User | None:
    """The active person a token belongs to, or None (unknown, revoked, or its owner suspended or erased)."""
    if not text.startswith(TOKEN_START):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(text)))
    if token is None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
        token.last_used_at = now
        db.session.commit()
    return token.user
