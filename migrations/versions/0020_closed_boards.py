"""boards can be closed to new ideas, with a message saying where to post instead

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 10:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('boards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepts_ideas', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('closed_message', sa.String(length=300), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('boards', schema=None) as batch_op:
        batch_op.drop_column('closed_message')
        batch_op.drop_column('accepts_ideas')
