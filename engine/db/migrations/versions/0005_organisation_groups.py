"""groups carry the organisation: kind, parent and the functions models name

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('parent', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('functions', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_column('functions')
        batch_op.drop_column('parent')
        batch_op.drop_column('kind')
