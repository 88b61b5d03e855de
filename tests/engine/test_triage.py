"""Triage: rules fire on their examples, thresholds are what the pack says, reasons name the cause."""

from __future__ import annotations

import numpy as np
import pytest

from anklecheck import Checker, TriageLevel
from anklecheck.engine.triage import decide
from anklecheck.kb import load_pack
from anklecheck.kb.expressions import Context

PACK = load_pack()
RULES = [compiled.rule for compiled in PACK.rules]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_fires_on_its_positive_cases_and_not_on_its_near_misses(checker: Checker, rule) -> None:  # type: ignore[no-untyped-def]
    for example in rule.fires_on:
        result = checker.assess(dict.fromkeys(example.findings, True), age=example.age, sex=example.sex)
        assert rule.id in {reason.id for reason in result.triage.reasons}, example
        assert result.triage.level >= rule.level
    for example in rule.not_on:
        result = checker.assess(dict.fromkeys(example.findings, True), age=example.age, sex=example.sex)
        assert rule.id not in {reason.id for reason in result.triage.reasons}, example


def _probabilities(checker: Checker, condition_id: str, probability: float) -> np.ndarray:
    conditions = len(checker.model.condition_ids)
    rest = (1.0 - probability) / conditions
    values = np.full(conditions + 1, rest)
    values[checker.model.condition_index[condition_id]] = probability
    return values


def test_fifteen_percent_chance_of_dvt_is_urgent(checker: Checker) -> None:
    triage = decide(checker.model, _probabilities(checker, "dvt", 0.15), Context(frozenset()))
    assert triage.level >= TriageLevel.consultation_24
    assert triage.reasons[0].id == "dvt"


def test_fifteen_percent_chance_of_eczema_is_not_urgent(checker: Checker) -> None:
    triage = decide(checker.model, _probabilities(checker, "eczema_flare", 0.15), Context(frozenset()))
    assert triage.level == TriageLevel.self_care


@pytest.mark.parametrize("condition", sorted(PACK.conditions))
def test_each_condition_sets_each_step_of_its_ladder_at_its_threshold(checker: Checker, condition: str) -> None:
    for step in PACK.conditions[condition].triage.steps:
        at = decide(checker.model, _probabilities(checker, condition, step.threshold), Context(frozenset()))
        assert at.level >= step.level
        if step.level > TriageLevel.self_care:
            assert any(r.id == condition and r.level >= step.level for r in at.reasons)
    lowest = min(step.threshold for step in PACK.conditions[condition].triage.steps)
    below = decide(checker.model, _probabilities(checker, condition, lowest * 0.5), Context(frozenset()))
    assert condition not in {r.id for r in below.reasons}


def test_no_evidence_is_self_care_with_a_reason(checker: Checker) -> None:
    result = checker.assess({})
    assert result.triage.level == TriageLevel.self_care
    assert result.triage.reasons


@pytest.mark.parametrize(
    ("text", "at_least"),
    [
        ("Went for a long run in the heat and nearly fainted at the end", TriageLevel.emergency),
        (
            "Got itchy all over after my run and now I feel like I'm going to pass out",
            TriageLevel.emergency_ambulance,
        ),
        (
            "Went over on my foot two days ago. Pressing the bony bump on the outer edge of my foot hurts.",
            TriageLevel.consultation_24,
        ),
        ("I cannot take even two steps since I rolled my ankle an hour ago", TriageLevel.emergency),
    ],
)
def test_warning_signs_told_in_words_are_urgent(checker: Checker, text: str, at_least: TriageLevel) -> None:
    assert checker.assess(text=text).triage.level >= at_least
