"""the insights dashboard counts votes and voters over a window of days from one index, without reading the table

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 21:00:00
"""
from alembic import op


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    # led by created_at, it also serves every query the single-column index served
    op.create_index('ix_votes_created_user_idea', 'votes', ['created_at', 'user_id', 'idea_id'], unique=False)
    op.drop_index('ix_votes_created_at', table_name='votes')


def downgrade():
    op.create_index('ix_votes_created_at', 'votes', ['created_at'], unique=False)
    op.drop_index('ix_votes_created_user_idea', table_name='votes')
