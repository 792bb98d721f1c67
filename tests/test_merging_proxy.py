"""Votes on behalf of customer accounts: counted once per account, removable, validated."""
import pytest
from sqlalchemy import func, select

from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.merging.proxy import find_or_create_account, record_proxy_vote, remove_proxy_vote
from ideabox.merging.services import merge_ideas
from ideabox.models import AuditEvent, CustomerAccount, ProxyVote, utcnow
from tests.factories import make_customer_account, make_idea, make_user
from tests.factories_merging import make_vote


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def test_proxy_vote_counts_as_one_backer_beside_self_cast_votes(board, customer, pm):
    idea = make_idea(board, customer)
    make_vote(idea, customer)
    acme = make_customer_account("Acme Corp", segment="Enterprise")
    vote = record_proxy_vote(idea, acme, pm, note="Heard on the QBR call")
    db.session.commit()
    assert (idea.vote_count, idea.backer_count) == (1, 2)
    assert (vote.recorded_by_id, vote.note) == (pm.id, "Heard on the QBR call")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "proxy_vote"))
    assert event.details["account_name"] == "Acme Corp"


def test_one_account_on_several_merged_ideas_counts_once(board, customer, pm):
    a, b = make_idea(board, customer), make_idea(board, customer)
    acme = make_customer_account()
    record_proxy_vote(a, acme, pm)
    record_proxy_vote(b, acme, pm)
    merge_ideas(a, [b], pm)
    db.session.commit()
    assert a.backer_count == 1


def test_recording_the_same_account_twice_is_refused(board, customer, pm):
    idea = make_idea(board, customer)
    acme = make_customer_account()
    record_proxy_vote(idea, acme, pm)
    with pytest.raises(DomainError, match="already recorded"):
        record_proxy_vote(idea, acme, pm)
    assert db.session.scalar(select(func.count(ProxyVote.id))) == 1


def test_removing_demand_recounts(board, customer, pm):
    idea = make_idea(board, customer)
    vote = record_proxy_vote(idea, make_customer_account(), pm)
    remove_proxy_vote(vote, pm)
    db.session.commit()
    assert idea.backer_count == 0
    assert db.session.scalar(select(func.count(ProxyVote.id))) == 0
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == "remove_proxy_vote"


def test_bad_input_is_refused(board, customer, pm):
    idea = make_idea(board, customer)
    acme = make_customer_account()
    with pytest.raises(DomainError, match="at most"):
        record_proxy_vote(idea, acme, pm, note="x" * 1001)
    idea.withdrawn_at = utcnow()
    with pytest.raises(DomainError, match="withdrawn"):
        record_proxy_vote(idea, acme, pm)
    assert db.session.scalar(select(func.count(ProxyVote.id))) == 0


@pytest.mark.parametrize("role", ["customer", "executive"])
def test_only_staff_record_or_remove_demand(board, customer, pm, role):
    idea = make_idea(board, customer)
    acme = make_customer_account()
    actor = make_user(role=role)
    with pytest.raises(PermissionDenied):
        record_proxy_vote(idea, acme, actor)
    with pytest.raises(PermissionDenied):
        find_or_create_account("Globex", actor)
    vote = record_proxy_vote(idea, acme, pm)
    with pytest.raises(PermissionDenied):
        remove_proxy_vote(vote, actor)


def test_accounts_are_found_by_name_in_any_case_or_created(pm):
    acme = make_customer_account("Acme Corp")
    assert find_or_create_account("  acme   CORP ", pm) == acme
    globex = find_or_create_account("Globex", pm, segment="Enterprise", annual_revenue=250_000)
    assert (globex.name, globex.segment, globex.annual_revenue) == ("Globex", "Enterprise", 250_000)
    assert db.session.scalar(select(func.count(CustomerAccount.id))) == 2


@pytest.mark.parametrize("name, segment, revenue, message", [
    ("", None, None, "company name"),
    ("   ", None, None, "company name"),
    ("x" * 121, None, None, "at most 120"),
    ("Initech", "s" * 61, None, "at most 60"),
    ("Initech", None, -5, "negative"),
])
def test_account_bad_input(pm, name, segment, revenue, message):
    with pytest.raises(DomainError, match=message):
        find_or_create_account(name, pm, segment=segment, annual_revenue=revenue)
    assert db.session.scalar(select(func.count(CustomerAccount.id))) == 0
