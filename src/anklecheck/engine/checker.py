"""`Checker`: the one entry object every interface uses.

Built once from a knowledge pack (compiled to arrays), it answers ``assess(...)`` with a frozen
:class:`~anklecheck.engine.result.Assessment`. It validates what comes in (ids, age, sex) and
trusts its own data inside.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from anklecheck.engine.advice import AdvicePlanner
from anklecheck.engine.explain import Explanation, explain
from anklecheck.engine.inference import MODELS, Inference
from anklecheck.engine.result import Assessment, Evidence, RankedCondition, Triage
from anklecheck.engine.triage import decide
from anklecheck.errors import InvalidInputError, UnknownIdError
from anklecheck.kb.expressions import Context
from anklecheck.kb.loader import KnowledgePack, load_pack
from anklecheck.kb.model import Array, CompiledModel, compile_model
from anklecheck.kb.schema import Condition, Finding, TriageLevel
from anklecheck.settings import Settings

if TYPE_CHECKING:
    from anklecheck.intake import Parser, ParseResult

_Item = TypeVar("_Item", Condition, Finding)

SEXES = ("female", "male")
MAX_AGE = 120
# Conditions at least this likely shape the advice (with the most likely one in any case).
ADVICE_PROBABILITY = 0.2


@dataclass(frozen=True)
class Weighing:
    """What :meth:`Checker.weigh` returns: the evidence used, the posterior (one entry per condition
    row of the model, then "none of these") and the triage."""

    evidence: tuple[Evidence, ...]
    probabilities: Array
    triage: Triage
    age: int | None
    sex: str | None
    present: Array  # model columns of the findings present
    absent: Array


class Checker:
    """Assess ankle, foot and lower-leg complaints against a knowledge pack."""

    def __init__(self, pack: KnowledgePack | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.pack = pack or load_pack(self.settings.knowledge_path)
        self.model: CompiledModel = compile_model(self.pack)
        self.inference: Inference = MODELS[self.settings.model](self.model, self.settings.evidence_weight)
        self.advice = AdvicePlanner(self.pack)

    @classmethod
    def from_env(cls) -> Checker:
        return cls(settings=Settings.from_env())

    # -- the pack, for interfaces ------------------------------------------------------------

    @property
    def conditions(self) -> Mapping[str, Condition]:
        return self.pack.conditions

    @property
    def findings(self) -> Mapping[str, Finding]:
        return self.pack.findings

    def condition(self, condition_id: str) -> Condition:
        return self._lookup("condition", condition_id, self.pack.conditions)

    def finding(self, finding_id: str) -> Finding:
        return self._lookup("finding", finding_id, self.pack.findings)

    @cached_property
    def _lower_ids(self) -> dict[str, dict[str, str]]:
        return {
            "condition": {c.lower(): c for c in self.pack.conditions},
            "finding": {f.lower(): f for f in self.pack.findings},
        }

    def _lookup(self, kind: str, value: str, known: Mapping[str, _Item]) -> _Item:
        if value in known:
            return known[value]
        folded = self._lower_ids[kind].get(value.strip().lower().replace("-", "_").replace(" ", "_"))
        if folded is not None:
            return known[folded]
        suggestions = difflib.get_close_matches(value, list(known), n=3, cutoff=0.5)
        raise UnknownIdError(kind, value, suggestions)

    # -- assessment ---------------------------------------------------------------------------

    def weigh(
        self,
        findings: Mapping[str, bool | None] | None = None,
        *,
        evidence: Iterable[Evidence] = (),
        age: int | None = None,
        sex: str | None = None,
        text: str | ParseResult | None = None,
    ) -> Weighing:
        """The evidence, the posterior and the triage: an assessment without explanations or advice
        (what the interview needs for every candidate state, so it is kept cheap)."""
        findings = findings or {}
        if text is not None:
            evidence, age, sex = self._with_text(text, findings, tuple(evidence), age, sex)
        items = self._evidence(findings, evidence)
        age, sex = self._patient(age, sex)
        index = self.model.finding_index
        present = np.array([index[e.id] for e in items if e.present is True], dtype=np.int64)
        absent = np.array([index[e.id] for e in items if e.present is False], dtype=np.int64)

        probabilities = self.inference.posterior(present, absent, age, sex)
        ctx = Context(frozenset(e.id for e in items if e.present is True), age, sex)
        optional = np.array(
            sorted(
                index[e.id]
                for e in items
                if e.present is True and (e.source == "implied" or e.id in self.pack.red_flag_findings)
            ),
            dtype=np.int64,
        )
        triage = decide(self.model, probabilities, ctx, self._without_red_flags(present, optional, absent, age, sex))
        return Weighing(items, probabilities, triage, age, sex, present, absent)

    def assess(
        self,
        findings: Mapping[str, bool | None] | None = None,
        *,
        evidence: Iterable[Evidence] = (),
        age: int | None = None,
        sex: str | None = None,
        text: str | ParseResult | None = None,
    ) -> Assessment:
        """Rank causes, set triage and choose advice for the given evidence, age and sex.

        ``findings`` maps finding ids to True (present), False (absent) or None (unknown);
        ``evidence`` gives the same with where it came from; ``text`` is what the person wrote
        (or what `parse` made of it), read by the intake: what is given explicitly wins over it.
        """
        weighed = self.weigh(findings, evidence=evidence, age=age, sex=sex, text=text)
        probabilities, age, sex = weighed.probabilities, weighed.age, weighed.sex
        order = np.argsort(-probabilities[: len(self.model.condition_ids)], kind="stable")[: self.settings.top]
        log_prior = self.model.log_prior_for(age, sex)
        explanations = explain(self.model, order, weighed.present, weighed.absent, log_prior, _patient_text(age, sex))
        ranked = tuple(
            self._ranked(int(row), float(probabilities[row]), explanation)
            for row, explanation in zip(order, explanations, strict=True)
        )
        likely = [c.id for c in ranked if c.probability >= ADVICE_PROBABILITY] or [ranked[0].id]
        by_id = dict(zip(self.model.condition_ids, probabilities.tolist(), strict=False))
        return Assessment(
            conditions=ranked,
            probabilities=by_id,
            none_probability=float(probabilities[self.model.none_row]),
            triage=weighed.triage,
            evidence=weighed.evidence,
            advice=self.advice.advise(likely[:2], weighed.triage, by_id),
            age=age,
            sex=sex,
            model=self.inference.name,
        )

    def explain(
        self,
        condition_id: str,
        findings: Mapping[str, bool | None] | None = None,
        *,
        age: int | None = None,
        sex: str | None = None,
        text: str | ParseResult | None = None,
    ) -> RankedCondition:
        """One condition, ranked or not, with the evidence for and against it."""
        row = self.model.condition_index[self.condition(condition_id).id]
        weighed = self.weigh(findings, age=age, sex=sex, text=text)
        ((explanation),) = explain(
            self.model,
            np.array([row], dtype=np.int64),
            weighed.present,
            weighed.absent,
            self.model.log_prior_for(weighed.age, weighed.sex),
            _patient_text(weighed.age, weighed.sex),
        )
        return self._ranked(row, float(weighed.probabilities[row]), explanation)

    # -- free text -------------------------------------------------------------------------------

    @cached_property
    def parser(self) -> Parser:
        """The free-text intake, built on first use (it loads spaCy and medspaCy)."""
        from anklecheck.intake import Parser

        settings = self.settings
        return Parser(self.pack, semantic=settings.semantic, cache_dir=settings.cache_dir)

    def parse(self, text: str) -> ParseResult:
        """What the text says: evidence with spans, age, sex, and what matched nothing."""
        return self.parser.parse(text)

    def _with_text(
        self,
        text: str | ParseResult,
        findings: Mapping[str, bool | None],
        evidence: tuple[Evidence, ...],
        age: int | None,
        sex: str | None,
    ) -> tuple[tuple[Evidence, ...], int | None, str | None]:
        """The evidence, age and sex with what the text adds where nothing explicit was given."""
        parsed = self.parse(text) if isinstance(text, str) else text
        given = {self.finding(f).id for f in findings} | {self.finding(e.id).id for e in evidence}
        from_text = tuple(e for e in parsed.evidence if e.id not in given)
        return (
            evidence + from_text,
            age if age is not None else parsed.age,
            sex if sex is not None else parsed.sex,
        )

    def _without_red_flags(
        self, present: Array, optional: Array, absent: Array, age: int | None, sex: str | None
    ) -> Array | None:
        """Per condition, the highest probability over leaving out any subset of the present
        red-flag findings (and of what they imply); None when there are none. (Why: triage.py.)"""
        if optional.size == 0:
            return None
        ordinary = np.setdiff1d(present, optional)
        result: Array = self.inference.posteriors_leaving_out(ordinary, optional, absent, age, sex).max(axis=0)
        return result

    def _ranked(self, row: int, probability: float, explanation: Explanation) -> RankedCondition:
        condition = self.pack.conditions[self.model.condition_ids[row]]
        supporting, opposing = explanation
        return RankedCondition(
            id=condition.id,
            name=condition.name,
            icd10=condition.icd10,
            probability=probability,
            level=TriageLevel(int(self.model.levels[row])),
            supporting=supporting,
            opposing=opposing,
        )

    def _evidence(self, findings: Mapping[str, bool | None], evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
        items: dict[str, Evidence] = {}
        given = [Evidence(self.finding(k).id, v) for k, v in findings.items()] + [
            Evidence(self.finding(e.id).id, e.present, e.source, e.span, e.text) for e in evidence
        ]
        for item in given:
            if item.present is not None and not isinstance(item.present, bool):
                raise InvalidInputError(item.id, f"{item.present!r} is not true, false or unknown")
            earlier = items.get(item.id)
            if earlier is not None and None not in (earlier.present, item.present) and earlier.present != item.present:
                raise InvalidInputError(
                    item.id,
                    "is given both as present and as absent",
                    hint="Give each finding once: present, absent or unknown.",
                )
            if earlier is None or earlier.present is None:
                items[item.id] = item
        self._add_implied(items)
        # A fixed order keeps results independent of the order the answers came in.
        return tuple(sorted(items.values(), key=lambda e: self.model.finding_index[e.id]))

    def _add_implied(self, items: dict[str, Evidence]) -> None:
        """Present findings imply others present ("blisters" -> a rash); an absent finding makes
        the findings that imply it absent. Answers the person gave always stay as given."""
        implications = self.pack.implications
        implied: dict[str, bool] = {}
        for item in items.values():
            if item.present is True:
                implied.update(dict.fromkeys(implications[item.id], True))
        absent = {i for i, item in items.items() if item.present is False}
        if absent:
            implied.update({f: False for f, parents in implications.items() if parents & absent and f not in implied})
        for finding_id, present in implied.items():
            given = items.get(finding_id)
            if given is None or given.present is None:
                items[finding_id] = Evidence(finding_id, present, "implied")

    @staticmethod
    def _patient(age: object, sex: object) -> tuple[int | None, str | None]:
        if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= MAX_AGE):
            raise InvalidInputError("age", f"{age!r} is not an age in whole years from 0 to {MAX_AGE}")
        if sex is not None and sex not in SEXES:
            raise InvalidInputError("sex", f"{sex!r} is not one of {', '.join(SEXES)}")
        return age, sex


def _patient_text(age: int | None, sex: str | None) -> str:
    return ", ".join(part for part in (f"age {age}" if age is not None else "", sex or "") if part)
