"""The audit tables as they are after the last migration (migrations.py builds them; this module queries them).

tests/test_audit_store.py checks that a migrated database has exactly these columns.
"""

from __future__ import annotations

import sqlalchemy as sa

# BIGINT on PostgreSQL; INTEGER PRIMARY KEY (the rowid) on SQLite, which autoincrements only under that name.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

answers = sa.Table(
    "answers",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    sa.Column("uid", sa.String(32), nullable=False, unique=True),  # set by the writer: a retry stays one row
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("user_id", sa.String(255)),
    sa.Column("channel_id", sa.String(255)),
    sa.Column("surface", sa.String(32), nullable=False),
    sa.Column("as_of", sa.Date),
    sa.Column("facts", sa.JSON, nullable=False),
    sa.Column("decision", sa.JSON, nullable=False),  # verdict, rules fired with their clause ids, missing facts
    sa.Column("rule_ids", sa.JSON, nullable=False),
    sa.Column("clause_ids", sa.JSON, nullable=False),  # the clauses the answer cites (retrieved or behind a rule)
    sa.Column("citations", sa.JSON, nullable=False),  # with the quotes shown to the user
    sa.Column("verdict", sa.String(32), nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("overrides", sa.JSON, nullable=False),
    sa.Column("override_count", sa.Integer, nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("model", sa.String(255)),
    sa.Column("llm_fallback", sa.Text),
    sa.Column("usage", sa.JSON),
    sa.Column("prompt_tokens", sa.Integer, nullable=False),
    sa.Column("completion_tokens", sa.Integer, nullable=False),
    sa.Column("total_tokens", sa.Integer, nullable=False),
    sa.Column("policy_versions", sa.JSON, nullable=False),
    sa.Column("latency_ms", sa.Float, nullable=False),
    sa.Column("possible_prohibitions", sa.JSON),  # migration 6: prohibiting clauses the question may fall under
)

feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    sa.Column("answer_id", ID, sa.ForeignKey("answers.id", ondelete="CASCADE"), nullable=False),
    sa.Column("user_id", sa.String(255)),
    sa.Column("value", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

processed_events = sa.Table(
    "processed_events",
    metadata,
    sa.Column("event_id", sa.String(255), primary_key=True),  # unique: the first INSERT wins, across replicas
    sa.Column("claimer", sa.String(32), nullable=False),  # who won: a retried claim can tell it was its own
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# What the console's search filters on, again, in a narrow table of its own: a search scans it instead of
# the wide answers rows (their JSON columns make a scan of the big table ten times slower).
answer_search = sa.Table(
    "answer_search",
    metadata,
    sa.Column("answer_id", ID, sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("verdict", sa.String(32), nullable=False),
    sa.Column("channel_id", sa.String(255)),
    sa.Column("user_id", sa.String(255)),
    sa.Column("question", sa.Text, nullable=False),
)

# Migration 7: per-day totals, kept by record_answer in the answer's own transaction and rebuilt for the days
# retention touches (bot/audit/daily.py), so the console's overview sums a few rows a day, never the answers.
answer_days = sa.Table(
    "answer_days",
    metadata,
    sa.Column("day", sa.Date, primary_key=True),  # UTC
    sa.Column("verdict", sa.String(32), primary_key=True),
    sa.Column("answers", sa.Integer, nullable=False),
    sa.Column("fallbacks", sa.Integer, nullable=False),  # llm_fallback is set
    sa.Column("overridden", sa.Integer, nullable=False),  # override_count > 0
)

channel_days = sa.Table(
    "channel_days",
    metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("channel_id", sa.String(255), primary_key=True),  # answers without a channel are not counted here
    sa.Column("answers", sa.Integer, nullable=False),
)

latency_days = sa.Table(
    "latency_days",
    metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("bucket", sa.Integer, primary_key=True),  # daily.latency_bucket: 16 a doubling, -1 under 1 ms
    sa.Column("answers", sa.Integer, nullable=False),
    sa.Column("latency_sum", sa.Float, nullable=False),  # ms: a bucket's figure is the mean of what fell in it
)
