"""The stateless endpoints answer what the engine answers."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from anklecheck import Checker

RUPTURE = {
    "age": 42,
    "sex": "male",
    "evidence": [
        {"id": "pain_back_of_ankle", "choice_id": "present"},
        {"id": "felt_pop_or_snap", "choice_id": "present"},
    ],
}


def test_parse_gives_evidence_with_spans_and_what_was_not_understood(client: TestClient) -> None:
    text = "I rolled my ankle. I do not have a fever. My quantum flux capacitor is broken."
    data = client.post("/v1/parse", json={"text": text}).json()
    found = {e["id"]: e for e in data["evidence"]}
    assert found["injury_rolled_ankle"]["present"] is True
    start, end = found["injury_rolled_ankle"]["span"]
    assert "rolled" in text[start:end]
    assert found["fever"]["present"] is False
    assert any("capacitor" in part for part in data["unmatched"])


def test_diagnosis_asks_the_opening_questions_first(client: TestClient) -> None:
    data = client.post("/v1/diagnosis", json=RUPTURE).json()
    assert data["should_stop"] is False
    question = data["question"]
    assert question["id"] == "main_complaint"
    assert question["type"] == "group_multiple"
    assert question["rationale"]
    assert {c["id"] for c in question["items"][0]["choices"]} == {"present", "absent", "unknown"}
    assert data["conditions"][0]["id"] == "achilles_rupture"
    assert data["triage_level"] == "emergency"


def _answer(question: dict[str, Any], present: set[str]) -> list[dict[str, str]]:
    return [{"id": i["id"], "choice_id": "present" if i["id"] in present else "absent"} for i in question["items"]]


def test_a_stateless_interview_reaches_a_stop(client: TestClient) -> None:
    body: dict[str, Any] = {"age": {"value": 48}, "sex": "female", "evidence": []}
    present = {"complaint_pain", "pain_under_heel", "pain_first_steps_morning", "duration_over_2_weeks"}
    for _ in range(30):
        data = client.post("/v1/diagnosis", json=body).json()
        if data["should_stop"]:
            break
        body["evidence"] += _answer(data["question"], present)
    assert data["should_stop"] is True
    assert data["question"] is None
    assert data["conditions"][0]["id"] == "plantar_fasciitis"


def test_diagnosis_matches_the_engine(client: TestClient, checker: Checker) -> None:
    data = client.post("/v1/diagnosis", json=RUPTURE).json()
    weighed = checker.weigh({"pain_back_of_ankle": True, "felt_pop_or_snap": True}, age=40, sex="male")
    row = checker.model.condition_index["achilles_rupture"]
    assert data["conditions"][0]["probability"] == round(float(weighed.probabilities[row]), 4)


def test_triage_gives_level_reasons_and_advice(client: TestClient) -> None:
    data = client.post("/v1/triage", json=RUPTURE).json()
    assert data["level"] == "emergency"
    assert data["label"] == "Go to an emergency department now"
    assert any(r["id"] == "achilles_rupture_signs" for r in data["reasons"])
    assert data["advice"]["while_you_wait"]


def test_triage_reads_text_and_explicit_evidence_wins(client: TestClient) -> None:
    text = {"text": "my big toe joint is red hot and swollen and I have a fever"}
    assert client.post("/v1/triage", json=text).json()["level"] in ("emergency", "emergency_ambulance")
    denied = {
        **text,
        "evidence": [{"id": "fever", "choice_id": "absent"}, {"id": "joint_hot_red_swollen", "choice_id": "absent"}],
    }
    assert client.post("/v1/triage", json=denied).json()["level"] not in ("emergency", "emergency_ambulance")


def test_explain_lists_findings_for_and_against(client: TestClient) -> None:
    body = {**RUPTURE, "evidence": [*RUPTURE["evidence"], {"id": "fever", "choice_id": "absent"}], "target": "gout"}
    data = client.post("/v1/explain", json=body).json()
    assert data["id"] == "gout"
    assert data["probability"] < 0.05
    assert data["opposing"] or data["supporting"]


def test_conditions_and_findings_list_the_pack(client: TestClient, checker: Checker) -> None:
    conditions = client.get("/v1/conditions").json()
    assert {c["id"] for c in conditions} == set(checker.conditions)
    page = client.get("/v1/conditions/gout").json()
    assert page["icd10"] == checker.condition("gout").icd10
    findings = client.get("/v1/findings").json()
    assert {f["id"] for f in findings} == set(checker.findings)


def test_openapi_lists_the_pack_ids_and_has_examples(client: TestClient, checker: Checker) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["components"]["schemas"]["EvidenceItem"]["properties"]["id"]["enum"] == sorted(checker.findings)
    assert schema["components"]["schemas"]["Case"]["examples"]
    assert all(path.startswith("/v1/") for path in schema["paths"])
    assert client.get("/docs").status_code == 200
