"""an idea or comment form sent twice posts once: each remembers the key of the form that posted it

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07 08:00:00

Existing ideas and comments have no key (NULL), which the unique indexes allow any number of times.
"""
from alembic import op
import sqlalchemy as sa


revision = '0036'
down_revision = '0035'
branch_labels = None
depends_on = None

TABLES = ('ideas', 'comments')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('submission_key', sa.String(length=64), nullable=True))
            batch_op.create_index(f'uq_{table}_author_submission', ['author_id', 'submission_key'], unique=True)


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'uq_{table}_author_submission')
            batch_op.drop_column('submission_key')
