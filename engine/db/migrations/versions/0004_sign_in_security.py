"""sign-in security: token generation of users, sign-in throttles, security events

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
import engine.db.models  # noqa: F401 - column types used below


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_generation', sa.Integer(), nullable=False, server_default='0'))
    op.create_table(
        'sign_in_throttles',
        sa.Column('scope', sa.String(length=10), nullable=False),
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('window_started_at', engine.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('locked_until', engine.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('scope', 'key'),
    )
    op.create_table(
        'security_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', engine.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('type', sa.String(length=40), nullable=False),
        sa.Column('username', sa.String(length=100), nullable=True),
        sa.Column('address', sa.String(length=100), nullable=True),
        sa.Column('actor', sa.String(length=100), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_security_events_at', 'security_events', ['at'], unique=False)
    op.create_index('ix_security_events_username', 'security_events', ['username'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_security_events_username', table_name='security_events')
    op.drop_index('ix_security_events_at', table_name='security_events')
    op.drop_table('security_events')
    op.drop_table('sign_in_throttles')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('token_generation')
