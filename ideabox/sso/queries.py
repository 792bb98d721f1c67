"""Reading providers and linked sign-ins."""
from sqlalchemy import Select, func, select

from ideabox.extensions import db
from ideabox.models import ExternalIdentity, SsoProvider


def providers_by_name() -> Select:
    """Every provider, by name."""
    return select(SsoProvider).order_by(SsoProvider.name, SsoProvider.id)


def enabled_providers() -> list[SsoProvider]:
    """The providers whose buttons the sign-in pages show."""
    return list(db.session.scalars(providers_by_name().where(SsoProvider.is_enabled.is_(True))))


def enabled_count(excluding: SsoProvider | None = None) -> int:
    """How many providers are on, leaving `excluding` out."""
    query = select(func.count(SsoProvider.id)).where(SsoProvider.is_enabled.is_(True))
    if excluding is not None and excluding.id is not None:
        query = query.where(SsoProvider.id != excluding.id)
    return db.session.scalar(query)


def identities_of(user) -> list[ExternalIdentity]:
    """The sign-ins linked to `user`, oldest first."""
    query = select(ExternalIdentity).where(ExternalIdentity.user_id == user.id).order_by(ExternalIdentity.id)
    return list(db.session.scalars(query))


def identity_for(provider: SsoProvider, subject: str) -> ExternalIdentity | None:
    """The linked sign-in of this provider's `subject`, if any."""
    query = select(ExternalIdentity).where(ExternalIdentity.provider_id == provider.id,
                                           ExternalIdentity.subject == subject)
    return db.session.scalar(query)


def identity_counts(provider_ids: list[int]) -> dict[int, int]:
    """How many accounts are linked through each provider."""
    query = (select(ExternalIdentity.provider_id, func.count(ExternalIdentity.id))
             .where(ExternalIdentity.provider_id.in_(provider_ids)).group_by(ExternalIdentity.provider_id))
    return dict(db.session.execute(query).all())
