"""release notes say whether something is new, improved or fixed, and when they were last edited

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 18:30:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='new', nullable=False))
        batch_op.add_column(sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.drop_column('edited_at')
        batch_op.drop_column('kind')
