"""anklecheck: what is likely wrong with an ankle, foot or lower leg after exercise, how urgent
it is, and what to do.

The public API is small::

    from anklecheck import Checker
    result = Checker().assess({"pain_back_of_ankle": True, "felt_pop_or_snap": True}, age=41)
    result.triage.level, result.conditions[0].name

Everything else is private to its package. Names are imported on first use, so that importing
the package (for example to start the command line) does not load NumPy and the pack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from anklecheck.engine import Assessment, Checker, Evidence
    from anklecheck.errors import (
        AnklecheckError,
        EvaluationError,
        InvalidInputError,
        KnowledgePackError,
        UnknownIdError,
    )
    from anklecheck.kb.schema import TriageLevel
    from anklecheck.settings import Settings

__version__ = "0.1.0"

_EXPORTS = {
    "AnklecheckError": "anklecheck.errors",
    "Assessment": "anklecheck.engine.result",
    "Checker": "anklecheck.engine.checker",
    "EvaluationError": "anklecheck.errors",
    "Evidence": "anklecheck.engine.result",
    "InvalidInputError": "anklecheck.errors",
    "KnowledgePackError": "anklecheck.errors",
    "Settings": "anklecheck.settings",
    "TriageLevel": "anklecheck.kb.schema",
    "UnknownIdError": "anklecheck.errors",
}

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


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'anklecheck' has no attribute {name!r}")
