"""Scoring the free-text intake against the gold findings of cases (`eval --intake`).

Per case, the parsed evidence is compared with the case's `findings`, each side read with what it
implies (as the checker reads evidence: "5 days" also says "not over 6 weeks"). precision = parsed
findings the gold states or implies / parsed; recall = gold findings the parse states or implies /
gold; negation_accuracy = share of parsed findings the gold speaks of whose polarity agrees.
Findings a case marks as only possible or as somebody else's are not in its gold: parsing them as
evidence counts against precision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from anklecheck.engine.checker import Checker
from anklecheck.errors import InvalidInputError
from anklecheck.evaluation.cases import EvalCase


@dataclass(frozen=True)
class IntakeScore:
    id: str
    parsed: dict[str, bool]  # what the text gave, as stated
    gold: dict[str, bool]  # the case's findings, as stated
    parsed_closure: dict[str, bool]  # ... with what they imply (both ways, as the checker reads them)
    gold_closure: dict[str, bool]
    age_right: bool | None  # None when the case states no age
    sex_right: bool | None

    @property
    def correct(self) -> int:
        """Parsed findings the gold states or implies ("5 days" says "not over 6 weeks" too)."""
        return sum(self.gold_closure.get(f) == v for f, v in self.parsed.items())

    @property
    def found(self) -> int:
        """Gold findings the parse states or implies."""
        return sum(self.parsed_closure.get(f) == v for f, v in self.gold.items())

    @property
    def agreeing_polarity(self) -> tuple[int, int]:
        both = [f for f in self.parsed if f in self.gold_closure]
        return sum(self.parsed[f] == self.gold_closure[f] for f in both), len(both)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "correct": self.correct,
            "wrong": sorted(f"{f}={v}" for f, v in self.parsed.items() if self.gold_closure.get(f) != v),
            "missed": sorted(f"{f}={v}" for f, v in self.gold.items() if self.parsed_closure.get(f) != v),
        }


def score_intake(checker: Checker, case: EvalCase) -> IntakeScore:
    gold = dict(case.findings)
    try:
        parsed_text = checker.parse(case.text or "")
    except InvalidInputError:  # nothing left to read (only tags or spaces): nothing parsed
        parsed_text = None
    parsed = {e.id: bool(e.present) for e in parsed_text.evidence} if parsed_text else {}
    return IntakeScore(
        id=case.id,
        parsed=parsed,
        gold=gold,
        parsed_closure=_closure(checker, parsed),
        gold_closure=_closure(checker, gold),
        age_right=None if case.age is None else parsed_text is not None and parsed_text.age == case.age,
        sex_right=None if case.sex is None else parsed_text is not None and parsed_text.sex == case.sex,
    )


def _closure(checker: Checker, findings: dict[str, bool]) -> dict[str, bool]:
    return {e.id: bool(e.present) for e in checker.weigh(findings).evidence if e.present is not None}


def evaluate_intake(
    checker: Checker, cases: Sequence[EvalCase], on_case: Callable[[EvalCase], None] | None = None
) -> dict[str, Any]:
    scores = []
    for case in cases:
        if case.text:
            scores.append(score_intake(checker, case))
        if on_case is not None:
            on_case(case)
    parsed = sum(len(s.parsed) for s in scores)
    gold = sum(len(s.gold) for s in scores)
    correct = sum(s.correct for s in scores)
    found = sum(s.found for s in scores)
    agree = sum(s.agreeing_polarity[0] for s in scores)
    both = sum(s.agreeing_polarity[1] for s in scores)
    ages = [s.age_right for s in scores if s.age_right is not None]
    sexes = [s.sex_right for s in scores if s.sex_right is not None]
    return {
        "cases": len(scores),
        "precision": round(correct / parsed, 4) if parsed else 0.0,
        "recall": round(found / gold, 4) if gold else 0.0,
        "negation_accuracy": round(agree / both, 4) if both else 0.0,
        "age_accuracy": round(sum(ages) / len(ages), 4) if ages else None,
        "sex_accuracy": round(sum(sexes) / len(sexes), 4) if sexes else None,
        "per_case": [s.to_dict() for s in scores],
    }
