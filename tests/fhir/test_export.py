"""`GET /v1/sessions/{id}/fhir` and `anklecheck export SESSION --fhir`, on a real database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from anklecheck.api.service import Service
from anklecheck.api.sessions import Sessions
from anklecheck.cli.app import app
from anklecheck.fhir import FHIR_JSON

from .bundles import resources, valid_bundle

RUPTURE = {"complaint_pain": True, "felt_pop_or_snap": True, "cannot_tiptoe_single_leg": True}


def _rupture_session(client: TestClient) -> str:
    evidence = [{"id": f, "choice_id": "present"} for f in RUPTURE]
    created = client.post("/v1/sessions", json={"age": 43, "sex": "male", "evidence": evidence})
    assert created.status_code == 201
    session_id: str = created.json()["id"]
    return session_id


def test_the_endpoint_sends_a_valid_r4b_bundle_of_the_session(client: TestClient) -> None:
    session_id = _rupture_session(client)
    response = client.get(f"/v1/sessions/{session_id}/fhir")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(FHIR_JSON)
    bundle = valid_bundle(response.text)
    result = client.get(f"/v1/sessions/{session_id}/result").json()["assessment"]
    (risk,) = resources(bundle, "RiskAssessment")
    assert [p.outcome.coding[0].code for p in risk.prediction] == [c["icd10"] for c in result["conditions"]]
    assert f"triage level {result['triage']['level']}" in risk.mitigation
    (response_resource,) = resources(bundle, "QuestionnaireResponse")
    session = client.get(f"/v1/sessions/{session_id}").json()
    assert [i.linkId for i in response_resource.item] == [a["question_id"] for a in session["answers"]]
    assert session_id not in response.text  # the id opens the session: it never travels in the document
    (patient,) = resources(bundle, "Patient")
    assert patient.gender == "male"


def test_an_unknown_session_is_a_404_in_the_one_error_shape(client: TestClient) -> None:
    response = client.get("/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA/fhir")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    erased = _rupture_session(client)
    assert client.delete(f"/v1/sessions/{erased}").status_code == 204
    assert client.get(f"/v1/sessions/{erased}/fhir").status_code == 404


def test_the_openapi_document_lists_the_fhir_media_type(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/sessions/{session_id}/fhir"]["get"]
    assert FHIR_JSON in operation["responses"]["200"]["content"]


@pytest.fixture
def stored_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ANKLECHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    sessions = Sessions(Service())
    session_id: str = sessions.create(RUPTURE, 43, "male", None)["id"]
    sessions.service.close()
    return session_id


def test_the_command_writes_the_bundle_to_a_file(stored_session: str, tmp_path: Path) -> None:
    target = tmp_path / "bundle.json"
    result = CliRunner().invoke(app, ["export", stored_session, "--fhir", "--output", str(target)])
    assert result.exit_code == 0, result.output
    bundle = valid_bundle(target.read_text(encoding="utf-8"))
    (risk,) = resources(bundle, "RiskAssessment")
    assert risk.prediction[0].outcome.text == "Achilles tendon rupture"


def test_the_command_prints_the_bundle_or_the_result(stored_session: str) -> None:
    runner = CliRunner()
    fhir = runner.invoke(app, ["export", stored_session, "--fhir"])
    assert fhir.exit_code == 0, fhir.output
    valid_bundle(fhir.stdout)
    plain = runner.invoke(app, ["export", stored_session])
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.stdout)["assessment"]["conditions"][0]["id"] == "achilles_rupture"


def test_the_command_reports_an_unknown_session_in_the_cli_error_shape(stored_session: str) -> None:
    result = CliRunner().invoke(app, ["export", "no-such-session-id-here", "--fhir"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no session")
    assert "hint:" in result.stderr
    assert result.stdout == ""


def test_neither_the_command_line_nor_the_app_imports_fhir_resources_until_an_export() -> None:
    code = (
        "import sys, anklecheck.cli.app; from anklecheck.api.app import create_app; "
        "from anklecheck.api.service import Service; create_app(Service()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fhir', 'fhir_core')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
