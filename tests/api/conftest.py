from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from anklecheck import Checker, Settings
from anklecheck.api.app import create_app
from anklecheck.api.service import Service
from tests.databases import database_url, postgres_url

__all__ = ["database_url", "postgres_url"]


@pytest.fixture
def service(checker: Checker, database_url: str) -> Iterator[Service]:
    built = Service(Settings(database_url=database_url), checker)
    yield built
    built.close()


@pytest.fixture
def client(service: Service) -> Iterator[TestClient]:
    """The app on a real database (SQLite file, PostgreSQL server); server errors become 500s."""
    with TestClient(create_app(service), raise_server_exceptions=False) as test_client:
        yield test_client
