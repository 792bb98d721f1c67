"""staff may take new ideas as one daily email digest

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 13:30:00

A PM or admin who hears of every new idea can have the emails come once a day (flask send-digests)
instead of one per idea; the in-app notifications still come as ideas are posted. Everyone starts on
one email per idea, as before.
"""
import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_idea_digest', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('new_idea_digest_sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('new_idea_digest_sent_at')
        batch_op.drop_column('new_idea_digest')
