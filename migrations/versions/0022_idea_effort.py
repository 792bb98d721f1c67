"""ideas outside a theme can be sized too, so a board can be ranked by value for effort

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 19:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('effort', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_column('effort')
