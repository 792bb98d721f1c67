"""the product team can take a weekly email of the week's insights: what was asked for, what is rising

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 21:20:00

PMs, executives and admins who tick it get, once a week (flask send-digests, run daily), the last seven
days' figures against the week before and the requests gaining the most new backers. Nobody starts on it.
"""
import sqlalchemy as sa
from alembic import op


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('insights_email', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('insights_email_sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('insights_email_sent_at')
        batch_op.drop_column('insights_email')
