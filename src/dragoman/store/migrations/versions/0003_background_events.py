"""Backdrop events: a ``background`` flag on mentions and on events (true when every mention is a backdrop),
and the dyad index extended with it so dyad counts that leave backdrops out still read the index only.

Existing rows become ordinary (not background): the column's server default fills them. Plain ALTER TABLE on
both backends (SQLite's batch copy would drop ``mentions`` and cascade into ``event_links``); the downgrade
needs SQLite 3.35 or later for DROP COLUMN.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 14:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

DYAD_BEFORE = ['actor_code', 'recipient_code', 'certain', 'day', 'quad_class', 'score']
DYAD_AFTER = ['actor_code', 'recipient_code', 'certain', 'day', 'background', 'quad_class', 'score']


def upgrade() -> None:
    op.add_column('mentions', sa.Column('background', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('events', sa.Column('background', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.drop_index('ix_events_dyad', table_name='events')
    op.create_index('ix_events_dyad', 'events', DYAD_AFTER)


def downgrade() -> None:
    op.drop_index('ix_events_dyad', table_name='events')
    op.create_index('ix_events_dyad', 'events', DYAD_BEFORE)
    op.drop_column('events', 'background')
    op.drop_column('mentions', 'background')
