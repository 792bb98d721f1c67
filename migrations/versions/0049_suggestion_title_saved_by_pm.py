"""a suggested group knows whether a PM saved its title

Revision ID: 0049
Revises: 0048
Create Date: 2026-12-08 00:30:00

A PM's "Save title" was lost at the next recompute, which titled the same ideas afresh, and when the idea the
engine had named the group after left it. The group now keeps whether its title is a PM's, so it stays with the
ideas. Groups a PM renamed before this are marked from the audit log's rename_suggestion entries.
"""
import sqlalchemy as sa
from alembic import op


revision = '0049'
down_revision = '0048'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('merge_suggestions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_saved_by_pm', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(sa.text(
        "UPDATE merge_suggestions SET title_saved_by_pm = :yes WHERE id IN ("
        "SELECT subject_id FROM audit_events WHERE action = 'rename_suggestion' AND subject_type = 'merge_suggestions')"
    ).bindparams(yes=True))


def downgrade():
    with op.batch_alter_table('merge_suggestions', schema=None) as batch_op:
        batch_op.drop_column('title_saved_by_pm')
