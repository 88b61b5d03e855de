"""The typed, frozen result of an assessment, and its JSON form (DESIGN.md contract)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from anklecheck.kb.schema import TriageLevel

EvidenceSource = Literal["structured", "text", "implied"]


@dataclass(frozen=True)
class Evidence:
    """One answer: a finding that is present (True), absent (False) or unknown (None)."""

    id: str
    present: bool | None
    source: EvidenceSource = "structured"
    span: tuple[int, int] | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "present": self.present, "source": self.source}
        if self.span is not None:
            data["span"] = list(self.span)
            data["text"] = self.text
        return data


@dataclass(frozen=True)
class Contribution:
    """How much one piece of evidence moved a condition (log likelihood ratio vs. the rest)."""

    id: str
    label: str
    present: bool
    weight: float

    @property
    def text(self) -> str:
        """How it reads in an explanation: an absent finding counts too ("Swollen ankle: no")."""
        return self.label if self.present else f"{self.label}: no"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "present": self.present,
            "text": self.text,
            "weight": round(self.weight, 3),
        }


@dataclass(frozen=True)
class RankedCondition:
    id: str
    name: str
    icd10: str
    probability: float
    level: TriageLevel
    supporting: tuple[Contribution, ...]
    opposing: tuple[Contribution, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "icd10": self.icd10,
            "probability": round(self.probability, 4),
            "triage": self.level.name,
            "why": {
                "for": [c.to_dict() for c in self.supporting],
                "against": [c.to_dict() for c in self.opposing],
            },
        }


@dataclass(frozen=True)
class TriageReason:
    kind: Literal["red_flag", "decision_rule", "duration", "condition", "default"]
    id: str
    level: TriageLevel
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "level": self.level.name, "text": self.text}


@dataclass(frozen=True)
class Triage:
    level: TriageLevel
    reasons: tuple[TriageReason, ...]

    @property
    def urgent(self) -> bool:
        """Urgent levels never present a self-care plan, only advice while waiting."""
        return self.level >= TriageLevel.consultation_24

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level.name, "reasons": [r.to_dict() for r in self.reasons]}


@dataclass(frozen=True)
class AdviceText:
    text: str
    source: tuple[str, ...]
    about: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "source": list(self.source), "about": self.about}


@dataclass(frozen=True)
class Advice:
    plan: tuple[AdviceText, ...]
    while_you_wait: tuple[AdviceText, ...]
    see_doctor_if: tuple[AdviceText, ...]
    prevention: tuple[AdviceText, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            name: [item.to_dict() for item in getattr(self, name)]
            for name in ("plan", "while_you_wait", "see_doctor_if", "prevention")
        }


@dataclass(frozen=True)
class Assessment:
    """What `Checker.assess` returns: ranked causes, triage, evidence used, advice."""

    conditions: tuple[RankedCondition, ...]
    probabilities: Mapping[str, float]
    none_probability: float
    triage: Triage
    evidence: tuple[Evidence, ...]
    advice: Advice
    age: int | None
    sex: str | None
    model: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "conditions": [c.to_dict() for c in self.conditions],
            "none_of_these": round(self.none_probability, 4),
            "triage": self.triage.to_dict(),
            "evidence": [e.to_dict() for e in self.evidence],
            "advice": self.advice.to_dict(),
            "patient": {"age": self.age, "sex": self.sex},
            "model": self.model,
        }
