"""Single sign-on: the OpenID Connect providers an admin adds, and the sign-ins linked to each account."""
from datetime import datetime

from sqlalchemy import ForeignKey, JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.types import UTCDateTime, utcnow
from ideabox.models.user import User

DEFAULT_SCOPES = "openid email profile"


class SsoProvider(db.Model):
    """An OpenID Connect identity provider: its issuer (discovery at /.well-known/openid-configuration), the
    client IdeaBox is there, and the rules for who may come in through it."""

    __tablename__ = "sso_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))  # the button says "Sign in with <name>"
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    client_secret: Mapped[str] = mapped_column(Text)  # never shown again once saved, never audited
    scopes: Mapped[str] = mapped_column(String(255), default=DEFAULT_SCOPES)
    # lower-cased email domains allowed in ("acme.com"); empty lets any address in
    allowed_domains: Mapped[list] = mapped_column(JSON, default=list)
    # whether a first sign-in with an unknown email creates an account, or only existing accounts may use it
    creates_accounts: Mapped[bool] = mapped_column(default=True)
    # the claim whose values give roles ("groups"), and {role: [values]}; no claim leaves roles to the admins
    role_claim: Mapped[str] = mapped_column(String(100), default="")
    role_values: Mapped[dict] = mapped_column(JSON, default=dict)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ExternalIdentity(db.Model):
    """One person at one provider (its `sub` claim), linked to one account."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("provider_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("sso_providers.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))  # the provider's email when it was linked
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    provider: Mapped[SsoProvider] = relationship(lazy="joined")
    user: Mapped[User] = relationship()
