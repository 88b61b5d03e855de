"""The documentation says what the code does (Datasette-style tests of the docs)."""

from __future__ import annotations

import re
import shlex

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


def test_the_readme_run_command_works() -> None:
    run = re.findall(r"```sh\n(.*?)\n```", README, re.S)[0]
    command = shlex.split(run.split("&& ")[-1])
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
