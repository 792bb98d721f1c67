"""an email about a theme knows the theme, and a "Shipped" email knows the release note it quotes

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-10 09:00:00

So the emails not yet sent follow what they tell of: a theme's status corrected without telling anyone drops the
emails announcing the mistaken status, a release note withdrawn from the changelog drops those quoting it, and a
corrected one rewrites them. Deleting a theme takes its unsent emails with it (CASCADE), as an idea's do; a deleted
release note leaves the emails already sent alone (SET NULL). Emails queued before this name neither: the mailer
sends them within seconds of their queueing, so they are left as they are.
"""
import sqlalchemy as sa
from alembic import op


revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('theme_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('release_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_emails_theme_id'), ['theme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_emails_release_id'), ['release_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_emails_theme_id_themes'), 'themes',
                                    ['theme_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_outbox_emails_release_id_releases'), 'releases',
                                    ['release_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_emails_release_id_releases'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_outbox_emails_theme_id_themes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_emails_release_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_emails_theme_id'))
        batch_op.drop_column('release_id')
        batch_op.drop_column('theme_id')
