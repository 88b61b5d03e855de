"""Fuzzing the API's payloads on the ASGI app (hazard H9): bodies near the schemas (right keys,
right, wrong and odd values) and random JSON, to every endpoint, on a real SQLite file. Every
answer is a documented status, never a server error, and every error has the one shape. The
schema-driven fuzzing is tests/api/test_openapi_fuzz.py; benchmarks/fuzz.py runs 100,000."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anklecheck import Checker, Settings
from anklecheck.api.app import create_app
from anklecheck.api.service import Service
from anklecheck.kb import load_pack
from tests.strategies import ENDPOINTS, JSON, bodies, problem_with, send, session_ids

EXAMPLES = int(os.environ.get("ANKLECHECK_FUZZ_EXAMPLES", "150"))
BODIES = bodies(load_pack()) | st.dictionaries(st.text(max_size=12), JSON, max_size=6)


@pytest.fixture(scope="module")
def app_client(checker: Checker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    service = Service(Settings(database_url=f"sqlite:///{folder / 'fuzz.db'}"), checker)
    with TestClient(create_app(service), raise_server_exceptions=False) as client:
        stored = client.post("/v1/sessions", json={"age": 40, "sex": "female"}).json()["id"]
        yield client, stored
    service.close()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_fuzzed_request_gets_a_documented_answer(app_client: tuple[TestClient, str], data: st.DataObject) -> None:
    client, stored = app_client
    method, path = data.draw(st.sampled_from(ENDPOINTS), label="endpoint")
    session_id = data.draw(session_ids(stored), label="session id")
    body = data.draw(BODIES, label="body")
    assert problem_with(send(client, method, path, session_id, body)) is None


def test_the_check_catches_a_server_error(app_client: tuple[TestClient, str]) -> None:
    # problem_with must be able to fail: a 500 and a body outside the error shape are problems.
    class Fake:
        def __init__(self, status: int, body: str) -> None:
            self.status_code, self.text = status, body

        def json(self) -> object:
            import json

            return json.loads(self.text)

    assert problem_with(Fake(500, '{"error": {}}')) is not None
    assert problem_with(Fake(422, '{"detail": "x"}')) is not None
    assert problem_with(Fake(200, "not json")) is not None
    client, stored = app_client
    assert problem_with(client.get(f"/v1/sessions/{stored}")) is None
