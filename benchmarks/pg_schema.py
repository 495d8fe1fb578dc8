"""A fresh PostgreSQL schema for a benchmark run, dropped afterwards: the benchmarks' own corner of `test`."""

from __future__ import annotations

import os
import uuid

PG_BASE = os.environ.get("POLICYBOT_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def fresh_schema(prefix: str) -> tuple[str, str] | None:
    """A URL into a new schema (and the schema's name), or None when PostgreSQL does not answer."""
    import sqlalchemy as sa

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        admin = sa.create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        admin.dispose()
    except Exception as exc:
        print(f"postgresql: skipped ({type(exc).__name__}: not reachable at {sa.make_url(PG_BASE).host})")
        return None
    separator = "&" if "?" in PG_BASE else "?"
    return f"{PG_BASE}{separator}options=-csearch_path%3D{name}", name


def drop_schema(name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
    admin.dispose()
