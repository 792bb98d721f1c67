"""Votes on behalf of customer accounts: demand a PM heard on a sales or support call."""
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ideabox.backers import recount_with_primary
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.admin.audit import record_event
from ideabox.merging.services import require_staff
from ideabox.models import CustomerAccount, Idea, ProxyVote

ACCOUNT_NAME_MAX = 120
SEGMENT_MAX = 60
NOTE_MAX = 1000


def find_or_create_account(name: str, actor, segment: str | None = None, annual_revenue=None) -> CustomerAccount:
    """Return the customer account called `name` (any case), creating it when it is new."""
    require_staff(actor)
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Enter the customer's company name."))
    if len(name) > ACCOUNT_NAME_MAX:
        raise DomainError(_("Company names are at most %(max)d characters.", max=ACCOUNT_NAME_MAX))
    account = db.session.scalar(select(CustomerAccount).where(func.lower(CustomerAccount.name) == name.lower()))
    if account is not None:
        return account
    segment = (segment or "").strip() or None
    if segment and len(segment) > SEGMENT_MAX:
        raise DomainError(_("Segments are at most %(max)d characters.", max=SEGMENT_MAX))
    if annual_revenue is not None and annual_revenue < 0:
        raise DomainError(_("Annual revenue can't be negative."))
    account = CustomerAccount(name=name, segment=segment, annual_revenue=annual_revenue)
    db.session.add(account)
    db.session.flush()
    record_event(actor, "create_account", account, name=name)
    return account


def record_proxy_vote(idea: Idea, account: CustomerAccount, actor, note: str = "") -> ProxyVote:
    """Record that `account` wants `idea`; it counts once among the idea's backers."""
    require_staff(actor)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("Notes are at most %(max)d characters.", max=NOTE_MAX))
    if idea.withdrawn_at is not None:
        raise DomainError(_("This idea was withdrawn; demand can't be recorded on it."))
    vote = ProxyVote(idea_id=idea.id, customer_account_id=account.id, recorded_by_id=actor.id, note=note)
    try:
        with db.session.begin_nested():  # the unique (idea, account) row also settles a double submit
            db.session.add(vote)
    except IntegrityError:
        raise DomainError(_("%(name)s's demand is already recorded on this idea.", name=account.name)) from None
    record_event(actor, "proxy_vote", idea, account_id=account.id, account_name=account.name, note=note)
    recount_with_primary(idea)
    return vote


def remove_proxy_vote(vote: ProxyVote, actor) -> None:
    """Delete demand recorded for a customer account and recount the idea's backers."""
    require_staff(actor)
    idea = db.session.get(Idea, vote.idea_id)
    account = vote.customer_account
    db.session.delete(vote)
    db.session.flush()
    record_event(actor, "remove_proxy_vote", idea, account_id=account.id, account_name=account.name)
    recount_with_primary(idea)
