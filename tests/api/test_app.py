"""The application's start-up: what a worker does before it serves its first request."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from anklecheck.api.app import create_app
from anklecheck.api.service import Service


def test_a_started_worker_hides_its_lasting_objects_from_the_garbage_collector(service: Service) -> None:
    """Full collections walking the pack and spaCy were the API's p99 (benchmarks/run_all.py)."""
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    with TestClient(create_app(service)) as client:
        assert gc.get_freeze_count() > 10_000
        response = client.post("/v1/parse", json={"text": "my heel hurts"})
    assert response.status_code == 200
