from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from anklecheck import Checker, Settings
from anklecheck.api.service import Service
from tests.api.conftest import client  # the app on this folder's service

__all__ = ["client"]


@pytest.fixture
def service(checker: Checker, tmp_path: Path) -> Iterator[Service]:
    """The service on a real SQLite file."""
    built = Service(Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}"), checker)
    yield built
    built.close()


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"the page has no field {name}"
    return found.group(1)
