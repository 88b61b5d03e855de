"""Scoring rules of the evaluation (DESIGN.md)."""

from __future__ import annotations

import pytest

from anklecheck import Checker
from anklecheck.errors import EvaluationError
from anklecheck.evaluation import EvalCase, codes_match, evaluate, score_case, summarise
from anklecheck.evaluation.runner import condition_codes


@pytest.mark.parametrize(
    ("codes", "gold", "expected"),
    [
        (["M76.6"], ["M76.61"], True),
        (["M76.61"], ["m76.6"], True),
        (["M7660"], ["M76.6"], True),
        (["M76.6"], ["M76.7"], False),
        (["S93.40"], ["S93.4"], True),
        (["S93.40"], ["S93.43"], False),
        (["L03.11", "L03.9"], ["L03.90"], True),
    ],
)
def test_codes_match_as_prefixes_of_each_other(codes: list[str], gold: list[str], expected: bool) -> None:
    assert codes_match(codes, gold) is expected


def _case(**overrides: object) -> EvalCase:
    data: dict[str, object] = {
        "id": "x",
        "findings": {"pain_under_heel": True, "pain_first_steps_morning": True},
        "gold_icd10": ["M72.2"],
        "gold_triage": "self_care",
        "acceptable_triage": ["self_care", "consultation"],
    }
    data.update(overrides)
    return EvalCase.model_validate(data)


def test_score_of_a_correct_case(checker: Checker) -> None:
    case = _case()
    score = score_case(case, checker.assess(case.findings), condition_codes(checker))
    assert score.correct_top1
    assert score.correct_top3
    assert score.triage_acceptable
    assert not score.under_triaged
    assert 0 <= score.brier <= 2


def test_under_triage_of_an_urgent_case_is_counted(checker: Checker) -> None:
    case = _case(
        gold_icd10=["I82.4"], gold_triage="consultation_24", acceptable_triage=["consultation_24", "emergency"]
    )
    score = score_case(case, checker.assess(case.findings), condition_codes(checker))
    assert score.under_triaged
    assert score.urgent_under_triaged
    summary = summarise([score])
    assert summary["urgent_under_triaged"] == 1
    assert summary["under_triage"] == 1.0
    assert summary["top1"] == 0.0


def test_case_needs_text_or_findings() -> None:
    with pytest.raises(ValueError, match="text or findings"):
        EvalCase.model_validate({"id": "x", "gold_icd10": ["M72.2"], "gold_triage": "self_care"})


def test_intake_cases_have_no_gold_and_are_skipped_when_scoring_a_diagnosis(checker: Checker) -> None:
    intake = EvalCase.model_validate(
        {"id": "i1", "text": "no swelling but it hurts", "findings": {"swelling_ankle": False}, "uncertain": []}
    )
    assert not intake.has_gold
    scored = EvalCase.model_validate(
        {"id": "d1", "findings": {"pain_under_heel": True}, "gold_icd10": ["M72.2"], "gold_triage": "self_care"}
    )
    assert evaluate(checker, [intake, scored]).summary["cases"] == 1
    with pytest.raises(EvaluationError, match="none of the cases has gold"):
        evaluate(checker, [intake])


def test_gold_code_and_triage_come_together() -> None:
    with pytest.raises(ValueError, match="come together"):
        EvalCase.model_validate({"id": "x", "text": "sore heel", "gold_icd10": ["M72.2"]})
