"""a recompute with no queue job is released once its process stops beating, not after 3 hours

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-12 09:00:00

clustering_runs.heartbeat_at is set when a run starts and each time it saves its progress. A run started inline
(no Redis) or by `flask recompute-suggestions` has no RQ job to ask about; when its heartbeat is older than
jobs.HEARTBEAT_LOST_AFTER its process died (a gunicorn timeout, the OOM killer, a deploy) and a PM may start
another. Existing runs keep NULL: their age is then taken from created_at.
"""
from alembic import op
import sqlalchemy as sa


revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clustering_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('clustering_runs', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
