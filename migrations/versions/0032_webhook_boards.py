"""webhooks limited to chosen boards: an explicit all-boards flag and the boards a scoped webhook hears of

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-09 09:00:00

Every existing webhook keeps hearing of all boards (all_boards is true for it). A scoped webhook whose
boards are all deleted stays scoped, to nothing: the flag, not an empty list, says "all boards".
"""
from alembic import op
import sqlalchemy as sa


revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('webhook_boards',
    sa.Column('webhook_id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_webhook_boards_board_id_boards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['webhook_id'], ['webhooks.id'], name=op.f('fk_webhook_boards_webhook_id_webhooks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('webhook_id', 'board_id', name=op.f('pk_webhook_boards'))
    )
    with op.batch_alter_table('webhook_boards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_boards_board_id'), ['board_id'], unique=False)
    with op.batch_alter_table('webhooks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('all_boards', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('webhooks', schema=None) as batch_op:
        batch_op.drop_column('all_boards')
    with op.batch_alter_table('webhook_boards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_boards_board_id'))
    op.drop_table('webhook_boards')
