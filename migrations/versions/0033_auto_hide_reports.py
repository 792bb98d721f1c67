"""reported comments hide automatically once enough different people reported them, until the team reviews them

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-10 09:00:00

site_settings.auto_hide_reports is 3 for every existing site (Discourse's default; 0 turns it off).
reports.auto_hidden_after marks the reports that were open when their comment was hidden automatically.
"""
from alembic import op
import sqlalchemy as sa


revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('site_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('auto_hide_reports', sa.Integer(), server_default='3', nullable=False))
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('auto_hidden_after', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('auto_hidden_after')
    with op.batch_alter_table('site_settings', schema=None) as batch_op:
        batch_op.drop_column('auto_hide_reports')
