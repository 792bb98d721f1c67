"""staff choose whether to hear of every new idea

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 11:40:00

PMs and admins are told when a customer posts an idea; this setting lets each of them turn it off.
Existing accounts start with it on, as new ones do.
"""
import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_idea_notifications', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('new_idea_notifications')
