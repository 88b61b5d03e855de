"""The compiled model: the pack's numbers as NumPy arrays, built once and shared read-only.

Rows are conditions in pack order with one extra last row, "none of these", whose likelihoods
are the findings' leak probabilities. Columns are findings in pack order. A condition that does
not list a finding gets that finding's leak: it neither raises nor lowers the condition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from anklecheck.kb.loader import KnowledgePack

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
Array = npt.NDArray[Any]  # any dtype; shapes are given where arrays are made

_SEX_CODES = {"female": 1, "male": 2}


@dataclass(frozen=True)
class CompiledModel:
    pack: KnowledgePack
    condition_ids: tuple[str, ...]
    finding_ids: tuple[str, ...]
    condition_index: Mapping[str, int]
    finding_index: Mapping[str, int]
    finding_labels: tuple[str, ...]  # how explanations name each finding
    likelihood: FloatArray  # (conditions + 1, findings): P(finding | row)
    listed: BoolArray  # (conditions, findings): the pack states this likelihood
    leak: FloatArray  # (findings,)
    log_prior: FloatArray  # (conditions + 1,): log of prior weights, unnormalised
    levels: IntArray  # (conditions,): each condition's usual TriageLevel
    # Triage ladder steps as parallel arrays: condition row, level, threshold.
    step_rows: IntArray
    step_levels: IntArray
    step_thresholds: FloatArray
    # Prior modifiers as parallel arrays so that age and sex apply in one vectorised step.
    modifier_rows: IntArray
    modifier_age_min: FloatArray
    modifier_age_max: FloatArray
    modifier_sex: IntArray  # 0 any, 1 female, 2 male
    modifier_log_factor: FloatArray
    # At most 121 ages x 3 sexes: small enough to keep every adjusted prior once computed.
    _prior_cache: dict[tuple[int | None, str | None], FloatArray] = field(default_factory=dict, repr=False)

    @property
    def none_row(self) -> int:
        return len(self.condition_ids)

    def log_prior_for(self, age: int | None, sex: str | None) -> FloatArray:
        """Log prior weights adjusted for age band and sex; unknown age or sex changes nothing."""
        key = (age, sex)
        cached = self._prior_cache.get(key)
        if cached is None:
            cached = self._prior_cache[key] = self._adjusted_prior(age, sex)
            cached.flags.writeable = False  # shared between calls: nobody may change it
        return cached

    def _adjusted_prior(self, age: int | None, sex: str | None) -> FloatArray:
        applies = np.ones(len(self.modifier_rows), dtype=bool)
        if age is None:
            applies &= np.isneginf(self.modifier_age_min) & np.isposinf(self.modifier_age_max)
        else:
            applies &= (self.modifier_age_min <= age) & (age < self.modifier_age_max)
        code = _SEX_CODES.get(sex or "", 0)
        applies &= (self.modifier_sex == 0) | (self.modifier_sex == code)
        adjusted = self.log_prior.copy()
        np.add.at(adjusted, self.modifier_rows[applies], self.modifier_log_factor[applies])
        return adjusted


def compile_model(pack: KnowledgePack) -> CompiledModel:
    condition_ids = tuple(pack.conditions)
    finding_ids = tuple(pack.findings)
    finding_index = {finding_id: i for i, finding_id in enumerate(finding_ids)}
    leak = np.array([pack.findings[f].leak for f in finding_ids], dtype=np.float64)

    likelihood = np.tile(leak, (len(condition_ids) + 1, 1))
    listed = np.zeros((len(condition_ids), len(finding_ids)), dtype=bool)
    rows, mins, maxs, sexes, factors = [], [], [], [], []
    for row, condition in enumerate(pack.conditions.values()):
        for finding_id, entry in condition.likelihoods.items():
            column = finding_index[finding_id]
            likelihood[row, column] = entry.p
            listed[row, column] = True
        for modifier in condition.prior.modifiers:
            rows.append(row)
            mins.append(-np.inf if modifier.age_min is None else float(modifier.age_min))
            maxs.append(np.inf if modifier.age_max is None else float(modifier.age_max))
            sexes.append(_SEX_CODES.get(modifier.sex or "", 0))
            factors.append(np.log(modifier.factor))

    steps = [(row, step) for row, c in enumerate(pack.conditions.values()) for step in c.triage.steps]
    weights = [c.prior.weight for c in pack.conditions.values()] + [pack.meta.none_of_these.weight]
    return CompiledModel(
        pack=pack,
        condition_ids=condition_ids,
        finding_ids=finding_ids,
        condition_index={c: i for i, c in enumerate(condition_ids)},
        finding_index=finding_index,
        finding_labels=tuple(_label(pack, f) for f in finding_ids),
        likelihood=likelihood,
        listed=listed,
        leak=leak,
        log_prior=np.log(np.array(weights, dtype=np.float64)),
        levels=np.array([int(c.triage.level) for c in pack.conditions.values()], dtype=np.int64),
        step_rows=np.array([row for row, _ in steps], dtype=np.int64),
        step_levels=np.array([int(step.level) for _, step in steps], dtype=np.int64),
        step_thresholds=np.array([step.threshold for _, step in steps], dtype=np.float64),
        modifier_rows=np.array(rows, dtype=np.int64),
        modifier_age_min=np.array(mins, dtype=np.float64),
        modifier_age_max=np.array(maxs, dtype=np.float64),
        modifier_sex=np.array(sexes, dtype=np.int64),
        modifier_log_factor=np.array(factors, dtype=np.float64),
    )


def _label(pack: KnowledgePack, finding_id: str) -> str:
    finding = pack.findings[finding_id]
    if finding.label:
        return finding.label
    if finding.group is not None:
        return f"{pack.groups[finding.group].question.split('?')[0]}: {finding.question}"
    return finding.question
