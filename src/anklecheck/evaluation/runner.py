"""Run a checker over evaluation cases and collect the scores."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from anklecheck.engine.checker import Checker
from anklecheck.engine.interview import Interviewer
from anklecheck.errors import EvaluationError
from anklecheck.evaluation.cases import EvalCase
from anklecheck.evaluation.metrics import CaseScore, codes_match, score_case, summarise
from anklecheck.evaluation.simulate import simulate


@dataclass(frozen=True)
class EvaluationRun:
    cases: tuple[EvalCase, ...]
    scores: tuple[CaseScore, ...]
    summary: dict[str, Any]
    # Simulated interviews only: each case's top-3 after 0, 1, 2 ... questions.
    top_after: tuple[tuple[tuple[str, ...], ...], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary, "per_case": [score.to_dict() for score in self.scores]}


def condition_codes(checker: Checker) -> dict[str, tuple[str, ...]]:
    return {c.id: (c.icd10, *c.icd10_also) for c in checker.conditions.values()}


def gold_condition(case: EvalCase, codes: dict[str, tuple[str, ...]]) -> str | None:
    """The first condition (in pack order) whose codes match the case's gold codes."""
    return next((c for c, condition_codes in codes.items() if codes_match(condition_codes, case.gold_icd10)), None)


def evaluate(
    checker: Checker,
    cases: Sequence[EvalCase],
    on_case: Callable[[EvalCase], None] | None = None,
    *,
    interview: bool = False,
    text_only: bool = False,
) -> EvaluationRun:
    """Assess each case from its structured findings, age and sex, and score it; with
    ``interview``, run a simulated interview that answers from the findings instead; with
    ``text_only``, read the case's text and ignore its findings."""
    codes = condition_codes(checker)
    cases = [case for case in cases if case.has_gold and (case.text or not text_only)]
    if not cases:
        raise EvaluationError(
            "none of the cases has gold_icd10 and gold_triage to score a diagnosis against",
            hint="Intake cases (text with findings only) are scored with --intake.",
        )
    interviewer = Interviewer(checker) if interview else None
    scores, trajectories = [], []
    for case in cases:
        if text_only:
            result = checker.assess(text=case.text or "", age=case.age, sex=case.sex)
            scores.append(score_case(case, result, codes))
        elif interviewer is None:
            scores.append(score_case(case, checker.assess(case.findings, age=case.age, sex=case.sex), codes))
        else:
            done = simulate(interviewer, case)
            scores.append(score_case(case, done.assessment, codes, done.questions))
            trajectories.append(done.top_after)
        if on_case is not None:
            on_case(case)
    return EvaluationRun(tuple(cases), tuple(scores), summarise(scores), tuple(trajectories))
