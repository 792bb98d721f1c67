"""admins import ideas from another tool (Canny, Fider, UserVoice, Featurebase or a spreadsheet) and can undo an import

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 12:00:00

The uploaded CSV is staged in the imports table between preview and import, so any web worker can run it; each idea
an import creates names it (ideas.import_id) so that undoing the import removes exactly those.
"""
from alembic import op
import sqlalchemy as sa


revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('created', sa.JSON(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_imports_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports'))
    )
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imports_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_imports_created_by_id'), ['created_by_id'], unique=False)

    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ideas_import_id'), ['import_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_ideas_import_id_imports'), 'imports', ['import_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ideas_import_id_imports'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ideas_import_id'))
        batch_op.drop_column('import_id')

    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imports_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_imports_created_at'))

    op.drop_table('imports')
