"""One assessment as a FHIR R4B Bundle (type ``collection``): a Patient with only the sex and the
age band (all that is stored), a QuestionnaireResponse of the answers, one Observation per
finding used, and a RiskAssessment of the ranked conditions with the triage recommendation.

R4B, not the package's default R5: R4 is what most health systems run, and R4B is R4's
compatible revision for these resources. Every resource is validated by its fhir.resources model
as it is built, so a bundle that does not validate is never returned.

Conventions (docs/fhir.md): an absent finding is ``valueBoolean: false``; a "don't know" answer
is ``dataAbsentReason: asked-unknown``. Resources refer to each other by ``urn:uuid:`` fullUrls,
new for every export, and no id of the stored session appears in the bundle (a session id alone
opens the session, so it must not travel with a document that is shared).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.riskassessment import RiskAssessment

from anklecheck import __version__
from anklecheck.engine.interview import AGE, SEX, AnswerValue
from anklecheck.engine.result import Assessment, Evidence, RankedCondition
from anklecheck.engine.triage import LEVEL_TEXT
from anklecheck.kb.loader import KnowledgePack

FHIR_JSON = "application/fhir+json"

# anklecheck's own code systems and extensions. FHIR allows identifiers that do not resolve; the
# reserved .example domain says plainly that no registered terminology server stands behind them.
BASE = "https://anklecheck.example/fhir"
FINDING_SYSTEM = f"{BASE}/CodeSystem/finding"
ANSWER_SYSTEM = f"{BASE}/CodeSystem/answer"
TRIAGE_SYSTEM = f"{BASE}/CodeSystem/triage-level"
MODEL_SYSTEM = f"{BASE}/CodeSystem/model"
AGE_BAND_URL = f"{BASE}/StructureDefinition/age-band"
TRIAGE_URL = f"{BASE}/StructureDefinition/triage-level"

SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
GENDER = "http://hl7.org/fhir/administrative-gender"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"

QUESTION_TEXT = {AGE: "How old are you?", SEX: "What is your sex?"}
SOURCE_TEXT = {
    "structured": "Answered by the person",
    "text": "Read from the person's own words",
    "implied": "Implied by another answer",
}
NOT_A_DIAGNOSIS = (
    "Not a diagnosis: possible causes ranked by a symptom checker from the person's own answers, "
    "with a triage recommendation. A clinician should confirm."
)


@dataclass(frozen=True)
class Snapshot:
    """What is exported: the answers in order, their assessment, and what little is known of the
    person (the age only as its band)."""

    answers: Sequence[tuple[str, AnswerValue]]
    assessment: Assessment
    complete: bool
    authored: datetime
    age_band: tuple[int, int] | None = None  # first and last year of the band
    sex: str | None = None


@dataclass
class _Refs:
    """A fresh urn:uuid per resource of one bundle."""

    made: dict[str, str] = field(default_factory=dict)

    def __call__(self, key: str) -> str:
        return self.made.setdefault(key, f"urn:uuid:{uuid.uuid4()}")


def build_bundle(pack: KnowledgePack, snapshot: Snapshot) -> Bundle:
    """The validated Bundle; ``bundle.model_dump_json()`` is the document to send."""
    refs = _Refs()
    when = _instant(snapshot.authored)
    observations = [(f"observation/{e.id}", _observation(pack, e, refs, when)) for e in snapshot.assessment.evidence]
    resources: list[tuple[str, Resource]] = [
        ("patient", _patient(snapshot)),
        ("answers", _questionnaire_response(pack, snapshot, refs, when)),
        *observations,
        ("risk", _risk_assessment(pack, snapshot, refs, when, [key for key, _ in observations])),
    ]
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "identifier": {"system": "urn:ietf:rfc:3986", "value": refs("bundle")},
            "type": "collection",
            "timestamp": _instant(datetime.now(UTC)),
            "entry": [{"fullUrl": refs(key), "resource": resource} for key, resource in resources],
        }
    )


def _instant(moment: datetime) -> str:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    return {"system": system, "code": code, **({"display": display} if display else {})}


# -- Patient -------------------------------------------------------------------------------------


def _patient(snapshot: Snapshot) -> Patient:
    """No identity: the sex as administrative gender and the age band as a Range extension."""
    data: dict[str, Any] = {"resourceType": "Patient", "gender": snapshot.sex or "unknown"}
    if snapshot.age_band is not None:
        first, last = snapshot.age_band
        data["extension"] = [
            {"url": AGE_BAND_URL, "valueRange": {"low": _years(first), "high": _years(last)}},
        ]
    return Patient.model_validate(data)


def _years(value: int) -> dict[str, Any]:
    return {"value": value, "unit": "years", "system": UCUM, "code": "a"}


# -- QuestionnaireResponse -----------------------------------------------------------------------


def _questionnaire_response(pack: KnowledgePack, snapshot: Snapshot, refs: _Refs, when: str) -> QuestionnaireResponse:
    items = [_item(pack, question, value, snapshot) for question, value in snapshot.answers]
    return QuestionnaireResponse.model_validate(
        {
            "resourceType": "QuestionnaireResponse",
            "status": "completed" if snapshot.complete else "in-progress",
            "subject": {"reference": refs("patient")},
            "authored": when,
            **({"item": items} if items else {}),
        }
    )


def _question_text(pack: KnowledgePack, question: str) -> str:
    if question in pack.groups:
        return pack.groups[question].question
    if question in pack.findings:
        return pack.findings[question].question
    return QUESTION_TEXT.get(question, question)


def _item(pack: KnowledgePack, question: str, value: AnswerValue, snapshot: Snapshot) -> dict[str, Any]:
    return {
        "linkId": question,
        "text": _question_text(pack, question),
        "answer": _answers(pack, question, value, snapshot),
    }


def _answers(pack: KnowledgePack, question: str, value: AnswerValue, snapshot: Snapshot) -> list[dict[str, Any]]:
    """One answer per chosen option of a checklist; one for anything else."""
    if value is None:
        return [{"valueCoding": _coding(ANSWER_SYSTEM, "unknown", "Don't know")}]
    if question == AGE and snapshot.age_band is not None:
        first, last = snapshot.age_band  # the stored age is only the first year of its band
        return [{"valueString": f"{first}-{last} years"}]
    if question == SEX and isinstance(value, str):
        return [{"valueCoding": _coding(GENDER, value, value.capitalize())}]
    if isinstance(value, bool):
        return [{"valueBoolean": value}]
    if isinstance(value, tuple):
        if not value:
            none_option = pack.groups[question].none_option if question in pack.groups else "None of these"
            return [{"valueCoding": _coding(ANSWER_SYSTEM, "none", none_option)}]
        return [{"valueCoding": _coding(FINDING_SYSTEM, option, _finding_label(pack, option))} for option in value]
    return [{"valueString": str(value)}]


def _finding_label(pack: KnowledgePack, finding_id: str) -> str:
    finding = pack.findings.get(finding_id)
    if finding is None:
        return finding_id
    return finding.label or finding.option or finding.question


# -- Observations ----------------------------------------------------------------------------------


def _observation(pack: KnowledgePack, evidence: Evidence, refs: _Refs, when: str) -> Observation:
    finding = pack.findings[evidence.id]
    codings = [_coding(SNOMED, finding.snomed)] if finding.snomed else []
    codings.append(_coding(FINDING_SYSTEM, finding.id, _finding_label(pack, finding.id)))
    data: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [_coding(CATEGORY, "survey", "Survey")]}],
        "code": {"coding": codings, "text": _finding_label(pack, finding.id)},
        "subject": {"reference": refs("patient")},
        "effectiveDateTime": when,
        "method": {"text": SOURCE_TEXT[evidence.source]},
        "derivedFrom": [{"reference": refs("answers")}],
    }
    if evidence.present is None:
        data["dataAbsentReason"] = {"coding": [_coding(DATA_ABSENT, "asked-unknown", "Asked But Unknown")]}
    else:
        data["valueBoolean"] = evidence.present
    if evidence.text:
        data["note"] = [{"text": f'From the words: "{evidence.text}"'}]
    return Observation.model_validate(data)


# -- RiskAssessment ----------------------------------------------------------------------------------


def _risk_assessment(
    pack: KnowledgePack, snapshot: Snapshot, refs: _Refs, when: str, observations: list[str]
) -> RiskAssessment:
    result = snapshot.assessment
    level = result.triage.level
    reasons = " ".join(reason.text for reason in result.triage.reasons)
    mitigation = f"{LEVEL_TEXT[level]} (triage level {level.name}). {reasons}".strip()
    return RiskAssessment.model_validate(
        {
            "resourceType": "RiskAssessment",
            "extension": [{"url": TRIAGE_URL, "valueCoding": _coding(TRIAGE_SYSTEM, level.name, LEVEL_TEXT[level])}],
            "status": "final" if snapshot.complete else "preliminary",
            "method": {
                "coding": [_coding(MODEL_SYSTEM, result.model)],
                "text": f"anklecheck {__version__}, knowledge pack {pack.meta.version}, model {result.model}",
            },
            "subject": {"reference": refs("patient")},
            "occurrenceDateTime": when,
            "basis": [{"reference": refs(key)} for key in ("answers", *observations)],
            "prediction": [_prediction(pack, condition) for condition in result.conditions],
            "mitigation": mitigation,
            "note": [{"text": NOT_A_DIAGNOSIS}],
        }
    )


def _prediction(pack: KnowledgePack, ranked: RankedCondition) -> dict[str, Any]:
    condition = pack.conditions[ranked.id]
    # No display on the standard codings: a display must be the code system's own text (S86.01 is
    # "Strain of Achilles tendon"), which is not at hand here; outcome.text has the plain name.
    codings = [_coding(ICD10CM, ranked.icd10)]
    if condition.snomed:
        codings.append(_coding(SNOMED, condition.snomed))
    for_ = "; ".join(c.text for c in ranked.supporting)
    against = "; ".join(c.text for c in ranked.opposing)
    rationale = ". ".join(part for part in (for_ and f"For: {for_}", against and f"Against: {against}") if part)
    return {
        "outcome": {"coding": codings, "text": ranked.name},
        "probabilityDecimal": round(ranked.probability, 4),
        **({"rationale": rationale} if rationale else {}),
    }
