"""serve, followup, feedback and sessions on the command line (a real SQLite file)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anklecheck.api.service import Service
from anklecheck.api.sessions import Sessions
from anklecheck.cli.app import app


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("ANKLECHECK_DATABASE_URL", url)
    return url


def _session(began_days_ago: float) -> tuple[Sessions, str]:
    sessions = Sessions(Service())
    findings = {"complaint_pain": True, "pain_back_of_ankle": True, "pain_during_activity": True}
    began = datetime.now(UTC) - timedelta(days=began_days_ago)
    return sessions, sessions.create(findings, 45, "female", began)["id"]


def test_help_does_not_import_the_web_or_database_stack() -> None:
    heavy = "('fastapi', 'sqlalchemy', 'uvicorn', 'alembic')"
    code = f"import sys; import anklecheck.cli.app; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_followup_raises_the_level_after_72_hours(database: str) -> None:
    _, session_id = _session(4)
    result = CliRunner().invoke(app, ["followup", session_id, "--progress", "same", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["level"] == "consultation"
    assert any(r["id"] == "pain_beyond_72_hours" for r in data["triage"]["reasons"])


def test_followup_errors_have_the_cli_error_shape(database: str) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["followup", "no-such-session-id-here", "--progress", "same"])
    assert missing.exit_code == 2
    assert "error: no session" in missing.stderr
    _, session_id = _session(1)
    bad = runner.invoke(app, ["followup", session_id, "--progress", "meh"])
    assert bad.exit_code == 2
    assert "progress" in bad.stderr
    needed = runner.invoke(app, ["followup", session_id])  # no terminal here: --progress is needed
    assert needed.exit_code == 2
    assert "--progress" in needed.stderr


def test_feedback_list_and_export(database: str, tmp_path: Path) -> None:
    sessions, session_id = _session(1)
    sessions.feedback(kind="wrong_result", message="Missed it", session_id=session_id, page=None, seen=None)
    runner = CliRunner()
    listed = runner.invoke(app, ["feedback", "list"])
    assert listed.exit_code == 0
    assert "wrong_result" in listed.stdout
    assert "Missed it" in listed.stdout
    target = tmp_path / "feedback.jsonl"
    assert runner.invoke(app, ["feedback", "export", "-o", str(target)]).exit_code == 0
    (report,) = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert report["snapshot"]["session"]["id"] == session_id


def test_sessions_purge_erases_old_sessions(database: str) -> None:
    sessions, session_id = _session(1)
    runner = CliRunner()
    assert "0 session(s) erased" in runner.invoke(app, ["sessions", "purge", "--days", "30"]).stdout
    assert sessions.view(session_id)["id"] == session_id
    result = runner.invoke(app, ["sessions", "purge", "--days", "0"])
    assert "kept all" in result.stdout
