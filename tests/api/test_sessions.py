"""Stored sessions end to end, on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

HEEL = {"complaint_pain", "pain_back_of_ankle", "pain_first_steps_morning", "pain_during_activity"}


def _reply(question: dict[str, Any], present: set[str]) -> Any:
    if question["type"] == "number":
        return 45
    if question["type"] == "single":
        return question["id"] in present
    return [i["id"] for i in question["items"] if i["id"] in present]


def _run(client: TestClient, session: dict[str, Any], present: set[str]) -> dict[str, Any]:
    for _ in range(30):
        if session["should_stop"]:
            return session
        question = session["question"]
        body = {"seq": session["next_seq"], "question_id": question["id"], "answer": _reply(question, present)}
        response = client.post(f"/v1/sessions/{session['id']}/answers", json=body)
        assert response.status_code == 200, response.json()
        session = response.json()
    raise AssertionError("the interview did not stop")


def test_a_session_runs_to_a_result_and_keeps_only_the_age_band(client: TestClient) -> None:
    created = client.post("/v1/sessions", json={"age": 43, "sex": "female"})
    assert created.status_code == 201
    session = _run(client, created.json(), HEEL)
    assert session["age_band"] == "40-44"
    assert {"question_id": "age", "answer": 40} in session["answers"]
    assert session["assessed_at"] is not None
    result = client.get(f"/v1/sessions/{session['id']}/result").json()
    assert result["complete"] is True
    assert result["assessment"]["conditions"][0]["id"] == session["conditions"][0]["id"]
    assert result["assessment"]["triage"]["level"] == session["triage_level"]
    assert result["assessment"]["patient"] == {"age": 40, "sex": "female"}
    assert client.get(f"/v1/sessions/{session['id']}").json() == session


def test_free_text_is_read_but_not_stored(client: TestClient) -> None:
    text = "felt a snap at the back of my ankle, can't stand on tiptoe"
    session = client.post("/v1/sessions", json={"text": text, "age": 40, "sex": "male"}).json()
    assert session["triage_level"] == "emergency"
    assert text not in str(session)
    assert {a["question_id"] for a in session["answers"]} >= {"felt_pop_or_snap"}


def test_a_retried_answer_is_stored_once_and_a_different_one_conflicts(client: TestClient) -> None:
    session = client.post("/v1/sessions", json={"age": 30, "sex": "male"}).json()
    url = f"/v1/sessions/{session['id']}/answers"
    body = {"seq": 1, "question_id": "main_complaint", "answer": ["complaint_pain"]}
    first = client.post(url, json=body).json()
    again = client.post(url, json=body)
    assert again.status_code == 200
    assert again.json()["next_seq"] == first["next_seq"] == 2
    conflict = client.post(url, json={**body, "answer": ["skin_rash"]})
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "conflict"
    ahead = client.post(url, json={"seq": 7, "question_id": "warning_signs", "answer": []})
    assert ahead.status_code == 409


def test_undo_takes_back_the_last_answer(client: TestClient) -> None:
    session = client.post("/v1/sessions", json={"age": 30, "sex": "male"}).json()
    sid = session["id"]
    client.post(f"/v1/sessions/{sid}/answers", json={"seq": 1, "question_id": "main_complaint", "answer": []})
    undone = client.post(f"/v1/sessions/{sid}/undo", json={"seq": 2}).json()
    assert undone["question"]["id"] == "main_complaint"
    assert client.post(f"/v1/sessions/{sid}/undo", json={"seq": 2}).status_code == 200  # a retry
    assert undone["next_seq"] == 3


def test_nothing_to_undo_is_a_422(client: TestClient) -> None:
    sid = client.post("/v1/sessions", json={}).json()["id"]
    response = client.post(f"/v1/sessions/{sid}/undo", json={})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "undo"


def test_an_answered_question_needs_an_undo_first(client: TestClient) -> None:
    sid = client.post("/v1/sessions", json={"age": 30, "sex": "male"}).json()["id"]
    response = client.post(f"/v1/sessions/{sid}/answers", json={"question_id": "sex", "answer": "female"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "sex"


def test_followup_pain_not_easing_after_72_hours_needs_a_consultation(client: TestClient) -> None:
    began = (datetime.now(UTC) - timedelta(days=4)).isoformat()
    created = client.post("/v1/sessions", json={"age": 45, "sex": "female", "symptoms_began": began}).json()
    present = {"complaint_pain", "pain_back_of_ankle", "pain_during_activity"}
    session = _run(client, created, present)
    assert session["triage_level"] == "self_care"
    response = client.post(
        f"/v1/sessions/{session['id']}/followup", json={"seq": session["next_seq"], "progress": "same"}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["previous_level"] == "self_care"
    assert data["level"] == "consultation"
    assert data["days_since_onset"] >= 4
    assert any(r["id"] == "pain_beyond_72_hours" for r in data["triage"]["reasons"])
    stored = client.get(f"/v1/sessions/{session['id']}").json()
    assert stored["triage_level"] == "consultation"  # replayed from the database alike


def test_followup_worse_asks_the_warning_signs_again(client: TestClient) -> None:
    session = _run(client, client.post("/v1/sessions", json={"age": 45, "sex": "female"}).json(), HEEL)
    data = client.post(f"/v1/sessions/{session['id']}/followup", json={"progress": "worse"}).json()
    assert data["recheck"] == ["warning_signs"]
    assert data["session"]["question"]["id"] == "warning_signs"
    urgent = client.post(
        f"/v1/sessions/{session['id']}/followup",
        json={"progress": "worse", "evidence": [{"id": "leg_swelling_one_side", "choice_id": "present"}]},
    ).json()
    assert urgent["level"] in ("consultation_24", "emergency", "emergency_ambulance")


def test_delete_erases_the_session(client: TestClient) -> None:
    sid = client.post("/v1/sessions", json={"age": 30}).json()["id"]
    assert client.delete(f"/v1/sessions/{sid}").status_code == 204
    for path in ("", "/result"):
        response = client.get(f"/v1/sessions/{sid}{path}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert client.delete(f"/v1/sessions/{sid}").status_code == 404


def test_feedback_keeps_a_snapshot_of_what_the_person_saw(client: TestClient, service: Any) -> None:
    session = client.post("/v1/sessions", json={"age": 45, "sex": "female"}).json()
    made = client.post(
        "/v1/feedback", json={"session_id": session["id"], "kind": "wrong_result", "message": "It missed my gout"}
    )
    assert made.status_code == 201
    page = client.post(
        "/v1/feedback",
        json={"page": "/conditions/gout", "kind": "content_error", "message": "typo ✓", "seen": {"title": "Gout"}},
    )
    assert page.status_code == 201
    stored = {f.kind: f for f in service.store.feedback()}
    assert stored["wrong_result"].snapshot["session"]["id"] == session["id"]
    assert stored["wrong_result"].snapshot["result"]["assessment"]["triage"]
    assert stored["content_error"].snapshot == {"seen": {"title": "Gout"}}


def test_feedback_needs_a_session_or_a_page(client: TestClient) -> None:
    for body in ({"kind": "other", "message": "x"}, {"kind": "other", "message": "x", "page": "/", "session_id": "a"}):
        response = client.post("/v1/feedback", json=body)
        assert response.status_code == 422
        assert response.json()["error"]["field"] == "session_id"
    missing = client.post("/v1/feedback", json={"kind": "other", "message": "x", "session_id": "nope"})
    assert missing.status_code == 404
