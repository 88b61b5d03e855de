"""Request and response bodies of the REST API: validated at the boundary, documented with examples.

Finding and condition ids are plain strings here; the OpenAPI document lists the valid ones
(`app.py` adds them as enums from the loaded pack), and the engine names an unknown one with the
closest ids.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

MAX_TEXT = 10_000  # the intake's own limit (intake/parser.py)
MAX_EVIDENCE = 300  # more than the pack has findings
Id = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Sex = Literal["female", "male"]
Choice = Literal["present", "absent", "unknown"]
Progress = Literal["better", "same", "worse"]
FeedbackKind = Literal["wrong_result", "unclear_text", "content_error", "other"]
Level = Literal["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Numbers and dates without coercion (false is not an age, 0 is not a date): the schema says
# exactly what is accepted.
Years = Annotated[int, Field(ge=0, le=120, strict=True)]
Seq = Annotated[int, Field(ge=1, le=10_000, strict=True)]


def _iso_only(value: object) -> object:
    if not isinstance(value, (str, datetime)):
        raise ValueError("must be an ISO 8601 date and time, such as 2025-05-01T08:00:00Z")
    return value


When = Annotated[datetime, BeforeValidator(_iso_only)]


class EvidenceItem(Strict):
    id: Id = Field(description="A finding id (GET /v1/findings).", examples=["pain_back_of_ankle"])
    choice_id: Choice = Field(description="present, absent or unknown.", examples=["present"])


class AgeValue(Strict):
    value: Years = Field(description="Age in whole years.")


class Case(Strict):
    """What is known about the person: age, sex, findings, and optionally their own words."""

    age: Years | AgeValue | None = Field(
        default=None,
        description='Age in whole years (or {"value": years}, as some integrations send it).',
        examples=[42],
    )
    sex: Sex | None = Field(default=None, examples=["male"])
    evidence: list[EvidenceItem] = Field(default=[], max_length=MAX_EVIDENCE)
    text: str | None = Field(
        default=None,
        max_length=MAX_TEXT,
        description="The complaint in the person's own words; explicit evidence wins over what it says.",
        examples=["felt a snap at the back of my ankle playing squash, can't stand on tiptoe"],
    )

    @property
    def years(self) -> int | None:
        return self.age.value if isinstance(self.age, AgeValue) else self.age

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "age": 42,
                    "sex": "male",
                    "evidence": [
                        {"id": "pain_back_of_ankle", "choice_id": "present"},
                        {"id": "felt_pop_or_snap", "choice_id": "present"},
                    ],
                }
            ]
        },
    )


class DiagnosisRequest(Case):
    age: Years | AgeValue = Field(description="Age in whole years.", examples=[42])
    sex: Sex = Field(examples=["male"])


class ExplainRequest(Case):
    target: Id = Field(description="The condition id to explain.", examples=["achilles_rupture"])


class ParseRequest(Strict):
    text: str = Field(
        min_length=1, max_length=MAX_TEXT, examples=["my ankle swelled up after a run, no injury, 3 days now"]
    )


class ChoiceOut(BaseModel):
    id: Choice
    label: str


class QuestionItem(BaseModel):
    id: str
    name: str
    choices: list[ChoiceOut]


class QuestionOut(BaseModel):
    id: str
    type: Literal["single", "group_single", "group_multiple", "number"] = Field(
        description="single: yes/no; group_single: choose one; group_multiple: choose all that apply; "
        "number: the age (sessions only, when it was not given)."
    )
    text: str
    help: str
    items: list[QuestionItem]
    none_option: str | None = None
    rationale: str


class ConditionProbability(BaseModel):
    id: str
    name: str
    icd10: str
    probability: float


class DiagnosisResponse(BaseModel):
    question: QuestionOut | None = Field(description="The next question; null when should_stop is true.")
    conditions: list[ConditionProbability]
    should_stop: bool
    triage_level: Level


class Reason(BaseModel):
    kind: str
    id: str
    level: Level
    text: str


class TriageResponse(BaseModel):
    level: Level
    label: str = Field(description="What the level means, in plain words.")
    reasons: list[Reason]
    advice: dict[str, list[dict[str, Any]]] = Field(description="plan, while_you_wait, see_doctor_if, prevention.")


class Finding(BaseModel):
    id: str
    label: str
    present: bool
    text: str
    weight: float


class ExplainResponse(BaseModel):
    id: str
    name: str
    icd10: str
    probability: float
    supporting: list[Finding]
    opposing: list[Finding]


class ParseResponse(BaseModel):
    evidence: list[dict[str, Any]] = Field(description="Findings present or absent, each with its span and text.")
    mentions: list[dict[str, Any]] = Field(description="Everything found, with its status (negated, uncertain, …).")
    age: int | None
    sex: Sex | None
    unmatched: list[str] = Field(description="Parts of the text that matched nothing.")
    notes: list[str]


class ConditionSummary(BaseModel):
    id: str
    name: str
    icd10: str
    triage: Level
    category: str | None = None


class FindingSummary(BaseModel):
    id: str
    kind: str
    group: str | None
    question: str
    help: str | None = None


# -- sessions ----------------------------------------------------------------------------------


class SessionCreate(Case):
    symptoms_began: When | None = Field(
        default=None,
        description="When the symptoms began (ISO 8601 with a time zone); else worked out from the answers.",
        examples=["2025-05-01T08:00:00Z"],
    )


Answer = bool | int | str | list[Id] | None


class AnswerRequest(Strict):
    seq: Seq | None = Field(
        default=None,
        description="This answer's number (the session's next_seq). Send it so that a retried POST is stored once.",
        examples=[1],
    )
    question_id: Id = Field(examples=["main_complaint"])
    answer: Answer = Field(
        description="age: a number; sex: female/male; a checklist: the chosen option ids; yes/no: true/false; "
        "null: don't know.",
        examples=[["complaint_pain"]],
    )


class UndoRequest(Strict):
    seq: Seq | None = Field(default=None, description="As for answers: makes a retry safe.")


class FollowupRequest(Strict):
    seq: Seq | None = Field(default=None, description="As for answers: makes a retry safe.")
    progress: Progress = Field(description="How it has gone since the assessment.", examples=["same"])
    evidence: list[EvidenceItem] = Field(default=[], max_length=MAX_EVIDENCE)


class AnswerOut(BaseModel):
    question_id: str
    answer: Answer


class SessionView(BaseModel):
    id: str
    next_seq: int = Field(description="The number to send with the next answer, undo or follow-up.")
    created_at: datetime
    assessed_at: datetime | None = Field(description="When the interview last reached a result.")
    symptoms_began: datetime | None
    age_band: str | None = Field(description="The age is kept only as its band, e.g. 40-44.")
    sex: Sex | None
    answers: list[AnswerOut]
    question: QuestionOut | None
    should_stop: bool
    conditions: list[ConditionProbability]
    triage_level: Level


class FollowupResponse(BaseModel):
    session: SessionView
    previous_level: Level
    level: Level
    days_since_onset: float
    recheck: list[str] = Field(description="Questions asked again because it got worse (warning signs).")
    triage: TriageResponse


class ResultResponse(BaseModel):
    complete: bool = Field(description="False while questions remain: this is the result so far.")
    assessment: dict[str, Any] = Field(description="The assessment JSON (conditions, triage, evidence, advice).")


# -- feedback ----------------------------------------------------------------------------------


class FeedbackRequest(Strict):
    session_id: Id | None = Field(default=None, description="The session it is about (or give page).")
    page: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None, description="The page or endpoint it is about.", examples=["/conditions/gout"]
    )
    kind: FeedbackKind
    message: str = Field(min_length=1, max_length=4000, examples=["The advice mentions wool socks twice."])
    seen: dict[str, Any] | None = Field(
        default=None, description="For page feedback: what the person saw (stored as the snapshot)."
    )


class FeedbackResponse(BaseModel):
    id: str
    created_at: datetime
    kind: FeedbackKind


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None
    hint: str | None


class ErrorResponse(BaseModel):
    error: ErrorDetail
