"""Real databases for the storage and API suites: a SQLite file and a PostgreSQL server.

PostgreSQL comes from ``ANKLECHECK_TEST_POSTGRES_URL`` (set by .ci/run), or else from a throwaway
cluster started here with initdb/pg_ctl when the binaries exist (/usr/lib/postgresql/*/bin, or on
PATH). Without either, the PostgreSQL tests fail and say why, unless
``ANKLECHECK_TEST_SKIP_POSTGRES=1`` says to skip them: a missing server must not pass silently.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

URL_VARIABLE = "ANKLECHECK_TEST_POSTGRES_URL"
SKIP_VARIABLE = "ANKLECHECK_TEST_SKIP_POSTGRES"
TABLES = ("feedback", "events", "sessions")


def postgres_binaries() -> Path | None:
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user(user: str | None) -> Callable[[list[str]], list[str]]:
    """PostgreSQL refuses to run as root: run its programs as another user then."""
    if user is None:
        return lambda command: command
    return lambda command: ["runuser", "-u", user, "--", *command]


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a PostgreSQL cluster in a temporary folder; yield its URL; stop and remove it."""
    binaries = postgres_binaries()
    if binaries is None:
        raise RuntimeError("no PostgreSQL binaries (initdb, pg_ctl) found")
    user = None
    if os.geteuid() == 0:
        user = next((u for u in ("postgres", "nobody") if _user_exists(u)), None)
    run = _as_user(user)
    home = Path(tempfile.mkdtemp(prefix="anklecheck-pg-"))
    os.chmod(home, 0o755)
    data = home / "data"
    if user is not None:
        shutil.chown(home, user=user)
    port = _free_port()
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    try:
        subprocess.run(
            run([str(binaries / "initdb"), "-D", str(data), "-U", "anklecheck", "--auth=trust", "-E", "UTF8"]),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            run([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start"]),
            check=True,
            capture_output=True,
        )
        yield f"postgresql://anklecheck@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the test server (given or throwaway), dropped afterwards."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield from _fresh_database(given)
        return
    if postgres_binaries() is None:
        if os.environ.get(SKIP_VARIABLE) == "1":
            pytest.skip(f"PostgreSQL tests skipped: {SKIP_VARIABLE}=1")
        pytest.fail(
            f"The PostgreSQL tests need a server: set {URL_VARIABLE}=postgresql://user@host:port/db, or install "
            f"PostgreSQL (apt-get install postgresql) so that a throwaway one can be started, or set "
            f"{SKIP_VARIABLE}=1 to skip them.",
            pytrace=False,
        )
    with throwaway_postgres() as server:
        yield from _fresh_database(server)


def _fresh_database(server: str) -> Iterator[str]:
    import psycopg
    from sqlalchemy import make_url

    url = make_url(server).set(drivername="postgresql")
    name = f"anklecheck_test_{secrets.token_hex(4)}"
    admin = url.render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_tables(url: str) -> None:
    """Start a test on an empty PostgreSQL database (the schema stays: migrating is tested apart)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)}"))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests on a real SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'anklecheck.db'}"
    url: str = request.getfixturevalue("postgres_url")
    from anklecheck.store.repository import Store

    Store(url).close()  # migrated, so that there are tables to empty
    empty_tables(url)
    return url
