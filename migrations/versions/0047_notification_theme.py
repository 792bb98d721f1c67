"""an in-app notification about a theme knows the theme

Revision ID: 0047
Revises: 0046
Create Date: 2026-12-07 22:30:00

A theme status corrected without telling anyone ("Tell nobody") took back the emails of the mistaken status not
yet sent, but its in-app notifications stayed. To find them, a notification keeps the theme its news is about, as
an email already does (0040). Those written before this have none.
"""
import sqlalchemy as sa
from alembic import op


revision = '0047'
down_revision = '0046'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('theme_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_theme_id'), ['theme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notifications_theme_id_themes'), 'themes',
                                    ['theme_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_theme_id_themes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notifications_theme_id'))
        batch_op.drop_column('theme_id')
