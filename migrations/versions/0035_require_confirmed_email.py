"""a site can ask people to confirm their email before they post, vote, comment, react or report

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07 05:40:00

site_settings.require_confirmed_email is false for every existing site: nothing changes until an admin turns it on,
and what unconfirmed accounts posted or voted before stays.
"""
from alembic import op
import sqlalchemy as sa


revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('site_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('require_confirmed_email', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('site_settings', schema=None) as batch_op:
        batch_op.drop_column('require_confirmed_email')
