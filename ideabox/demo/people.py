"""The demo's people: customer companies, the documented demo accounts, staff and customers."""
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import select

from ideabox.auth.passwords import hash_password
from ideabox.demo.content import (
    ACCOUNTS,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    FIRST_NAMES,
    FREEMAIL_DOMAINS,
    LAST_NAMES,
    STAFF,
)
from ideabox.extensions import db
from ideabox.models import CustomerAccount, Role, User

TIMEZONES = ["UTC", "Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles",
             "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney", "America/Sao_Paulo", "Africa/Lagos"]
# Share of generated customers who work for one of the named customer companies.
ACCOUNT_MEMBER_SHARE = 0.4


@dataclass
class Cast:
    """Everyone the generator can make act, with how active each customer is."""

    accounts: list[CustomerAccount]
    demo: dict[str, User]  # role → demo account
    staff: list[User]
    pms: list[User]
    customers: list[User]
    activity: dict[int, float] = field(default_factory=dict)  # user id → relative activity
    reused: set[str] = field(default_factory=set)  # emails of accounts that existed before the demo


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@cache
def demo_password_hash() -> str:
    """One Argon2 hash of the documented password, shared by every demo account (hashing is slow)."""
    return hash_password(DEMO_PASSWORD)


def create_people(rng: random.Random, customer_count: int, start: datetime) -> Cast:
    """Create customer companies and every user, sharing one password hash for speed.

    Accounts that already exist (same email or company name) are reused untouched.
    """
    password_hash = demo_password_hash()
    known_accounts = {a.name: a for a in db.session.scalars(select(CustomerAccount))}
    known_users = {email: user for email, user in db.session.execute(select(User.email, User))}
    accounts = [known_accounts.get(name) or CustomerAccount(name=name, segment=segment, annual_revenue=revenue,
                                                            created_at=start)
                for name, segment, revenue, _domain in ACCOUNTS]
    by_name = {account.name: account for account in accounts}
    domains = {name: domain for name, _s, _r, domain in ACCOUNTS}

    def person(email, **fields):
        if email in known_users:
            return known_users[email]
        created = start - timedelta(days=rng.uniform(5, 200))
        return User(email=email, password_hash=password_hash, created_at=created, email_confirmed_at=created, **fields)

    demo = {role: person(email, display_name=name, role=Role(role), customer_account=by_name.get(account))
            for email, name, role, account in DEMO_ACCOUNTS}
    staff = [person(email, display_name=name, role=Role(role)) for email, name, role in STAFF]
    customers, taken = [], set(known_users)
    while len(customers) < customer_count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        account = rng.choice(accounts) if rng.random() < ACCOUNT_MEMBER_SHARE else None
        domain = domains[account.name] if account else rng.choice(FREEMAIL_DOMAINS)
        email = f"{_ascii(first)}.{_ascii(last)}@{domain}"
        if email in taken:
            continue
        taken.add(email)
        customers.append(person(
            email, display_name=f"{first} {last}" if rng.random() < 0.8 else f"{first} {last[0]}.",
            role=Role.CUSTOMER, customer_account=account, timezone=rng.choice(TIMEZONES),
            email_notifications=rng.random() < 0.85,
        ))
    everyone = [*demo.values(), *staff]
    db.session.add_all([*accounts, *everyone, *customers])
    db.session.flush()
    cast = Cast(
        accounts=accounts, demo=demo,
        staff=[user for user in everyone if user.role != Role.CUSTOMER],
        pms=[user for user in everyone if user.role in (Role.PM, Role.ADMIN)],
        customers=[user for user in everyone if user.role == Role.CUSTOMER] + customers,
    )
    cast.reused = {email for email in known_users if email in {user.email for user in everyone}}
    # A few power users do much of the voting, like on every real board.
    cast.activity = {user.id: rng.lognormvariate(0, 0.9) for user in cast.customers}
    if demo["customer"].id in cast.activity:
        cast.activity[demo["customer"].id] = 3.0  # so the demo customer's own pages are lively
    return cast
