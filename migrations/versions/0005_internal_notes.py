"""comments can be internal notes, seen by the team only

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 13:15:00

A PM, executive or admin can write a note on an idea that customers never see (and that emails
nobody outside the team). Every existing comment is public, as before.
"""
import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_internal', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('is_internal')
