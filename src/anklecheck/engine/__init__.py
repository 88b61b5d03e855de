"""The engine: inference, triage, explanations and advice over the compiled knowledge pack."""

from anklecheck.engine.checker import Checker
from anklecheck.engine.result import (
    Advice,
    AdviceText,
    Assessment,
    Contribution,
    Evidence,
    RankedCondition,
    Triage,
    TriageReason,
)

__all__ = [
    "Advice",
    "AdviceText",
    "Assessment",
    "Checker",
    "Contribution",
    "Evidence",
    "RankedCondition",
    "Triage",
    "TriageReason",
]
