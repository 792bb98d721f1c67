"""a webhook delivery knows what it was written for: its endpoint kind's format, a private board, its boards

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-10 10:00:00

A delivery's body is written when its event happens. Until now a retry, or an admin's "Send again", went out as
written even after the admin changed the endpoint: one no longer taking private boards still got a private idea,
one switched from Slack to signed JSON got a Slack message. Now a delivery its endpoint's settings no longer admit
is given up, saying why. Deliveries written before this are read as written for their endpoint's kind of now and,
for an endpoint taking private boards now, as telling of one (the safe reading: they stay waiting only while it
takes them); their boards are unknown.
"""
import sqlalchemy as sa
from alembic import op


revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('private', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('board_ids', sa.JSON(), nullable=True))
    op.execute("UPDATE webhook_deliveries SET kind = (SELECT kind FROM webhooks WHERE webhooks.id = webhook_id), "
               "private = (SELECT include_private FROM webhooks WHERE webhooks.id = webhook_id)")


def downgrade():
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_column('board_ids')
        batch_op.drop_column('private')
        batch_op.drop_column('kind')
