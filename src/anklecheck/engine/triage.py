"""Triage: the most urgent of fired rules, likely conditions and duration limits."""

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
    """A condition sets its level once its probability reaches the threshold the pack states."""
    conditions = len(model.condition_ids)
    reaching = np.flatnonzero(
        (probabilities[:conditions] >= model.thresholds) & (model.levels > TriageLevel.self_care)
    )
    reasons = []
    for row in reaching:
        condition = model.pack.conditions[model.condition_ids[row]]
        level = TriageLevel(int(model.levels[row]))
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


def decide(model: CompiledModel, probabilities: FloatArray, ctx: Context) -> Triage:
    reasons = fired_rules(model, ctx) + likely_condition_reasons(model, probabilities)
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
