"""Explanations: for a condition, the evidence that raised and lowered it most.

A finding's weight is its log likelihood ratio against the finding's leak (its rate in people
with none of the listed conditions): positive raises the condition, negative lowers it. Age and
sex count too where the pack adjusts the condition's prior for them.
"""

from __future__ import annotations

import math

from anklecheck.engine.result import Contribution
from anklecheck.kb.model import CompiledModel, IntArray

MAX_REASONS = 4


def finding_label(model: CompiledModel, finding_id: str) -> str:
    finding = model.pack.findings[finding_id]
    if finding.label:
        return finding.label
    if finding.group is not None:
        return f"{model.pack.groups[finding.group].question.split('?')[0]}: {finding.question}"
    return finding.question


def explain(
    model: CompiledModel, row: int, present: IntArray, absent: IntArray, age: int | None, sex: str | None
) -> tuple[tuple[Contribution, ...], tuple[Contribution, ...]]:
    contributions = []
    for columns, is_present in ((present, True), (absent, False)):
        for column in columns:
            if not model.listed[row, column]:
                continue
            p, leak = model.likelihood[row, column], model.leak[column]
            weight = math.log(p / leak) if is_present else math.log((1 - p) / (1 - leak))
            finding_id = model.finding_ids[column]
            contributions.append(Contribution(finding_id, finding_label(model, finding_id), is_present, weight))
    demographic = float(model.log_prior_for(age, sex)[row] - model.log_prior[row])
    if abs(demographic) > 1e-9:
        label = ", ".join(part for part in (f"age {age}" if age is not None else "", sex or "") if part)
        contributions.append(Contribution("age_sex", label, True, demographic))
    supporting = sorted((c for c in contributions if c.weight > 0.05), key=lambda c: -c.weight)
    opposing = sorted((c for c in contributions if c.weight < -0.05), key=lambda c: c.weight)
    return tuple(supporting[:MAX_REASONS]), tuple(opposing[:MAX_REASONS])
