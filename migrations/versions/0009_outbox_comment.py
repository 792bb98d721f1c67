"""an email that quotes an official reply knows which comment it quotes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 14:20:00

When a PM rewords or deletes an official reply, the copies of its email still in the outbox are
rewritten or dropped; sent ones stay as they were. Emails queued before this know no comment.
"""
import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_emails_comment_id'), ['comment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_emails_comment_id_comments'), 'comments',
                                    ['comment_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_emails_comment_id_comments'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_emails_comment_id'))
        batch_op.drop_column('comment_id')
