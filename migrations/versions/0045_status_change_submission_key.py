"""a status change remembers the key of the form that made it, so the same form sent twice changes the status once

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-07 21:40:00

A status form sent again (a double click, an answer lost on the way) recorded the update twice, and backers heard
of it twice. Ideas and comments already remember their form's key (0036); status changes now do too, unique per
idea, since a theme's form makes one change on each of its ideas; the key leads the index, which also finds them.
"""
import sqlalchemy as sa
from alembic import op


revision = '0045'
down_revision = '0044'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sa.String(length=64), nullable=True))
        batch_op.create_index('uq_status_changes_idea_submission', ['submission_key', 'idea_id'], unique=True)


def downgrade():
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.drop_index('uq_status_changes_idea_submission')
        batch_op.drop_column('submission_key')
