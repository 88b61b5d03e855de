from __future__ import annotations

from collections.abc import Iterator

import pytest

from anklecheck.store.repository import Store
from tests.databases import database_url, postgres_url

__all__ = ["database_url", "postgres_url"]


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    yield opened
    opened.close()
