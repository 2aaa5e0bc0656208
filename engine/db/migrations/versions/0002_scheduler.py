"""scheduler: timer handlers and leases, jobs, incidents, notifications, the task overdue flag

Timers may now belong to a definition (timer start events) instead of an instance, and carry a lease
(claimed_until/claimed_by) for the dispatcher. Jobs hold connector calls and e-mails with retries;
incidents record jobs that used up their attempts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 08:11:20.899225
"""
from alembic import op
import sqlalchemy as sa
import engine.db.models  # noqa: F401 - column types used below


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('task_id', sa.String(length=36), nullable=True),
    sa.Column('instance_id', sa.String(length=36), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', engine.db.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', engine.db.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('email_status', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notification_user', ['username', 'created_at'], unique=False)

    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('instance_id', sa.String(length=36), nullable=True),
    sa.Column('task_id', sa.String(length=36), nullable=True),
    sa.Column('element_id', sa.String(length=200), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('backoff_seconds', sa.Float(), nullable=False),
    sa.Column('due_at', engine.db.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', engine.db.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', engine.db.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('finished_at', engine.db.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instances.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index('ix_job_status_due', ['status', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_instance_id'), ['instance_id'], unique=False)

    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('timer_id', sa.Integer(), nullable=True),
    sa.Column('instance_id', sa.String(length=36), nullable=True),
    sa.Column('definition_key', sa.String(length=200), nullable=True),
    sa.Column('element_id', sa.String(length=200), nullable=True),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', engine.db.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('resolved_at', engine.db.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], ),
    sa.ForeignKeyConstraint(['timer_id'], ['timers.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index('ix_incident_status', ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_instance_id'), ['instance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_job_id'), ['job_id'], unique=False)

    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overdue', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('timers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('definition_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('handler', sa.String(length=20), server_default='event', nullable=False))
        batch_op.add_column(sa.Column('detail', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('fired_by', sa.String(length=100), nullable=True))
        batch_op.alter_column('instance_id',
               existing_type=sa.VARCHAR(length=36),
               nullable=True)
        batch_op.alter_column('task_id',
               existing_type=sa.VARCHAR(length=36),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_timers_definition_id'), ['definition_id'], unique=False)
        batch_op.create_foreign_key('fk_timers_definition_id', 'process_definitions', ['definition_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('timers', schema=None) as batch_op:
        batch_op.drop_constraint('fk_timers_definition_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_timers_definition_id'))
        batch_op.alter_column('task_id',
               existing_type=sa.VARCHAR(length=36),
               nullable=False)
        batch_op.alter_column('instance_id',
               existing_type=sa.VARCHAR(length=36),
               nullable=False)
        batch_op.drop_column('fired_by')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('detail')
        batch_op.drop_column('handler')
        batch_op.drop_column('definition_id')

    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_column('overdue')

    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_job_id'))
        batch_op.drop_index(batch_op.f('ix_incidents_instance_id'))
        batch_op.drop_index('ix_incident_status')

    op.drop_table('incidents')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_instance_id'))
        batch_op.drop_index('ix_job_status_due')

    op.drop_table('jobs')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user')

    op.drop_table('notifications')
