"""The review loop and dated precision: a ``judgements`` table (an analyst's verdict on a merged event, never
written over the coder's record), and ``date_precision`` on mentions and events (day, week, month, year).

Rows stored before this revision get the precision their date's form says (YYYY-MM-DD day, YYYY-MM month,
YYYY year): no week existed before it. Plain ALTER TABLE on both backends (as 0003); the downgrade drops the
table and the columns (SQLite 3.35 or later for DROP COLUMN).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 05:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
FORM_PRECISION = ("UPDATE {table} SET date_precision = CASE length(date) WHEN 10 THEN 'day' WHEN 7 THEN 'month' "
                  "WHEN 4 THEN 'year' END WHERE date IS NOT NULL")


def upgrade() -> None:
    for table in ('mentions', 'events'):
        op.add_column(table, sa.Column('date_precision', sa.String(length=8), nullable=True))
        op.execute(FORM_PRECISION.format(table=table))
    op.create_table(
        'judgements',
        sa.Column('id', ID, autoincrement=True, nullable=False),
        sa.Column('event_id', ID, nullable=False),
        sa.Column('verdict', sa.String(length=16), nullable=False),
        sa.Column('event_type', sa.String(length=16), nullable=True),
        sa.Column('mode', sa.String(length=64), nullable=True),
        sa.Column('actor_code', sa.String(length=8), nullable=True),
        sa.Column('recipient_code', sa.String(length=8), nullable=True),
        sa.Column('no_recipient', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('reviewer', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name='fk_judgements_event_id_events',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_judgements'),
    )
    op.create_index('ix_judgements_event_id', 'judgements', ['event_id'])


def downgrade() -> None:
    op.drop_index('ix_judgements_event_id', table_name='judgements')
    op.drop_table('judgements')
    op.drop_column('events', 'date_precision')
    op.drop_column('mentions', 'date_precision')
