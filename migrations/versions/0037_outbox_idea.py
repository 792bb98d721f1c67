"""an email about an idea knows which idea it is about

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-08 09:00:00

When an idea moves to a private board or is withdrawn, the copies of its emails still in the outbox that
their recipients may no longer read are dropped, and the mailer checks again before each send; sent ones stay
as they were. Deleting an idea takes its emails with it, like its notifications. Emails queued before this
(and digests, which list several ideas) know no idea.
"""
import sqlalchemy as sa
from alembic import op


revision = '0037'
down_revision = '0036'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idea_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_emails_idea_id'), ['idea_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_emails_idea_id_ideas'), 'ideas',
                                    ['idea_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_emails_idea_id_ideas'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_emails_idea_id'))
        batch_op.drop_column('idea_id')
