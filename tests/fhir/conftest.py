from __future__ import annotations

from tests.api.conftest import client, service
from tests.databases import database_url, postgres_url

__all__ = ["client", "database_url", "postgres_url", "service"]
