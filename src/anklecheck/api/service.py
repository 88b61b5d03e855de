"""What the stateless endpoints do, as plain functions over the engine (no web framework here).

Everything medical comes from the engine: `Checker` (assess, explain, parse) and `Diagnoser`
(interview steps, cached by evidence state, and age bands). This module only turns request
bodies into engine calls and results into the API's JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from anklecheck.engine.checker import Checker
from anklecheck.engine.diagnosis import CACHE_SIZE, Diagnoser, Step, StepKey
from anklecheck.engine.interview import Item, Question
from anklecheck.engine.triage import LEVEL_TEXT
from anklecheck.errors import InvalidInputError, UnknownIdError
from anklecheck.settings import Settings

if TYPE_CHECKING:
    from anklecheck.api.models import Case, EvidenceItem
    from anklecheck.engine.result import Assessment
    from anklecheck.store.repository import Store

CHOICE_VALUE: dict[str, bool | None] = {"present": True, "absent": False, "unknown": None}
CHOICES = [
    {"id": "present", "label": "Yes"},
    {"id": "absent", "label": "No"},
    {"id": "unknown", "label": "Don't know"},
]


class Service:
    """One per process: the checker and the interview cache are built once and shared."""

    def __init__(self, settings: Settings | None = None, checker: Checker | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.checker = checker or Checker(settings=self.settings)
        self.diagnoser = Diagnoser(self.checker)
        self._rendered = lru_cache(maxsize=CACHE_SIZE)(self._render)
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """The database, connected (and migrated) on first use."""
        if self._store is None:
            from anklecheck.store.repository import Store

            self._store = Store(self.settings.database_url)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    # -- evidence ------------------------------------------------------------------------------

    def findings(self, items: Iterable[EvidenceItem]) -> dict[str, bool | None]:
        """Evidence as the engine takes it; one finding given two ways is an error."""
        found: dict[str, bool | None] = {}
        for i, item in enumerate(items):
            try:
                finding = self.checker.finding(item.id).id
            except UnknownIdError as error:
                error.field = f"evidence[{i}].id"  # type: ignore[attr-defined]  # named for the client
                raise
            value = CHOICE_VALUE[item.choice_id]
            if finding in found and found[finding] != value:
                raise InvalidInputError(
                    "evidence", f"{finding} is given twice with different choices", hint="Give each finding once."
                )
            found[finding] = value
        return found

    def case_findings(self, case: Case) -> tuple[dict[str, bool | None], int | None, str | None]:
        """The case's findings, age and sex, with what its text adds where nothing was given."""
        findings = self.findings(case.evidence)
        age: int | None = case.years
        sex: str | None = case.sex
        if case.text:
            parsed = self.checker.parse(case.text)
            for evidence in parsed.evidence:
                findings.setdefault(evidence.id, evidence.present)
            age = age if age is not None else parsed.age
            sex = sex if sex is not None else parsed.sex
        return findings, age, sex

    # -- endpoints -----------------------------------------------------------------------------

    def parse(self, text: str) -> dict[str, Any]:
        return self.checker.parse(text).to_dict()

    def diagnosis(self, case: Case) -> bytes:
        """The step's JSON, ready to send: rendered once per evidence state (a 5 kB body costs more
        to validate and encode than a cached step costs to find)."""
        findings, age, sex = self.case_findings(case)
        return self._rendered(self.diagnoser.key(findings, age, sex))

    def _render(self, key: StepKey) -> bytes:
        return json.dumps(self.step_json(self.diagnoser.step_for(key)), ensure_ascii=False).encode()

    def triage(self, case: Case) -> dict[str, Any]:
        findings, age, sex = self.case_findings(case)
        return triage_json(self.checker.assess(findings, age=age, sex=sex))

    def explain(self, case: Case, target: str) -> dict[str, Any]:
        findings, age, sex = self.case_findings(case)
        ranked = self.checker.explain(target, findings, age=age, sex=sex)
        return {
            "id": ranked.id,
            "name": ranked.name,
            "icd10": ranked.icd10,
            "probability": round(ranked.probability, 4),
            "supporting": [c.to_dict() for c in ranked.supporting],
            "opposing": [c.to_dict() for c in ranked.opposing],
        }

    @cached_property
    def condition_list(self) -> list[dict[str, Any]]:
        return [self.condition_summary(c.id) for c in self.checker.conditions.values()]

    def condition_summary(self, condition_id: str) -> dict[str, Any]:
        c = self.checker.condition(condition_id)
        return {"id": c.id, "name": c.name, "icd10": c.icd10, "triage": c.triage.level.name, "category": c.category}

    def condition_page(self, condition_id: str) -> dict[str, Any]:
        page: dict[str, Any] = self.checker.condition(condition_id).model_dump(mode="json")
        return page

    @cached_property
    def finding_list(self) -> list[dict[str, Any]]:
        return [
            {"id": f.id, "kind": f.kind, "group": f.group, "question": f.question, "help": f.help}
            for f in self.checker.findings.values()
        ]

    # -- rendering -----------------------------------------------------------------------------

    def step_json(self, step: Step) -> dict[str, Any]:
        conditions = self.checker.conditions
        return {
            "question": question_json(step.question),
            "conditions": [
                {"id": c, "name": conditions[c].name, "icd10": conditions[c].icd10, "probability": round(p, 4)}
                for c, p in step.conditions
            ],
            "should_stop": step.should_stop,
            "triage_level": step.triage.level.name,
        }


def question_json(question: Question | None) -> dict[str, Any] | None:
    """A question as integrators of symptom-checker APIs expect it: items, each with choices."""
    if question is None:
        return None
    # A yes/no question is one item; a number (age) has none.
    items = question.items or ((Item(question.id, question.text),) if question.type == "single" else ())
    return {
        "id": question.id,
        "type": question.type,
        "text": question.text,
        "help": question.help,
        "items": [{"id": i.id, "name": i.text, "choices": CHOICES} for i in items],
        "none_option": question.none_option,
        "rationale": question.rationale,
    }


def triage_json(result: Assessment) -> dict[str, Any]:
    return {
        "level": result.triage.level.name,
        "label": LEVEL_TEXT[result.triage.level],
        "reasons": [r.to_dict() for r in result.triage.reasons],
        "advice": result.advice.to_dict(),
    }
