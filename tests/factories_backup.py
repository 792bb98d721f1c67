"""A site with a row in every table, an app on another database, and a table-by-table view to compare two."""
import io
import json

import sqlalchemy as sa
from PIL import Image

from ideabox import create_app
from ideabox.api.tokens import make_token
from ideabox.auth.invitations import invite
from ideabox.backup.archive import encode_value
from ideabox.backup.snapshot import data_tables
from ideabox.demo.services import seed_demo
from ideabox.extensions import db
from ideabox.imports.services import run_import, start_import
from ideabox.models import (DismissedPair, DuplicateAnswer, ExternalIdentity, Idea, IdeaEmbedding, Role, SiteSettings,
                            SsoProvider, User, Webhook)
from ideabox.moderation.services import report
from ideabox.triage.services import start_recompute
from ideabox.uploads.services import store_image
from ideabox.webhooks.services import new_secret, send_test
from tests.conftest import CsrfClient, _test_config
from tests.factories_triage import make_suggestion


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 60)).save(out, "PNG")
    return out.getvalue()


def fill_every_table() -> None:
    """The demo community, plus a row in each table the demo leaves empty."""
    seed_demo(idea_count=30)
    db.session.flush()
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN).limit(1))
    customer = db.session.scalar(sa.select(User).where(User.role == Role.CUSTOMER).order_by(User.id).limit(1))
    ideas = list(db.session.scalars(sa.select(Idea).where(Idea.merged_into_id.is_(None)).order_by(Idea.id)))
    logo = store_image(io.BytesIO(png_bytes()), admin)
    db.session.add(SiteSettings(id=1, name="Acme feedback", logo_id=logo.id, accent_color="#0f766e"))
    make_token(customer, "CRM sync")
    invite(admin, "new.pm@example.com", Role.PM)
    webhook = Webhook(name="CRM", url="https://93.184.216.34/hook", events=["idea.created"], secret=new_secret())
    db.session.add(webhook)
    db.session.add(Webhook(name="Slack #mobile", url="https://93.184.216.34/slack", kind="slack",
                           events=["idea.created"], secret=new_secret(), all_boards=False, boards=[ideas[0].board]))
    sso = SsoProvider(name="Okta", issuer="https://acme.okta.com", client_id="ideabox", client_secret="s3cr3t",
                      allowed_domains=["acme.com"], role_claim="groups", role_values={"pm": ["ideabox-pm"]})
    db.session.add(sso)
    db.session.flush()
    db.session.add(ExternalIdentity(provider_id=sso.id, subject="00u1", user_id=customer.id, email=customer.email))
    send_test(admin, webhook)
    report(customer, "spam", "Looks like an advert", next(i for i in ideas if i.author_id != customer.id))
    run = start_recompute(None, "tfidf")
    run.heartbeat_at = run.created_at  # each column holds a value, so a round trip checks it
    db.session.add_all([
        DismissedPair(low_idea_id=ideas[2].id, high_idea_id=ideas[3].id, dismissed_by_id=admin.id),
        DuplicateAnswer(idea_id=ideas[4].id, candidate_id=ideas[5].id, is_same=False, answered_by_id=customer.id),
        IdeaEmbedding(idea_id=ideas[6].id, model="test", dimensions=2, vector=b"\x00\x01\xfe\xff" * 2),
    ])
    ideas[7].merged_into_id = ideas[-1].id  # a row pointing at a later row of its own table
    db.session.commit()
    make_suggestion(ideas[8:11])
    staged = start_import(admin, "canny.csv", "Title,Details\nDark mode,Please\n".encode(), board=ideas[0].board)
    run_import(staged, admin)  # ideas pointing at their import
    db.session.commit()


def table_rows(engine) -> dict[str, list[str]]:
    """Every table's rows as comparable text, in key order."""
    with engine.connect() as connection:
        return {table.name: sorted(json.dumps([encode_value(v) for v in row], sort_keys=True, default=str)
                                   for row in connection.execute(sa.select(table)))
                for table in data_tables(connection)}


def app_on(url: str, tmp_path):
    """An IdeaBox app on another database."""
    app = create_app(_test_config(url, tmp_path))
    app.test_client_class = CsrfClient
    return app
