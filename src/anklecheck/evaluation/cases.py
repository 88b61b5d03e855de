"""Evaluation cases: the JSON Lines format of DESIGN.md, read with every problem reported."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from anklecheck.errors import EvaluationError
from anklecheck.kb.schema import TriageLevel

LevelName = Literal["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]


class EvalCase(BaseModel):
    # Fields beyond the format (a case's condition id, tags) are ignored, as DESIGN.md says.
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    text: str | None = None
    age: int | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male"] | None = None
    findings: dict[str, bool] = {}
    # Intake-only cases (vignettes/intake) have no diagnosis: they are skipped when scoring one.
    gold_icd10: list[str] = []
    gold_triage: LevelName | None = None
    acceptable_triage: list[LevelName] = []
    # Intake cases: findings mentioned hedged, or about somebody else (not the person's evidence).
    uncertain: list[str] = []
    other_person: list[str] = []

    @model_validator(mode="after")
    def _consistent(self) -> EvalCase:
        if not self.text and not self.findings:
            raise ValueError("a case needs text or findings")
        if bool(self.gold_icd10) != (self.gold_triage is not None):
            raise ValueError("gold_icd10 and gold_triage come together (or neither, for an intake case)")
        return self

    @property
    def has_gold(self) -> bool:
        return self.gold_triage is not None

    @property
    def acceptable_levels(self) -> set[TriageLevel]:
        names = {*self.acceptable_triage, self.gold_level.name}
        return {TriageLevel[name] for name in names}

    @property
    def gold_level(self) -> TriageLevel:
        if self.gold_triage is None:
            raise EvaluationError(f"{self.id}: the case has no gold_triage")
        return TriageLevel[self.gold_triage]


def case_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.rglob("*.jsonl"))
            if not found:
                raise EvaluationError(f"{path}: the folder holds no .jsonl files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise EvaluationError(f"{path}: no such file or folder", hint="Give .jsonl files or folders of them.")
    return files


def load_cases(paths: Iterable[Path]) -> list[EvalCase]:
    """Read every case; raise one EvaluationError naming each bad line."""
    cases: list[EvalCase] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for file in case_files(paths):
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{file}: cannot be read ({exc})")
            continue
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{file}:{number}"
            try:
                case = EvalCase.model_validate(json.loads(line))
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not valid JSON ({exc.msg})")
                continue
            except ValidationError as exc:
                detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'case'}: {e['msg']}" for e in exc.errors())
                problems.append(f"{where}: {detail}")
                continue
            if case.id in seen:
                problems.append(f"{where}: duplicate case id {case.id!r} (first at {seen[case.id]})")
                continue
            seen[case.id] = where
            cases.append(case)
    if problems:
        raise EvaluationError(f"{len(problems)} problem(s) in the cases:\n" + "\n".join(f"  {p}" for p in problems))
    if not cases:
        raise EvaluationError("no cases found", hint="Each .jsonl line is one case.")
    return cases
