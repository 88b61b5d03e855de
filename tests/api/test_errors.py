"""Every failure has one JSON shape; no stack trace reaches a client; bad input is refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from anklecheck import Checker, Settings
from anklecheck.api.app import create_app
from anklecheck.api.service import Service


def _error(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field", "hint"}
    assert body["error"]["code"] == code
    if field is not None:
        assert body["error"]["field"] == field
    assert "Traceback" not in response.text
    return dict(body["error"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sex": "male", "evidence": []}, "age"),
        ({"age": 300, "sex": "male"}, "age"),
        ({"age": 30, "sex": "other"}, "sex"),
        ({"age": 30, "sex": "male", "evidence": [{"id": "fever"}]}, "evidence[0].choice_id"),
        ({"age": 30, "sex": "male", "evidence": [{"id": "fever", "choice_id": "maybe"}]}, "evidence[0].choice_id"),
        ({"age": 30, "sex": "male", "evidence": [{"id": "fevr", "choice_id": "present"}]}, "evidence[0].id"),
        ({"age": 30, "sex": "male", "surprise": 1}, "surprise"),
        ({"age": "thirty", "sex": "male"}, "age"),
    ],
)
def test_422_names_the_bad_field(client: TestClient, body: dict[str, Any], field: str) -> None:
    _error(
        client.post("/v1/diagnosis", json=body),
        422,
        "invalid_input" if field != "evidence[0].id" else "unknown_id",
        field,
    )


def test_an_unknown_id_suggests_the_closest(client: TestClient) -> None:
    body = {"age": 30, "sex": "male", "evidence": [{"id": "pain_back_of_ankel", "choice_id": "present"}]}
    error = _error(client.post("/v1/triage", json=body), 422, "unknown_id")
    assert "pain_back_of_ankle" in error["hint"]


def test_one_finding_given_two_ways_is_refused(client: TestClient) -> None:
    evidence = [{"id": "fever", "choice_id": "present"}, {"id": "fever", "choice_id": "absent"}]
    _error(client.post("/v1/triage", json={"evidence": evidence}), 422, "invalid_input", "evidence")


@pytest.mark.parametrize("raw", [b"{bad", b"", b"[1, 2", b"\xff\xfe", b"null", b'{"text": "a"'])
def test_malformed_json_is_a_422(client: TestClient, raw: bytes) -> None:
    response = client.post("/v1/parse", content=raw, headers={"content-type": "application/json"})
    _error(response, 422, "invalid_input")


def test_a_body_over_the_limit_is_a_413_whether_or_not_its_length_is_stated(client: TestClient) -> None:
    big = b'{"text": "' + b"a" * 70_000 + b'"}'
    _error(
        client.post("/v1/parse", content=big, headers={"content-type": "application/json"}), 413, "payload_too_large"
    )

    def chunks() -> Iterator[bytes]:
        yield big[:40_000]
        yield big[40_000:]

    streamed = client.post("/v1/parse", content=chunks(), headers={"content-type": "application/json"})
    _error(streamed, 413, "payload_too_large")


def test_text_over_the_intake_limit_is_a_422(client: TestClient) -> None:
    _error(client.post("/v1/parse", json={"text": "a" * 10_001}), 422, "invalid_input", "text")


@pytest.mark.parametrize("path", ["/v1/nothing", "/v1/sessions/abc", "/v1/sessions/abc/result", "/v1/conditions/gut"])
def test_unknown_paths_and_ids_are_404(client: TestClient, path: str) -> None:
    _error(client.get(path), 404, "not_found")


def test_a_wrong_method_is_a_405(client: TestClient) -> None:
    _error(client.delete("/v1/conditions"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE sessions; --",
        "<script>alert(1)</script> my ankle hurts",
        "ankle\u0000pain\u202e\u200b",
        "🦶🦶🦶 pain " * 50,
        "Ａｎｋｌｅ ｐａｉｎ (full width) and ｓｗｅｌｌｉｎｇ",
        "e\u0301\u0301\u0301" * 300,
        "\ud7ff\ue000\U0010ffff",
    ],
)
def test_hostile_and_odd_text_is_handled(client: TestClient, text: str) -> None:
    for path in ("/v1/parse", "/v1/triage", "/v1/sessions"):
        response = client.post(path, json={"text": text})
        assert response.status_code in (200, 201), response.text


@pytest.mark.parametrize("session_id", ["' OR 1=1 --", "%00", "a" * 65, "..%2F..%2Fetc", "ünï"])
def test_hostile_session_ids_are_404_or_422(client: TestClient, session_id: str) -> None:
    response = client.get(f"/v1/sessions/{session_id}")
    assert response.status_code in (404, 422)
    assert set(response.json()) == {"error"}


def test_an_unexpected_error_is_a_500_without_details(
    client: TestClient, service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_case: object) -> dict[str, Any]:
        raise RuntimeError("secret internals at /srv/app.py line 42")

    monkeypatch.setattr(service, "triage", broken)
    error = _error(client.post("/v1/triage", json={}), 500, "internal_error")
    assert "secret" not in str(error)


def test_an_unreachable_database_is_a_503(checker: Checker) -> None:
    service = Service(Settings(database_url="postgresql://nobody@127.0.0.1:1/none"), checker)
    with TestClient(create_app(service, purge_on_start=False), raise_server_exceptions=False) as client:
        _error(client.post("/v1/sessions", json={}), 503, "storage_unavailable")
        assert client.post("/v1/diagnosis", json={"age": 30, "sex": "male"}).status_code == 200  # no database needed


def test_feedback_with_odd_characters_is_stored(client: TestClient) -> None:
    body = {"page": "/\u0000x", "kind": "other", "message": "nul\u0000 rtl\u202e emoji 🦶 ﷽", "seen": {"k": "\u0000"}}
    response = client.post("/v1/feedback", json=body)
    assert response.status_code == 201, response.text
