"""The documentation says what the code does (Datasette-style tests of the docs)."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from anklecheck import Checker
from anklecheck.cli.app import app

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_run_and_test_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    run, test = blocks[0], blocks[1]
    assert README.index("Run") < README.index(run) < README.index("Test") < README.index(test)
    assert "pip install" in run
    assert "anklecheck" in run
    assert '.venv/bin/pip install -q -e ".[dev]"' in test
    assert test.endswith(".venv/bin/python -m pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test = re.findall(r"```sh\n(.*?)\n```", README, re.S)[1]
    assert test in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_run_command_starts_the_web_app(tmp_path: Path) -> None:
    """The Run command, as written (on a free port and a throwaway database), serves the home page
    and says where."""
    run = re.findall(r"```sh\n(.*?)\n```", README, re.S)[0]
    command = shlex.split(run.split("&& ")[-1])
    assert command[:2] == [".venv/bin/anklecheck", "serve"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ANKLECHECK_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "anklecheck", *command[1:], "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        home = _wait_for(f"http://127.0.0.1:{port}/", server)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "What's going on with your ankle?" in home
    assert f"http://127.0.0.1:{port}/" in output


def _wait_for(url: str, server: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.communicate()[0]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode())
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within 90 s")


def test_the_readme_sample_complaint_command_works() -> None:
    sample = next(b for b in re.findall(r"```sh\n(.*?)\n```", README, re.S) if "anklecheck assess" in b)
    command = shlex.split(sample)
    assert command[0] == ".venv/bin/anklecheck"
    result = CliRunner().invoke(app, command[1:])
    assert result.exit_code == 0, result.output
    assert "Achilles" in result.stdout


def test_condition_table_in_the_pack_docs_matches_the_pack(checker: Checker) -> None:
    text = (REPO / "docs" / "knowledge-pack.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([a-z_0-9]+) \| ([A-Z0-9.]+) \|", text, re.M))
    assert rows == {c.id: c.icd10 for c in checker.conditions.values()}


def test_rules_doc_lists_every_rule(checker: Checker) -> None:
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    missing = [c.rule.id for c in checker.pack.rules if f"`{c.rule.id}`" not in text]
    assert missing == []


def test_settings_table_lists_every_setting() -> None:
    from anklecheck import settings

    for name in settings._ENV.values():
        assert name in settings.__doc__
        assert name in README


def test_the_interview_page_states_the_thresholds_the_engine_uses() -> None:
    from anklecheck.engine import interview

    page = (REPO / "docs" / "interview.md").read_text(encoding="utf-8")
    stated = {
        f"{interview.PLAUSIBLE_FRACTION:.0%}".replace("%", " %"): "plausible fraction",
        f"{interview.LEADING:.0%}".replace("%", " %"): "working diagnosis",
        f"{interview.MIN_CHANGE:.0%}".replace("%", " %"): "chance of changing the advice",
        f"{interview.MIN_ESCALATION} triage levels": "expected escalation",
        f"after {interview.MAX_QUESTIONS} questions": "question limit",
        f"{interview.CHECKLIST_SAMPLES} fixed draws": "checklist draws",
    }
    missing = [what for text, what in stated.items() if text not in page]
    assert missing == []
