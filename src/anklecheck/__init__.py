"""anklecheck: what is likely wrong with an ankle, foot or lower leg after exercise, how urgent
it is, and what to do.

The public API is small::

    from anklecheck import Checker
    result = Checker().assess({"pain_back_of_ankle": True, "felt_pop_or_snap": True}, age=41)
    result.triage.level, result.conditions[0].name

Everything else is private to its package.
"""

from anklecheck.engine import Assessment, Checker, Evidence
from anklecheck.errors import (
    AnklecheckError,
    EvaluationError,
    InvalidInputError,
    KnowledgePackError,
    UnknownIdError,
)
from anklecheck.kb import TriageLevel
from anklecheck.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "AnklecheckError",
    "Assessment",
    "Checker",
    "EvaluationError",
    "Evidence",
    "InvalidInputError",
    "KnowledgePackError",
    "Settings",
    "TriageLevel",
    "UnknownIdError",
    "__version__",
]
