"""signals: subscriptions of waiting instances, and the signals that start each definition

Revision ID: 0009
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('signal_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.String(length=36), nullable=False),
    sa.Column('task_id', sa.String(length=36), nullable=False),
    sa.Column('element_id', sa.String(length=200), nullable=False),
    sa.Column('signal_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instances.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('signal_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_subscriptions_instance_id'), ['instance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_subscriptions_signal_name'), ['signal_name'], unique=False)
    with op.batch_alter_table('process_definitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signal_starts', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('process_definitions', schema=None) as batch_op:
        batch_op.drop_column('signal_starts')
    with op.batch_alter_table('signal_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_subscriptions_signal_name'))
        batch_op.drop_index(batch_op.f('ix_signal_subscriptions_instance_id'))
    op.drop_table('signal_subscriptions')
