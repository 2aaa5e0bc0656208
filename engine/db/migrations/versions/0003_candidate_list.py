"""task list by candidate group: copy state, due and created time onto task_candidate_groups

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
import engine.db.models  # noqa: F401 - column types used below


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('task_candidate_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=20), nullable=False, server_default='open'))
        batch_op.add_column(sa.Column('due_at', engine.db.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('created_at', engine.db.models.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE task_candidate_groups SET state = (SELECT t.state FROM tasks t WHERE t.id = task_id), "
               "due_at = (SELECT t.due_at FROM tasks t WHERE t.id = task_id), "
               "created_at = (SELECT t.created_at FROM tasks t WHERE t.id = task_id)")
    with op.batch_alter_table('task_candidate_groups', schema=None) as batch_op:
        batch_op.drop_index('ix_task_candidate_groups_group_code')
        batch_op.create_index('ix_candidate_state_due', ['group_code', 'state', 'due_at', 'created_at', 'task_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('task_candidate_groups', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_state_due')
        batch_op.create_index('ix_task_candidate_groups_group_code', ['group_code'], unique=False)
        batch_op.drop_column('created_at')
        batch_op.drop_column('due_at')
        batch_op.drop_column('state')
