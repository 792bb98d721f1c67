"""emails are confirmed before any notification email goes to them

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 15:40:00

Anyone could sign up with someone else's address and have IdeaBox email it. A new account now gets a
link to confirm its address, and no notification email goes out until it is opened. Accounts that
exist already were accepted under the old rule and keep their emails: they count as confirmed when
they were created.
"""
import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
    users = sa.table('users', sa.column('created_at', sa.DateTime(timezone=True)),
                     sa.column('email_confirmed_at', sa.DateTime(timezone=True)))
    op.execute(users.update().values(email_confirmed_at=users.c.created_at))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
