"""Explanations: for a condition, the evidence that raised and lowered it most.

A finding's weight is its log likelihood ratio against the finding's leak (its rate in people
with none of the listed conditions): positive raises the condition, negative lowers it. Age and
sex count too where the pack adjusts the condition's prior for them.
"""

from __future__ import annotations

import numpy as np

from anklecheck.engine.result import Contribution
from anklecheck.kb.model import CompiledModel, FloatArray, IntArray

MAX_REASONS = 4
# Evidence that moves a condition by less than this (in log odds) is not worth naming.
THRESHOLD = 0.05


Explanation = tuple[tuple[Contribution, ...], tuple[Contribution, ...]]


def explain(
    model: CompiledModel,
    rows: IntArray,
    present: IntArray,
    absent: IntArray,
    log_prior: FloatArray,
    patient: str,
) -> list[Explanation]:
    """For each condition row, the evidence that raised it most and lowered it most.

    ``log_prior`` is the prior already adjusted for age and sex; ``patient`` labels that part.
    """
    columns = np.concatenate([present, absent])
    is_present = np.arange(columns.size) < present.size
    p = model.likelihood[np.ix_(rows, columns)]
    leak = model.leak[columns]
    weights = np.where(is_present, np.log(p / leak), np.log((1 - p) / (1 - leak)))
    weights = weights * model.listed[np.ix_(rows, columns)]
    demographic = (log_prior[rows] - model.log_prior[rows]).tolist()
    evidence = [
        (model.finding_ids[c], model.finding_labels[c], here)
        for c, here in zip(columns.tolist(), is_present.tolist(), strict=True)
    ]
    explanations = []
    for i, row_weights in enumerate(weights.tolist()):
        contributions = [
            Contribution(finding_id, label, here, weight)
            for (finding_id, label, here), weight in zip(evidence, row_weights, strict=True)
            if abs(weight) > THRESHOLD
        ]
        if abs(demographic[i]) > THRESHOLD:
            contributions.append(Contribution("age_sex", patient, True, demographic[i]))
        supporting = sorted((c for c in contributions if c.weight > 0), key=lambda c: -c.weight)
        opposing = sorted((c for c in contributions if c.weight < 0), key=lambda c: c.weight)
        explanations.append((tuple(supporting[:MAX_REASONS]), tuple(opposing[:MAX_REASONS])))
    return explanations
