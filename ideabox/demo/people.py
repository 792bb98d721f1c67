"""The demo's people: customer companies, the documented demo accounts, staff and customers."""
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

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


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def create_people(rng: random.Random, customer_count: int, start: datetime) -> Cast:
    """Create customer companies and every user, sharing one password hash for speed."""
    password_hash = hash_password(DEMO_PASSWORD)
    accounts = [CustomerAccount(name=name, segment=segment, annual_revenue=revenue, created_at=start)
                for name, segment, revenue, _domain in ACCOUNTS]
    by_name = {account.name: account for account in accounts}
    domains = {name: domain for name, _s, _r, domain in ACCOUNTS}

    def joined():
        return start - timedelta(days=rng.uniform(5, 200))

    demo = {role: User(email=email, display_name=name, role=Role(role), password_hash=password_hash,
                       customer_account=by_name.get(account), created_at=joined())
            for email, name, role, account in DEMO_ACCOUNTS}
    staff = [User(email=email, display_name=name, role=Role(role), password_hash=password_hash,
                  created_at=joined()) for email, name, role in STAFF]
    customers, taken = [], set()
    while len(customers) < customer_count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if (first, last) in taken:
            continue
        taken.add((first, last))
        account = rng.choice(accounts) if rng.random() < ACCOUNT_MEMBER_SHARE else None
        domain = domains[account.name] if account else rng.choice(FREEMAIL_DOMAINS)
        customers.append(User(
            email=f"{_ascii(first)}.{_ascii(last)}@{domain}",
            display_name=f"{first} {last}" if rng.random() < 0.8 else f"{first} {last[0]}.",
            role=Role.CUSTOMER, password_hash=password_hash, customer_account=account,
            timezone=rng.choice(TIMEZONES), email_notifications=rng.random() < 0.85, created_at=joined(),
        ))
    db.session.add_all([*accounts, *demo.values(), *staff, *customers])
    db.session.flush()
    everyone_staff = [demo["pm"], demo["executive"], demo["admin"], *staff]
    cast = Cast(
        accounts=accounts, demo=demo, staff=everyone_staff,
        pms=[user for user in everyone_staff if user.role in (Role.PM, Role.ADMIN)],
        customers=[demo["customer"], *customers],
    )
    # A few power users do much of the voting, like on every real board.
    cast.activity = {user.id: rng.lognormvariate(0, 0.9) for user in cast.customers}
    cast.activity[demo["customer"].id] = 6.0
    return cast
