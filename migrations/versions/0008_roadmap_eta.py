"""ideas and themes on the roadmap carry the month the team expects to ship them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 14:00:00

An optional ETA (stored as the first day of its month) that PMs set and the roadmap shows.
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('ideas', 'themes'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('eta', sa.Date(), nullable=True))


def downgrade():
    for table in ('themes', 'ideas'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('eta')
