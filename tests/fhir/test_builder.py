"""The FHIR bundle built from an assessment: R4B resources that validate, references that
resolve, and the answers, findings, conditions and triage carried faithfully."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anklecheck import Checker
from anklecheck.engine.interview import AnswerValue, Interviewer, InterviewState
from anklecheck.errors import InvalidInputError
from anklecheck.fhir import Snapshot, build_bundle
from anklecheck.fhir.builder import ANSWER_SYSTEM, DATA_ABSENT, FINDING_SYSTEM, ICD10CM, SNOMED, TRIAGE_URL
from anklecheck.kb import load_pack
from tests.conftest import Editor

from .bundles import resources, valid_bundle

RUPTURE: tuple[tuple[str, AnswerValue], ...] = (
    ("age", 40),
    ("sex", "male"),
    ("main_complaint", ("complaint_pain",)),
    ("warning_signs", ()),
    ("how_it_started", ("felt_pop_or_snap", "kicked_sensation_back_of_ankle")),
    ("cannot_tiptoe_single_leg", True),
    ("unable_to_bear_weight", False),
    ("calf_squeeze_no_movement", None),
)
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _snapshot(checker: Checker, answers: tuple[tuple[str, AnswerValue], ...], complete: bool = True) -> Snapshot:
    state = InterviewState(answers)
    assessment = Interviewer(checker).assess(state)
    return Snapshot(answers, assessment, complete, WHEN, age_band=(40, 44), sex=state.sex)


def _export(checker: Checker, snapshot: Snapshot) -> str:
    return build_bundle(checker.pack, snapshot).model_dump_json()


def test_the_bundle_validates_as_r4b_and_every_reference_resolves(checker: Checker) -> None:
    bundle = valid_bundle(_export(checker, _snapshot(checker, RUPTURE)))
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds[:2] == ["Patient", "QuestionnaireResponse"]
    assert kinds[-1] == "RiskAssessment"
    assert set(kinds[2:-1]) == {"Observation"}
    assert type(bundle.entry[0].resource).__module__.startswith("fhir.resources.R4B.")


def test_the_risk_assessment_ranks_the_conditions_with_icd10_and_the_triage(checker: Checker) -> None:
    snapshot = _snapshot(checker, RUPTURE)
    (risk,) = resources(valid_bundle(_export(checker, snapshot)), "RiskAssessment")
    ranked = snapshot.assessment.conditions
    assert ranked[0].id == "achilles_rupture"
    assert [p.outcome.text for p in risk.prediction] == [c.name for c in ranked]
    first = risk.prediction[0]
    assert first.outcome.coding[0].system == ICD10CM
    assert first.outcome.coding[0].code == ranked[0].icd10
    assert first.outcome.coding[0].display is None  # only the code system's own wording may go there
    snomed = checker.pack.conditions["achilles_rupture"].snomed
    assert snomed is not None
    assert [c.code for c in first.outcome.coding if c.system == SNOMED] == [snomed]
    assert float(first.probabilityDecimal) == round(ranked[0].probability, 4)
    probabilities = [float(p.probabilityDecimal) for p in risk.prediction]
    assert probabilities == sorted(probabilities, reverse=True)
    level = snapshot.assessment.triage.level.name
    assert level == "emergency"
    assert f"triage level {level}" in risk.mitigation
    assert [e.valueCoding.code for e in risk.extension if e.url == TRIAGE_URL] == [level]
    assert risk.status == "final"
    assert f"knowledge pack {checker.pack.meta.version}" in risk.method.text  # which knowledge made it
    assert risk.note[0].text.startswith("Not a diagnosis")
    assert len(risk.basis) == 1 + len(snapshot.assessment.evidence)


def test_observations_say_present_absent_and_unknown_each_their_own_way(checker: Checker) -> None:
    snapshot = _snapshot(checker, RUPTURE)
    observations = resources(valid_bundle(_export(checker, snapshot)), "Observation")
    by_finding = {next(c.code for c in o.code.coding if c.system == FINDING_SYSTEM): o for o in observations}
    assert set(by_finding) == {e.id for e in snapshot.assessment.evidence}
    assert by_finding["felt_pop_or_snap"].valueBoolean is True
    assert by_finding["unable_to_bear_weight"].valueBoolean is False
    unknown = by_finding["calf_squeeze_no_movement"]
    assert unknown.valueBoolean is None
    assert unknown.dataAbsentReason.coding[0].system == DATA_ABSENT
    assert unknown.dataAbsentReason.coding[0].code == "asked-unknown"
    assert all(o.status == "final" for o in observations)


def test_the_questionnaire_response_holds_every_answer_in_order(checker: Checker) -> None:
    snapshot = _snapshot(checker, RUPTURE, complete=False)
    bundle = valid_bundle(_export(checker, snapshot))
    (response,) = resources(bundle, "QuestionnaireResponse")
    assert response.status == "in-progress"
    assert [item.linkId for item in response.item] == [q for q, _ in RUPTURE]
    items = {item.linkId: item for item in response.item}
    assert items["age"].answer[0].valueString == "40-44 years"
    assert items["sex"].answer[0].valueCoding.code == "male"
    assert [a.valueCoding.code for a in items["how_it_started"].answer] == [
        "felt_pop_or_snap",
        "kicked_sensation_back_of_ankle",
    ]
    assert items["warning_signs"].answer[0].valueCoding.system == ANSWER_SYSTEM
    assert items["warning_signs"].answer[0].valueCoding.code == "none"
    assert items["cannot_tiptoe_single_leg"].answer[0].valueBoolean is True
    assert items["calf_squeeze_no_movement"].answer[0].valueCoding.code == "unknown"
    assert items["warning_signs"].text == checker.pack.groups["warning_signs"].question
    (risk,) = resources(bundle, "RiskAssessment")
    assert risk.status == "preliminary"


def test_the_patient_has_only_the_sex_and_the_age_band(checker: Checker) -> None:
    (patient,) = resources(valid_bundle(_export(checker, _snapshot(checker, RUPTURE))), "Patient")
    data = patient.model_dump(mode="json", exclude_none=True)
    assert set(data) == {"resourceType", "gender", "extension"}
    assert data["gender"] == "male"
    band = data["extension"][0]["valueRange"]
    assert (band["low"]["value"], band["high"]["value"]) == (40, 44)


def test_a_finding_with_a_snomed_code_in_the_pack_is_coded_with_it(pack_copy: Path, edit_yaml: Editor) -> None:
    def add_code(data: object) -> None:
        assert isinstance(data, dict)
        for finding in data["findings"]:
            if finding["id"] == "fever":
                finding["snomed"] = "386661006"

    path = next(p for p in (pack_copy / "findings").glob("*.yaml") if "id: fever\n" in p.read_text())
    edit_yaml(pack_copy, path.relative_to(pack_copy).as_posix(), add_code)
    checker = Checker(load_pack(pack_copy))
    snapshot = _snapshot(checker, (("warning_signs", ("fever",)),))
    observations = resources(valid_bundle(_export(checker, snapshot)), "Observation")
    (fever,) = [o for o in observations if any(c.code == "fever" for c in o.code.coding)]
    assert (fever.code.coding[0].system, fever.code.coding[0].code) == (SNOMED, "386661006")
    assert all(c.system != SNOMED for o in observations if o is not fever for c in o.code.coding)


def test_an_empty_interview_still_exports_a_valid_bundle(checker: Checker) -> None:
    assessment = checker.assess({})
    bundle = valid_bundle(_export(checker, Snapshot((), assessment, False, WHEN)))
    (patient,) = resources(bundle, "Patient")
    assert patient.gender == "unknown"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_bundle_of_random_evidence_validates(checker: Checker, data: st.DataObject) -> None:
    findings = data.draw(
        st.dictionaries(st.sampled_from(sorted(checker.findings)), st.sampled_from([True, False, None]), max_size=12)
    )
    try:
        assessment = checker.assess(findings, age=data.draw(st.none() | st.integers(0, 120)))
    except InvalidInputError:  # contradictory evidence is refused before anything is exported
        return
    answers = tuple((f, v) for f, v in findings.items())
    bundle = valid_bundle(_export(checker, Snapshot(answers, assessment, True, WHEN)))
    (risk,) = resources(bundle, "RiskAssessment")
    assert len(risk.prediction) == len(assessment.conditions)
