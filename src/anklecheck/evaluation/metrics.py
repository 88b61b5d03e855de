"""Scoring an assessment against a case, and the summary figures of `anklecheck eval`.

A case is correct at top-k when one of the top-k conditions' ICD-10 codes and one of the gold
codes are prefixes of each other (dots removed, case ignored). The Brier score treats all
conditions whose codes match the gold as one class: (1 - P(match))^2 + sum of squares of the
other conditions' probabilities, plus that of "none of these".
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from anklecheck.engine.result import Assessment
from anklecheck.evaluation.cases import EvalCase
from anklecheck.kb.schema import TriageLevel

URGENT = TriageLevel.consultation_24


def normalise_code(code: str) -> str:
    return code.replace(".", "").strip().upper()


def codes_match(codes: Iterable[str], gold: Iterable[str]) -> bool:
    gold_codes = [normalise_code(g) for g in gold]
    return any(c.startswith(g) or g.startswith(c) for c in map(normalise_code, codes) for g in gold_codes)


@dataclass(frozen=True)
class CaseScore:
    id: str
    gold_icd10: tuple[str, ...]
    predicted: tuple[str, ...]
    top_probability: float
    gold_probability: float
    correct_top1: bool
    correct_top3: bool
    triage: str
    gold_triage: str
    triage_exact: bool
    triage_acceptable: bool
    under_triaged: bool
    urgent_under_triaged: bool
    brier: float
    asked: tuple[str, ...] | None = None  # questions of a simulated interview, in order

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["gold_icd10"] = list(self.gold_icd10)
        data["predicted"] = list(self.predicted)
        if self.asked is None:
            del data["asked"]
        else:
            data["asked"] = list(self.asked)
            data["questions"] = len(self.asked)
        return data


def score_case(
    case: EvalCase, result: Assessment, codes: Mapping[str, Sequence[str]], asked: tuple[str, ...] | None = None
) -> CaseScore:
    """Score one assessment. ``codes`` maps each condition id to all its ICD-10 codes."""
    ranked = sorted(result.probabilities.items(), key=lambda item: -item[1])
    matching = {c for c, condition_codes in codes.items() if codes_match(condition_codes, case.gold_icd10)}
    gold_probability = sum(result.probabilities[c] for c in matching)
    others = sum(p * p for c, p in result.probabilities.items() if c not in matching)
    level = result.triage.level
    acceptable = case.acceptable_levels
    under = level < min(acceptable)
    return CaseScore(
        id=case.id,
        gold_icd10=tuple(case.gold_icd10),
        predicted=tuple(c for c, _ in ranked[:3]),
        top_probability=ranked[0][1],
        gold_probability=gold_probability,
        correct_top1=ranked[0][0] in matching,
        correct_top3=any(c in matching for c, _ in ranked[:3]),
        triage=level.name,
        gold_triage=case.gold_level.name,
        triage_exact=level == case.gold_level,
        triage_acceptable=level in acceptable,
        under_triaged=under,
        urgent_under_triaged=under and case.gold_level >= URGENT,
        brier=(1 - gold_probability) ** 2 + others + result.none_probability**2,
        asked=asked,
    )


def summarise(scores: Sequence[CaseScore]) -> dict[str, Any]:
    count = len(scores)

    def fraction(name: str) -> float:
        return round(sum(bool(getattr(s, name)) for s in scores) / count, 4) if count else 0.0

    summary: dict[str, Any] = {
        "cases": count,
        "top1": fraction("correct_top1"),
        "top3": fraction("correct_top3"),
        "triage_exact": fraction("triage_exact"),
        "triage_acceptable": fraction("triage_acceptable"),
        "under_triage": fraction("under_triaged"),
        "urgent_under_triaged": sum(s.urgent_under_triaged for s in scores),
        "brier": round(statistics.fmean(s.brier for s in scores), 4) if count else 0.0,
    }
    questions = sorted(len(s.asked) for s in scores if s.asked is not None)
    if questions:
        summary["questions_median"] = statistics.median(questions)
        summary["questions_p90"] = questions[math.ceil(0.9 * len(questions)) - 1]
    return summary
