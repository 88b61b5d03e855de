"""Pydantic models of the knowledge pack's YAML files (format: docs/knowledge-pack.md).

These models check each file on its own (types, ranges, required fields). Checks that need the
whole pack — ids that must exist elsewhere, duplicates — live in :mod:`anklecheck.kb.loader`.
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

SNAKE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
ICD10_FORMAT = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


class TriageLevel(IntEnum):
    """The five triage levels, ordered so that a larger value is more urgent."""

    self_care = 0
    consultation = 1
    consultation_24 = 2
    emergency = 3
    emergency_ambulance = 4

    @classmethod
    def parse(cls, value: object) -> TriageLevel:
        if isinstance(value, TriageLevel):
            return value
        if isinstance(value, str) and value in cls.__members__:
            return cls[value]
        names = ", ".join(cls.__members__)
        raise ValueError(f"{value!r} is not a triage level (one of: {names})")


def _probability(value: float) -> float:
    if not 0.0 < value < 1.0:
        raise ValueError(f"{value} is not a probability strictly between 0 and 1")
    return value


def _snake_id(value: str) -> str:
    if not SNAKE_ID.match(value):
        raise ValueError(f"{value!r} is not a snake_case id")
    return value


def _icd10(value: str) -> str:
    if value != value.upper():
        raise ValueError(f"{value!r} must be upper case ({value.upper()!r})")
    if not ICD10_FORMAT.match(value):
        raise ValueError(f"{value!r} is not shaped like an ICD-10-CM code (e.g. M76.6)")
    return value


Probability = Annotated[float, AfterValidator(_probability)]
Id = Annotated[str, AfterValidator(_snake_id)]
Icd10 = Annotated[str, AfterValidator(_icd10)]
SourceIds = Annotated[list[Id], Field(min_length=1)]
Level = Annotated[TriageLevel, Field()]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    id: Id
    title: str = Field(min_length=3)
    publisher: str | None = None
    url: str | None = None
    kind: Literal[
        "source_article",
        "guideline",
        "review",
        "study",
        "patient_info",
        "textbook",
        "case_report",
        "expert_estimate",
    ]
    year: int | None = None


class Group(Strict):
    id: Id
    question: str = Field(min_length=3)
    select: Literal["one", "several"]
    help: str = ""
    implies: list[Id] = []  # findings that every member implies (a rash look implies a rash)
    # What an option not chosen means: absent (pain is not there) or unknown (the main complaint
    # names what bothers most; other problems may still be present).
    unselected: Literal["absent", "unknown"] = "absent"
    ask_first: bool = False  # asked by every interview right after age and sex, in file order
    none_option: str = "None of these"  # how the "nothing applies" choice reads ("Less than 3 days")
    source: SourceIds


FindingKind = Literal[
    "injury",
    "onset",
    "activity",
    "history",
    "risk",
    "location",
    "pain",
    "exam",
    "joint",
    "vascular",
    "neuro",
    "systemic",
    "skin",
    "duration",
]


class Finding(Strict):
    id: Id
    kind: FindingKind
    group: Id | None = None
    question: str = Field(min_length=3)
    label: str | None = None  # short statement for explanations ("Rolled the ankle inward")
    option: str | None = None  # how it reads as a choice in its group, where the label does not fit
    help: str = Field(min_length=3)
    phrases: list[str] = Field(min_length=1)
    # Lay phrases that say the finding is NOT there in positive words: "I can walk on it" for
    # unable_to_bear_weight, "otherwise well" for feeling_very_unwell.
    absent_phrases: list[str] = []
    # Lay phrases that count only word for word, in their order: "back pain" is not "pain at the
    # back of my heel".
    exact_phrases: list[str] = []
    leak: Probability
    implies: list[Id] = []  # present implies these present; any of them absent implies this absent
    snomed: str | None = Field(default=None, pattern=r"^[0-9]{6,18}$")  # for the FHIR export's Observations
    source: SourceIds

    @field_validator("help")
    @classmethod
    def _no_placeholder(cls, value: str) -> str:
        if value.strip().upper() == "TODO":
            raise ValueError("is still the placeholder TODO")
        return value


class SourcedText(Strict):
    text: str = Field(min_length=3)
    source: SourceIds


class Likelihood(Strict):
    p: Probability
    source: list[Id] | None = None  # None: the condition's likelihood_source


def _coerce_likelihood(value: Any) -> Any:
    # A plain number is shorthand for {p: number}; check it here so that the error names the
    # finding (likelihoods.calf_swelling) rather than a field inside it.
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a probability")
    if isinstance(value, (int, float)):
        return {"p": _probability(float(value))}
    return value


LikelihoodValue = Annotated[Likelihood, BeforeValidator(_coerce_likelihood)]


class PriorModifier(Strict):
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=1, le=130)
    sex: Literal["female", "male"] | None = None
    factor: float = Field(gt=0, le=100)
    source: SourceIds


class Prior(Strict):
    weight: float = Field(gt=0, le=1000)
    source: SourceIds
    note: str | None = None
    modifiers: list[PriorModifier] = []


class TriageStep(Strict):
    level: TriageLevel
    threshold: Probability

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> TriageLevel:
        return TriageLevel.parse(value)


class ConditionTriage(TriageStep):
    """The condition's usual level and the probability from which it applies; ``also`` adds
    other steps of a ladder (e.g. a 10% chance of a fracture needs an X-ray within 24 hours,
    a 40% chance the emergency department)."""

    source: SourceIds
    also: list[TriageStep] = []

    @property
    def steps(self) -> list[TriageStep]:
        return [TriageStep(level=self.level, threshold=self.threshold), *self.also]


Category = Literal["acute_injury", "overuse_injury", "joint", "nerve", "vascular_infection", "skin"]


class Condition(Strict):
    id: Id
    name: str = Field(min_length=3)
    aka: list[str] = []
    category: Category
    summary: str = Field(min_length=20)
    icd10: Icd10
    icd10_also: list[Icd10] = []
    snomed: str | None = Field(default=None, pattern=r"^[0-9]{6,18}$")
    prior: Prior
    triage: ConditionTriage
    likelihoods: dict[Id, LikelihoodValue] = Field(min_length=1)
    likelihood_source: SourceIds
    self_care: list[SourcedText] = []
    while_you_wait: list[SourcedText] = []
    prevention: list[SourcedText] = []
    see_doctor_if: list[SourcedText] = Field(min_length=1)
    related: list[Id] = []
    sources: SourceIds
    notes: str | None = None

    def likelihood(self, finding_id: str) -> float | None:
        entry = self.likelihoods.get(finding_id)
        return None if entry is None else entry.p


class RuleExample(Strict):
    findings: list[Id] = Field(min_length=1)
    age: int | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male"] | None = None


class Rule(Strict):
    id: Id
    kind: Literal["red_flag", "decision_rule", "duration"]
    level: TriageLevel
    reason: str = Field(min_length=10)
    when: Any
    about: list[Id] = []
    source: SourceIds
    fires_on: list[RuleExample] = Field(min_length=1)
    not_on: list[RuleExample] = Field(min_length=1)

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> TriageLevel:
        return TriageLevel.parse(value)


class Conflict(Strict):
    id: Id
    question: str
    source_article_says: str
    clinical_sources_say: str
    we_advise: str
    why: str
    source: SourceIds


class Topic(Strict):
    id: Id
    title: str
    applies_to: list[Id] = []
    items: list[SourcedText] = Field(min_length=1)
    conflicts: list[Conflict] = []


class NoneOfThese(Strict):
    weight: float = Field(gt=0, le=1000)
    source: SourceIds
    note: str | None = None


class PackMeta(Strict):
    name: str
    version: str
    none_of_these: NoneOfThese
