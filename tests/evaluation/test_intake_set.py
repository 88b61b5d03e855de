"""The intake test set (`vignettes/intake/`): well formed, and the intake at the issue's targets
(precision 0.90, recall 0.85, negation accuracy 0.95) on the whole set (lay and clinical
sentences, vignettes/intake/README.md), so that a change to the intake or the pack cannot quietly
lose ground.
"""

from __future__ import annotations

from typing import Any

import pytest

from anklecheck import Checker
from anklecheck.evaluation import load_cases
from anklecheck.evaluation.intake import evaluate_intake

from ..conftest import VIGNETTES

CASES = load_cases([VIGNETTES / "intake"])


def test_at_least_300_sentences_with_gold_findings_known_to_the_pack(checker: Checker) -> None:
    assert len(CASES) >= 300
    for case in CASES:
        named = {*case.findings, *case.uncertain, *case.other_person}
        assert named <= set(checker.findings), case.id


@pytest.fixture(scope="module")
def figures(checker: Checker) -> dict[str, Any]:
    return evaluate_intake(checker, CASES)


def test_precision_meets_the_target(figures: dict[str, Any]) -> None:
    assert figures["precision"] >= 0.90


def test_recall_meets_the_target(figures: dict[str, Any]) -> None:
    assert figures["recall"] >= 0.85


def test_negation_accuracy_meets_the_target(figures: dict[str, Any]) -> None:
    assert figures["negation_accuracy"] >= 0.95
