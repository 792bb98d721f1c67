"""a notification about a comment knows the comment; an email quoting one knows what kind of news it is

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-09 09:00:00

notifications.comment_id: deleting a comment takes the notifications about it with it (CASCADE: a notification
is a pointer to the comment, not a record, and the database covers every way a comment goes), and hiding one
takes them from everyone but staff, so nobody keeps "Casey commented on …" leading to a comment that is gone.
Notifications written before this name their comment only in their link (`/ideas/34#comment-1208`); those whose
comment still exists are given it. Those about comments already deleted are left as they are.

outbox_emails.kind: mention emails now record the comment they quote as official replies do, so deleting or hiding
it drops them too; the kind keeps rewording apart (a reworded mention is rewritten as a mention, not as an official
reply). Until now only official replies recorded a comment, so those queued before this are official replies.
"""
import sqlalchemy as sa
from alembic import op


revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None

ABOUT_A_COMMENT = "('comment', 'internal_note', 'mention', 'official_reply')"
# the comment's id in a link such as /ideas/34#comment-1208 (notifications.news)
LINKED_COMMENT = {
    "postgresql": "CAST(substring(notifications.link FROM '#comment-([0-9]{1,12})$') AS BIGINT)",
    "sqlite": "CAST(substr(notifications.link, instr(notifications.link, '#comment-') + 9) AS INTEGER)",
}


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_comment_id'), ['comment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notifications_comment_id_comments'), 'comments',
                                    ['comment_id'], ['id'], ondelete='CASCADE')
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=30), nullable=True))
    linked = LINKED_COMMENT[op.get_bind().dialect.name]
    op.execute(f"UPDATE notifications SET comment_id = {linked} WHERE kind IN {ABOUT_A_COMMENT}"
               f" AND link LIKE '%#comment-%' AND {linked} IN (SELECT id FROM comments)")
    op.execute("UPDATE outbox_emails SET kind = 'official_reply' WHERE comment_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.drop_column('kind')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_comment_id_comments'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notifications_comment_id'))
        batch_op.drop_column('comment_id')
