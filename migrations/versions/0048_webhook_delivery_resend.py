"""a webhook delivery waiting to retry knows the admin's "Send again" that delivered its event

Revision ID: 0048
Revises: 0047
Create Date: 2026-12-07 23:40:00

"Send again" sent an event at once while its original delivery kept its own retries, so an endpoint that had been
down got the event twice when the original's next retry went out too; a Slack channel, which has no webhook-id to
drop repeats by, showed it twice. A resend that is delivered now ends those retries and they point to it.
"""
import sqlalchemy as sa
from alembic import op


revision = '0048'
down_revision = '0047'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivered_by_resend_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_webhook_deliveries_delivered_by_resend_id_webhook_deliveries'),
                                    'webhook_deliveries', ['delivered_by_resend_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_webhook_deliveries_delivered_by_resend_id_webhook_deliveries'),
                                 type_='foreignkey')
        batch_op.drop_column('delivered_by_resend_id')
