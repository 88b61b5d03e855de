from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from anklecheck.store.repository import Store
from tests.databases import empty_tables, postgres_database


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
    Store(url).close()  # migrated, so that there are tables to empty
    empty_tables(url)
    return url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    yield opened
    opened.close()
