"""The command line: DESIGN.md's JSON contracts, error shapes, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anklecheck.cli.app import app

from ..conftest import Editor

runner = CliRunner()
LEVELS = {"emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_assess_json_matches_the_design_contract() -> None:
    code, out, _ = run(
        "assess",
        "--finding",
        "pain_back_of_ankle",
        "--finding",
        "felt_pop_or_snap",
        "--absent",
        "fever",
        "--age",
        "40",
        "--sex",
        "male",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["conditions"], "ranked conditions"
    for condition in data["conditions"]:
        assert {"id", "name", "icd10", "probability"} <= condition.keys()
        assert 0 <= condition["probability"] <= 1
    probabilities = [c["probability"] for c in data["conditions"]]
    assert probabilities == sorted(probabilities, reverse=True)
    assert data["triage"]["level"] in LEVELS
    assert data["triage"]["reasons"]
    assert {"id": "fever", "present": False, "source": "structured"} in data["evidence"]
    assert {"id": "pain_back_of_ankle", "present": True, "source": "structured"} in data["evidence"]


def test_assess_screen_shows_banner_causes_and_advice() -> None:
    code, out, _ = run("assess", "-f", "pain_under_heel", "-f", "pain_first_steps_morning", "--age", "50")
    assert code == 0
    assert "How urgent" in out
    assert "Plantar fasciitis" in out
    assert "What to do now" in out
    assert "This is not a diagnosis." in out


def test_unknown_finding_is_a_clear_error_with_suggestions() -> None:
    code, out, err = run("assess", "--finding", "pain_under_heal")
    assert code == 2
    assert out == ""
    assert "error: unknown finding id 'pain_under_heal'" in err
    assert "hint: Did you mean: pain_under_heel" in err
    assert "Traceback" not in err


def test_bad_age_is_a_clear_error() -> None:
    code, _, err = run("assess", "--finding", "pain_under_heel", "--age", "300")
    assert code == 2
    assert err.startswith("error: age: 300 is not an age")


def test_conditions_json_lists_every_condition_with_triage() -> None:
    code, out, _ = run("conditions", "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data) >= 49
    assert all({"id", "name", "icd10", "triage"} <= item.keys() and item["triage"] in LEVELS for item in data)


def test_condition_page_in_the_terminal() -> None:
    code, out, _ = run("conditions", "achilles_tendinopathy")
    assert code == 0
    assert "Achilles" in out
    assert "References" in out
    assert "When to see a doctor" in out


def test_unknown_condition_suggests_closest() -> None:
    code, _, err = run("conditions", "achilles_tendinitis")
    assert code == 2
    assert "unknown condition id 'achilles_tendinitis'" in err
    assert "achilles_tendinopathy" in err


def test_findings_json() -> None:
    code, out, _ = run("findings", "--json")
    assert code == 0
    data = json.loads(out)
    assert all({"id", "question", "kind"} <= item.keys() for item in data)


def test_kb_check_ok_on_the_shipped_pack() -> None:
    code, out, _ = run("kb", "check")
    assert code == 0
    assert out.startswith("ok: ")


def test_kb_check_lists_problems_and_exits_1(pack_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(pack_copy, "conditions/gout.yaml", lambda data: data.pop("summary"))  # type: ignore[union-attr]
    edit_yaml(pack_copy, "conditions/dvt.yaml", lambda data: data.update({"icd10": "I82.99"}))  # type: ignore[union-attr]
    code, _, err = run("kb", "check", str(pack_copy))
    assert code == 1
    assert "conditions/gout.yaml: summary: is missing (required)" in err
    code, _, err = run("kb", "check", str(pack_copy / "nowhere"))
    assert code == 1


def test_kb_check_reports_codes_outside_the_official_list(pack_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(pack_copy, "conditions/dvt.yaml", lambda data: data.update({"icd10": "I82.99"}))  # type: ignore[union-attr]
    code, _, err = run("kb", "check", str(pack_copy))
    assert code == 1
    assert "conditions/dvt.yaml: icd10: 'I82.99' is not in the ICD-10-CM code list" in err


def test_bad_settings_are_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANKLECHECK_EVIDENCE_WEIGHT", "lots")
    code, _, err = run("assess", "-f", "fever")
    assert code == 2
    assert "ANKLECHECK_EVIDENCE_WEIGHT" in err


def test_eval_json_has_the_design_figures(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps(
            {
                "id": "c1",
                "findings": {"pain_under_heel": True, "pain_first_steps_morning": True},
                "age": 50,
                "sex": "female",
                "gold_icd10": ["M72.2"],
                "gold_triage": "self_care",
                "acceptable_triage": ["self_care", "consultation"],
                "extra_field": "ignored",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run("eval", str(cases), "--json")
    assert code == 0
    data = json.loads(out)
    for key in (
        "cases",
        "top1",
        "top3",
        "triage_exact",
        "triage_acceptable",
        "under_triage",
        "urgent_under_triaged",
        "brier",
        "per_case",
    ):
        assert key in data
    assert data["cases"] == 1
    assert data["top1"] == 1.0


def test_eval_reports_every_bad_line(tmp_path: Path) -> None:
    cases = tmp_path / "bad.jsonl"
    cases.write_text('{"id": "a"}\nnot json\n', encoding="utf-8")
    code, _, err = run("eval", str(cases))
    assert code == 2
    assert "bad.jsonl:1" in err
    assert "bad.jsonl:2" in err


def test_eval_report_writes_html_and_plots(tmp_path: Path) -> None:
    cases = Path(__file__).resolve().parents[2] / "vignettes"
    code, _, _ = run("eval", str(cases), "--report", str(tmp_path / "report"))
    assert code == 0
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "calibration.png" in page
    for image in ("calibration.png", "confusion.png", "recall.png"):
        assert (tmp_path / "report" / image).stat().st_size > 1000


def test_console_script_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "anklecheck", "assess", "-f", "itch", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["triage"]["level"] in LEVELS
