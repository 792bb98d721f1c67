"""audit events name their subject by its table, as every service now writes them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 13:50:00

Two helpers used to write the audit log: the admin one named a subject by its table ("users",
"boards"), the merging one by its class ("idea", "theme", "customeraccount", "mergesuggestion").
One helper is left; this renames the subjects the other one wrote, so the log links them alike.
"""
import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# class name the merging helper wrote -> table name
RENAMED = {
    'idea': 'ideas',
    'theme': 'themes',
    'customeraccount': 'customer_accounts',
    'mergesuggestion': 'merge_suggestions',
}
events = sa.table('audit_events', sa.column('subject_type', sa.String), sa.column('action', sa.String))


def upgrade():
    for old, new in RENAMED.items():
        op.execute(events.update().where(events.c.subject_type == old).values(subject_type=new))


def downgrade():
    for old, new in RENAMED.items():
        matching = events.c.subject_type == new
        if old == 'customeraccount':  # the admin pages wrote customer_accounts too; only this one was the merging helper's
            matching = matching & (events.c.action == 'create_account')
        op.execute(events.update().where(matching).values(subject_type=old))
