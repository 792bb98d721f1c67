"""an admin sets the instance's name, welcome text, logo and accent colour

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 18:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'site_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('welcome_heading', sa.String(length=120), nullable=False),
        sa.Column('welcome_message', sa.Text(), nullable=False),
        sa.Column('accent_color', sa.String(length=7), nullable=False),
        sa.Column('logo_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['logo_id'], ['uploads.id'], name=op.f('fk_site_settings_logo_id_uploads'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_site_settings')),
    )


def downgrade():
    op.drop_table('site_settings')
