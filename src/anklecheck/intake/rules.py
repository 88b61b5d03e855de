"""The intake's rule file (`rules.yaml`), validated when first loaded."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from anklecheck.errors import KnowledgePackError, Problem

RULES_FILE = Path(__file__).with_name("rules.yaml")
ContextCategory = Literal[
    "NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE", "FAMILY", "HISTORICAL", "HYPOTHETICAL", "TERMINATE", "PSEUDO"
]


class ContextRuleData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    literal: str = Field(min_length=1)
    category: ContextCategory
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
    max_scope: int | None = Field(default=None, ge=1)  # words it reaches; None: to the sentence's end


class DurationRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    finding: str
    more_than_days: float = Field(gt=0)


class BothSides(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    finding: str
    parts: frozenset[str]
    both_words: frozenset[str]  # said ahead of any of `both`, singular or not: "both my little toes"
    both: frozenset[str]
    both_gap: int = Field(ge=1)
    idioms: tuple[str, ...]
    symptom_kinds: frozenset[str]
    window: int = Field(ge=1)


class InjuryOnset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    finding: str
    injuries: frozenset[str]
    unless: frozenset[str]
    long_ago: frozenset[str]


class EarlierInjury(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    injury: str
    finding: str
    repeated: tuple[str, ...]
    window: int = Field(ge=1)


class PainWithAction(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    finding: str
    symptom_kinds: frozenset[str] = frozenset()
    symptoms: frozenset[str] = frozenset()  # findings that count besides those of `symptom_kinds`
    cues: tuple[str, ...]
    actions: frozenset[str]
    window: int = Field(ge=1)
    cue_gap: int = Field(ge=0)


class BodyParts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    own: frozenset[str]
    other: frozenset[str]


class BareSides(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    needs: str
    reach: int = Field(ge=1)
    said_after: frozenset[str]
    not_before: tuple[str, ...]
    sides: dict[str, dict[str, str]]  # side word -> part -> place finding
    parts: dict[str, str]  # word -> part


class TrainingJump(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    finding: str
    units: tuple[str, ...]


class DelayedRash(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    finding: str
    symptom_kinds: frozenset[str]
    ends: frozenset[str]
    days: tuple[float, float]


class TenderPlaces(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    cues: frozenset[str]
    denials: frozenset[str]
    reach: int = Field(ge=1)
    beside: frozenset[str]
    places: dict[str, tuple[str, ...]]


class WhenWithoutPain(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    pain: str
    symptom: str
    findings: dict[str, str]


class Approximate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    words: tuple[str, ...]
    tolerance: float = Field(ge=0, lt=1)


class IntakeRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    function_words: frozenset[str]
    word_forms: dict[str, str] = {}
    ordered_findings: frozenset[str] = frozenset()
    ordered_openings: frozenset[str] = frozenset()
    context_rules: tuple[ContextRuleData, ...]
    number_words: dict[str, float]
    unit_days: dict[str, float]
    relative_days: dict[str, float]
    duration_cues: tuple[str, ...]
    duration_ends: tuple[str, ...]
    counted_back: frozenset[str]
    from_an_event: frozenset[str]
    more_than_cues: tuple[str, ...]
    approximate: Approximate
    durations: tuple[DurationRule, ...]
    sex_words: dict[Literal["female", "male"], tuple[str, ...]]
    age_years_words: tuple[str, ...]
    proxy_subjects: dict[Literal["female", "male", "either"], tuple[str, ...]]
    child_words: frozenset[str]
    own_body_words: tuple[str, ...]
    place_needs: dict[str, tuple[str, ...]]
    body_parts: dict[str, BodyParts]
    both_sides: BothSides
    bare_sides: BareSides
    training_jump: TrainingJump
    delayed_rash: DelayedRash
    when_without_pain: WhenWithoutPain
    tender_places: TenderPlaces
    injury_onset: InjuryOnset
    earlier_injury: EarlierInjury
    pain_with_action: tuple[PainWithAction, ...]
    several_in_one_phrase: frozenset[str]
    elsewhere: frozenset[str]
    duration_needs_kinds: frozenset[str]
    duration_events: frozenset[str]
    duration_of_it: frozenset[str]
    duration_since: tuple[str, ...]
    history_of: frozenset[str]
    short_after_exercise: float = Field(ge=0)
    singular_units: frozenset[str]
    after_a_length: tuple[str, ...]
    weekdays: tuple[str, ...] = Field(min_length=7, max_length=7)
    today_cues: tuple[str, ...]
    semantic_threshold: float = Field(gt=0, le=1)
    english_share: float = Field(ge=0, le=1)
    english_words: frozenset[str]


@cache
def load_rules(path: Path = RULES_FILE) -> IntakeRules:
    try:
        return IntakeRules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgePackError([Problem(path.name, "", str(exc))]) from None
    except ValidationError as exc:
        problems = [Problem(path.name, ".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]
        raise KnowledgePackError(problems) from None
