"""an email in the outbox knows the list its unsubscribe link stops

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-07 21:00:00

Every notification email's unsubscribe link, and its one-click List-Unsubscribe header, turned off every email,
even on the weekly insights email; and emails about the account itself (a reset link) carried one too. Emails
not yet sent get the list of their kind, as the app now writes it: account emails (no kind) none.
"""
import sqlalchemy as sa
from alembic import op


revision = '0044'
down_revision = '0043'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mailing_list', sa.String(length=20), nullable=True))
    op.execute("""
        UPDATE outbox_emails SET mailing_list = CASE
          WHEN kind = 'insights' THEN 'insights'
          WHEN kind IN ('new_idea', 'digest') THEN 'new_ideas'
          ELSE 'all' END
        WHERE kind IS NOT NULL
    """)


def downgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.drop_column('mailing_list')
