"""Pre-account hijacking through single sign-on (Sudhodanan & Paverd 2022): an account someone made under an address
they do not hold, claimed later by the address's owner through a provider that verified it, becomes the owner's
alone; the squatter's password, sign-ins, API tokens and sessions stop working."""
import pytest
from sqlalchemy import select

from ideabox.api import tokens
from ideabox.extensions import db
from ideabox.models import AuditEvent, ExternalIdentity, User
from tests.conftest import login
from tests.factories import PASSWORD
from tests.factories_sso import issuer, provider, sign_in_through  # noqa: F401 (fixtures)

VICTIM = "victim@corp.example.com"


def text(response) -> str:
    return response.get_data(as_text=True)


def is_signed_in(client) -> bool:
    """Whether the session the browser holds still counts (a stale one is sent to the sign-in page)."""
    return client.get("/auth/account").status_code == 200


def linked_subjects(user: User) -> list[str]:
    return list(db.session.scalars(select(ExternalIdentity.subject).where(ExternalIdentity.user_id == user.id)))


def takeover_event() -> AuditEvent | None:
    return db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.sso_takeover"))


def test_an_account_made_by_an_unverified_sign_in_goes_to_who_verifies_the_address(client, provider):
    sign_in_through(client, provider, "attacker", {"email": VICTIM, "email_verified": False, "name": "Mallory"})
    planted = db.session.scalar(select(User).where(User.email == VICTIM))
    assert planted.email_confirmed_at is None and is_signed_in(client)
    planted.locale, planted.timezone = "de", "Asia/Tokyo"  # chosen by the attacker in Account settings
    db.session.commit()

    owner = client.application.test_client()
    response = sign_in_through(owner, provider, "victim", {"email": VICTIM, "email_verified": True,
                                                           "name": "Victoria Owner"})
    page = text(owner.get(response.headers["Location"]))
    assert "Welcome, Victoria Owner. An account with victim@corp.example.com was waiting here" in page
    assert "its address had never been confirmed. Acme SSO confirmed it, so the account is yours" in page
    assert "“Forgot password?”" in page and is_signed_in(owner)
    db.session.expire_all()
    assert planted.email_confirmed_at is not None and linked_subjects(planted) == ["victim"]
    event = takeover_event()
    assert event.actor_id == planted.id and event.details["unlinked"] == [{"provider": "Acme SSO",
                                                                           "subject": "attacker"}]
    assert (planted.display_name, planted.locale, planted.timezone) == ("Victoria Owner", None, "UTC")
    assert event.details["previous_name"] == "Mallory"

    assert not is_signed_in(client)  # the attacker's session ended
    sign_in_through(client, provider, "attacker")  # and their sign-in no longer leads in
    assert not is_signed_in(client)
    assert "does not say the address is verified" in text(client.get("/auth/login"))
    assert linked_subjects(planted) == ["victim"] and is_signed_in(owner)


def test_a_password_registered_under_someone_elses_address_stops_working(client, provider):
    squatted = "victim2@corp.example.com"
    client.post_form("/auth/register", {"email": squatted, "display_name": "Squatter", "password": PASSWORD,
                                        "confirm": PASSWORD})
    planted = db.session.scalar(select(User).where(User.email == squatted))
    assert planted.email_confirmed_at is None and planted.password_hash and is_signed_in(client)
    _, planted_token = tokens.make_token(planted, "planted")
    db.session.commit()

    owner = client.application.test_client()
    sign_in_through(owner, provider, "victim2", {"email": squatted, "email_verified": True})
    assert "the account is yours" in text(owner.get("/")) and is_signed_in(owner)
    db.session.expire_all()
    assert planted.password_hash is None and planted.email_confirmed_at is not None
    assert tokens.user_for(planted_token) is None
    assert takeover_event().details["password_removed"] is True

    assert not is_signed_in(client)
    refused = client.post_form("/auth/login", {"email": squatted, "password": PASSWORD})
    assert "That email and password don" in text(refused) and not is_signed_in(client)


def test_a_sign_in_linked_before_the_address_was_confirmed_takes_over_once_verified(client, provider):
    """A link made before this rule existed (a verified sign-in that left the account unconfirmed) takes it over
    the next time the provider vouches for the address."""
    sign_in_through(client, provider, "owner", {"email": VICTIM, "email_verified": False})
    owner_account = db.session.scalar(select(User).where(User.email == VICTIM))
    squatter = client.application.test_client()
    login(squatter, owner_account)  # someone else who got in while the address was unconfirmed
    sign_in_through(squatter, provider, "planted", {"email": "planted@evil.example"})
    assert sorted(linked_subjects(owner_account)) == ["owner", "planted"]

    client.post_form("/auth/logout")
    sign_in_through(client, provider, "owner", {"email": VICTIM, "email_verified": True})
    db.session.expire_all()
    assert linked_subjects(owner_account) == ["owner"] and owner_account.email_confirmed_at is not None
    assert is_signed_in(client) and not is_signed_in(squatter)


def test_a_confirmed_account_links_without_taking_anything_away(client, provider, customer):
    other = client.application.test_client()
    login(other, customer)
    sign_in_through(other, provider, "casey-work", {"email": "c@work.example"})

    sign_in_through(client, provider, "casey", {"email": customer.email, "email_verified": True})
    assert "Welcome back, Casey Customer." in text(client.get("/"))
    db.session.expire_all()
    assert is_signed_in(client) and is_signed_in(other) and customer.password_hash
    assert sorted(linked_subjects(customer)) == ["casey", "casey-work"] and takeover_event() is None
