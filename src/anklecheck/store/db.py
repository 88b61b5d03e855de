"""Connecting to the database and bringing its schema up to date.

SQLite by default, in the user data folder (platformdirs), in WAL mode so that readers never wait
for the writer; PostgreSQL (psycopg 3) when the URL names it. Migrations run on first use, under
a lock (PostgreSQL: an advisory lock; SQLite: a lock file), so that several workers starting at
once migrate exactly once.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from anklecheck.errors import StorageError

APP_NAME = "anklecheck"
# Any constant works; it only has to be the same for every worker migrating one database.
MIGRATION_LOCK = 0x616E6B6C
SQLITE_BUSY_MS = 10_000  # a writer waits this long for another before giving up


def default_url() -> str:
    from platformdirs import user_data_path

    folder = user_data_path(APP_NAME, appauthor=False)
    return f"sqlite:///{folder / 'anklecheck.db'}"


def resolve_url(url: str | None) -> URL:
    """The SQLAlchemy URL for a setting: None is the default SQLite file; postgres:// and
    postgresql:// use psycopg 3."""
    try:
        parsed = make_url(url or default_url())
    except ArgumentError:
        raise StorageError("ANKLECHECK_DATABASE_URL is not a database URL") from None
    if parsed.get_backend_name() in ("postgres", "postgresql"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        raise StorageError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql")
    return parsed


def describe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def connect(url: str | None) -> Engine:
    """An engine for the URL, with the schema migrated to the newest version."""
    resolved = resolve_url(url)
    if resolved.get_backend_name() == "sqlite":
        engine = _sqlite_engine(resolved)
    else:
        engine = create_engine(resolved, pool_pre_ping=True, pool_size=10, max_overflow=20, pool_recycle=1800)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StorageError(f"cannot open the database {describe(resolved)} ({type(exc).__name__})") from None
    return engine


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        connection.isolation_level = None  # let the "begin" hook below start transactions
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a crash loses no committed page
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # Take the write lock at the start: a deferred transaction that reads and then writes
        # fails at once when another writer got in between, instead of waiting its turn.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration shipped in the package."""
    from alembic import command
    from alembic.config import Config

    with _migration_lock(engine) as connection:
        config = Config()
        config.set_main_option("script_location", str(resources.files("anklecheck.store") / "migrations"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
            try:
                yield connection
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                connection.commit()
        return
    database = engine.url.database or ""
    if not database or database == ":memory:":
        with engine.connect() as connection:
            yield connection
        return
    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with engine.connect() as connection:
                yield connection
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
