"""Inference over the compiled model: posterior probabilities of conditions from evidence.

Two models answer the same query (pgmpy style: an inference object built from a model):

* :class:`NaiveBayes` — single cause: exactly one listed condition or "none of these" explains
  the complaint; findings are independent given the cause. Probabilities sum to one.
* :class:`NoisyOr` — multi-cause leaky noisy-OR: any condition may be active and each active
  cause can produce a finding on its own; a leak produces findings with no cause. Exact
  inference is exponential in the number of conditions, so hypotheses are limited to at most
  two simultaneous causes (as QMR-style systems do); marginals are normalised for ranking.

Both work in log space on matrices. `docs/models.md` has the figures that chose the default.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

from anklecheck.kb.model import CompiledModel, FloatArray, IntArray

# Keeps log(1 - p) finite when a noisy-OR hypothesis makes a finding nearly certain.
_EPSILON = 1e-12


# Beyond this many present red-flag findings, subsets are not enumerated (2**n posteriors).
MAX_SUBSET_FINDINGS = 12


class Inference(Protocol):
    name: str

    def posterior(self, present: IntArray, absent: IntArray, age: int | None, sex: str | None) -> FloatArray:
        """Probabilities of (conditions..., none of these), summing to one."""
        ...

    def posteriors_leaving_out(
        self, present: IntArray, optional: IntArray, absent: IntArray, age: int | None, sex: str | None
    ) -> FloatArray:
        """One posterior (row) for every subset of ``optional`` added to ``present``."""
        ...


def subsets(columns: IntArray) -> npt.NDArray[np.bool_]:
    """Rows of a boolean matrix: every subset of the given columns (the full set first)."""
    count = min(columns.size, MAX_SUBSET_FINDINGS)
    masks = (np.arange(2**count)[:, None] >> np.arange(count)) & 1
    chosen = np.ones((2**count, columns.size), dtype=bool)
    chosen[:, :count] = masks[::-1].astype(bool)
    return chosen


def _normalise(log_weights: FloatArray) -> FloatArray:
    """Softmax along the last axis: log weights to probabilities that sum to one."""
    shifted = np.exp(log_weights - log_weights.max(axis=-1, keepdims=True))
    result: FloatArray = shifted / shifted.sum(axis=-1, keepdims=True)
    return result


class NaiveBayes:
    """Single-cause naive Bayes with an explicit "none of these" outcome."""

    name = "naive_bayes"

    def __init__(self, model: CompiledModel, evidence_weight: float = 1.0) -> None:
        # evidence_weight < 1 tempers the independence assumption: correlated findings (pain
        # at the back of the heel and a tender Achilles) would otherwise count twice.
        self.model = model
        self.evidence_weight = evidence_weight
        self.log_present = np.log(model.likelihood)
        self.log_absent = np.log1p(-model.likelihood)

    def _log_scores(self, present: IntArray, absent: IntArray, age: int | None, sex: str | None) -> FloatArray:
        log_likelihood = self.log_present[:, present].sum(axis=1) + self.log_absent[:, absent].sum(axis=1)
        scores: FloatArray = self.model.log_prior_for(age, sex) + self.evidence_weight * log_likelihood
        return scores

    def posterior(self, present: IntArray, absent: IntArray, age: int | None, sex: str | None) -> FloatArray:
        return _normalise(self._log_scores(present, absent, age, sex))

    def posteriors_leaving_out(
        self, present: IntArray, optional: IntArray, absent: IntArray, age: int | None, sex: str | None
    ) -> FloatArray:
        chosen = subsets(optional).astype(np.float64)  # (subsets, optional)
        extra = self.evidence_weight * chosen @ self.log_present[:, optional].T
        return _normalise(self._log_scores(present, absent, age, sex)[None, :] + extra)


class NoisyOr:
    """Leaky noisy-OR with up to two simultaneous causes."""

    name = "noisy_or"

    def __init__(self, model: CompiledModel, evidence_weight: float = 1.0) -> None:
        self.model = model
        self.evidence_weight = evidence_weight
        conditions = len(model.condition_ids)
        leak = model.leak
        cause = model.likelihood[:conditions]
        # A cause can only add to the leak: P(f | c alone) = 1 - (1 - leak)(1 - q).
        link = np.clip(1.0 - (1.0 - cause) / (1.0 - leak), 0.0, 1.0 - 1e-9)
        log_miss = np.log1p(-link)  # log P(c does not produce f)
        first, second = np.triu_indices(conditions, k=1)
        self.pair_first, self.pair_second = first, second
        # Rows: none, each single cause, each pair. Value: log P(finding absent | hypothesis).
        self.log_absent = np.vstack(
            [np.zeros((1, leak.size)), log_miss, log_miss[first] + log_miss[second]]
        ) + np.log1p(-leak)
        self.conditions = conditions

    def _log_hypothesis_prior(self, age: int | None, sex: str | None) -> FloatArray:
        log_weight = self.model.log_prior_for(age, sex)
        # Each condition is active independently with probability weight / total weight.
        probability = np.exp(log_weight[: self.conditions] - np.logaddexp.reduce(log_weight))
        odds = np.log(probability) - np.log1p(-probability)
        return np.concatenate([[0.0], odds, odds[self.pair_first] + odds[self.pair_second]])

    def posterior(self, present: IntArray, absent: IntArray, age: int | None, sex: str | None) -> FloatArray:
        absent_log = self.log_absent[:, absent].sum(axis=1)
        present_log = np.log(np.maximum(-np.expm1(self.log_absent[:, present]), _EPSILON)).sum(axis=1)
        hypothesis = _normalise(
            self._log_hypothesis_prior(age, sex) + self.evidence_weight * (absent_log + present_log)
        )
        marginal = hypothesis[1 : self.conditions + 1].copy()
        pairs = hypothesis[self.conditions + 1 :]
        np.add.at(marginal, self.pair_first, pairs)
        np.add.at(marginal, self.pair_second, pairs)
        scores = np.append(marginal, hypothesis[0])
        normalised: FloatArray = scores / scores.sum()
        return normalised

    def posteriors_leaving_out(
        self, present: IntArray, optional: IntArray, absent: IntArray, age: int | None, sex: str | None
    ) -> FloatArray:
        return np.vstack(
            [self.posterior(np.concatenate([present, optional[row]]), absent, age, sex) for row in subsets(optional)]
        )


MODELS: dict[str, type[NaiveBayes] | type[NoisyOr]] = {"naive_bayes": NaiveBayes, "noisy_or": NoisyOr}
