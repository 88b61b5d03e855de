"""One step of a stateless interview ("diagnosis", as integrators know it from commercial symptom
checker APIs): evidence, age and sex in; the next question, the ranked causes and whether to
stop out. Also the age bands that are all that a stored session keeps of an age.

Age bands: the pack uses age only through thresholds (prior modifiers from ``age_min`` to below
``age_max``, rule conditions ``age_min``/``age_max``), so every age between two consecutive
thresholds gives the same result. A band is such a stretch, and its first year stands for it:
storing the band instead of the age loses nothing the engine uses.

Caching: choosing a question costs a few milliseconds (docs/interview.md), far more than serving
an HTTP request. The answer depends only on the evidence, the age band and the sex, so steps are
kept in an LRU cache keyed by exactly those (evidence sorted, ids canonical). Interviews share
their first steps, so most requests are hits.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from anklecheck.engine.answers import state_from_evidence
from anklecheck.engine.checker import MAX_AGE, Checker
from anklecheck.engine.interview import Interviewer, InterviewState, Question
from anklecheck.engine.result import Triage
from anklecheck.errors import InvalidInputError
from anklecheck.kb.expressions import AgeAtLeast, AgeBelow, All, AnyOf, Expression, Not

StepKey = tuple[tuple[tuple[str, bool | None], ...], int | None, str | None]
CACHE_SIZE = 8192  # steps kept per process: a step is a few kB, so at most some tens of MB


@dataclass(frozen=True)
class AgeBand:
    first: int  # the youngest age in the band; it stands for the band
    last: int

    @property
    def label(self) -> str:
        return f"{self.first}-{self.last}"


@dataclass(frozen=True)
class Step:
    """What one interview step returns."""

    question: Question | None  # None: stop and show the result
    conditions: tuple[tuple[str, float], ...]  # the top causes, most likely first, with probabilities
    triage: Triage
    state: InterviewState

    @property
    def should_stop(self) -> bool:
        return self.question is None


class Diagnoser:
    """Interview steps for a checker, cached by evidence state."""

    def __init__(self, checker: Checker, cache_size: int = CACHE_SIZE) -> None:
        self.checker = checker
        self.interviewer = Interviewer(checker)
        self._step = lru_cache(maxsize=cache_size)(self._compute)  # lru_cache is thread-safe

    @cached_property
    def age_cuts(self) -> tuple[int, ...]:
        """Every age at which some result of the pack may change, with 0 and one past the oldest."""
        model = self.checker.model
        bounds = np.concatenate([model.modifier_age_min, model.modifier_age_max])
        cuts = {int(b) for b in bounds[np.isfinite(bounds)]}
        for compiled in self.checker.pack.rules:
            cuts.update(_ages(compiled.expression))
        return tuple(sorted(c for c in cuts | {0, MAX_AGE + 1} if 0 <= c <= MAX_AGE + 1))

    def age_band(self, age: int) -> AgeBand:
        if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= MAX_AGE:
            raise InvalidInputError("age", f"{age!r} is not an age in whole years from 0 to {MAX_AGE}")
        first = max(c for c in self.age_cuts if c <= age)
        last = min(c for c in self.age_cuts if c > age) - 1
        return AgeBand(first, last)

    def key(self, findings: Mapping[str, bool | None], age: int | None, sex: str | None) -> StepKey:
        """What a step depends on, canonical (ids checked, evidence sorted, age as its band), so
        that equal evidence gives equal keys: a cache key for the step or anything made from it."""
        canonical = tuple(sorted((self.checker.finding(f).id, v) for f, v in findings.items()))
        return canonical, None if age is None else self.age_band(age).first, sex

    def diagnose(self, findings: Mapping[str, bool | None], age: int | None, sex: str | None) -> Step:
        return self.step_for(self.key(findings, age, sex))

    def step_for(self, key: StepKey) -> Step:
        canonical, band_age, sex = key
        return self.step(state_from_evidence(self.interviewer, dict(canonical), band_age, sex))

    def step(self, state: InterviewState) -> Step:
        return self._step(state)

    def _compute(self, state: InterviewState) -> Step:
        question = self.interviewer.next_question(state)
        weighed = self.checker.weigh(self.interviewer.findings(state), age=state.age, sex=state.sex)
        model = self.checker.model
        causes = weighed.probabilities[: len(model.condition_ids)]
        rows = np.argsort(-causes, kind="stable")[: self.checker.settings.top]
        conditions = tuple((model.condition_ids[r], float(weighed.probabilities[r])) for r in rows)
        return Step(question, conditions, weighed.triage, state)


def _ages(expr: Expression) -> Iterator[int]:
    if isinstance(expr, (AgeAtLeast, AgeBelow)):
        yield expr.years
    elif isinstance(expr, (All, AnyOf)):
        for part in expr.parts:
            yield from _ages(part)
    elif isinstance(expr, Not):
        yield from _ages(expr.part)
