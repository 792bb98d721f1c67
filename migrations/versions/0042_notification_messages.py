"""an in-app notification keeps its message in every language IdeaBox speaks

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-10 11:00:00

The inbox is read in a browser, whose language is known: a notification now shows in the language of the page,
not the one its reader had when it was written (the site's default for someone who follows their browser), and
it follows them when they change language. Notifications written before this keep the one message they have.
"""
import sqlalchemy as sa
from alembic import op


revision = '0042'
down_revision = '0041'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('messages', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('messages')
