"""an idea can be assigned to the PM or admin who looks after it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 16:10:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ideas_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_ideas_owner_id_users'), 'users', ['owner_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ideas_owner_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ideas_owner_id'))
        batch_op.drop_column('owner_id')
