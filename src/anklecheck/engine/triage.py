"""Triage: the most urgent of fired rules, likely conditions and duration limits.

Safety principle: a red-flag finding can add urgency but never take it away. A finding such as
"gap in the Achilles tendon" that points away from, say, a stress fracture must not reassure the
person out of a visit. So condition levels are read, per condition, from the highest probability
over posteriors that leave out any subset of the present red-flag findings (``baseline``; the
full evidence is one of them). Adding a red-flag finding then only adds posteriors to that
maximum. Absent findings still lower urgency: "no fever" is information, not alarm.
"""

from __future__ import annotations

import numpy as np

from anklecheck.engine.result import Triage, TriageReason
from anklecheck.kb.expressions import Context
from anklecheck.kb.model import CompiledModel, FloatArray
from anklecheck.kb.schema import TriageLevel

LEVEL_TEXT = {
    TriageLevel.emergency_ambulance: "Call an ambulance now",
    TriageLevel.emergency: "Go to an emergency department now",
    TriageLevel.consultation_24: "See a doctor within 24 hours",
    TriageLevel.consultation: "See a doctor or physiotherapist soon (not urgent)",
    TriageLevel.self_care: "Manage at home, and watch for warning signs",
}


def fired_rules(model: CompiledModel, ctx: Context) -> list[TriageReason]:
    return [
        TriageReason(kind=compiled.rule.kind, id=compiled.rule.id, level=compiled.rule.level, text=compiled.rule.reason)
        for compiled in model.pack.rules
        if compiled.fires(ctx)
    ]


def likely_condition_reasons(model: CompiledModel, probabilities: FloatArray) -> list[TriageReason]:
    """A condition sets a level once its probability reaches that step of its ladder in the pack."""
    reached = (probabilities[model.step_rows] >= model.step_thresholds) & (model.step_levels > TriageLevel.self_care)
    highest: dict[int, int] = {}
    for row, level_value in zip(model.step_rows[reached], model.step_levels[reached], strict=True):
        highest[int(row)] = max(highest.get(int(row), 0), int(level_value))
    reasons = []
    for row, level_value in highest.items():
        condition = model.pack.conditions[model.condition_ids[row]]
        level = TriageLevel(level_value)
        chance = f"{probabilities[row]:.0%}"
        reasons.append(
            TriageReason(
                kind="condition",
                id=condition.id,
                level=level,
                text=f"{condition.name} is possible ({chance} likely). {LEVEL_TEXT[level]}.",
            )
        )
    return reasons


def decide(model: CompiledModel, probabilities: FloatArray, ctx: Context, baseline: FloatArray | None = None) -> Triage:
    urgency = probabilities if baseline is None else np.maximum(probabilities, baseline)
    reasons = fired_rules(model, ctx) + likely_condition_reasons(model, urgency)
    if not reasons:
        reasons = [
            TriageReason(
                kind="default",
                id="no_warning_signs",
                level=TriageLevel.self_care,
                text="No warning signs were found and the likely causes can be managed at home at first.",
            )
        ]
    reasons.sort(key=lambda reason: reason.level, reverse=True)
    return Triage(level=reasons[0].level, reasons=tuple(reasons))
