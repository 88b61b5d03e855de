"""The Checker entry object: input validation, results, explanations."""

from __future__ import annotations

import dataclasses

import pytest

from anklecheck import Checker, InvalidInputError, Settings, TriageLevel, UnknownIdError
from anklecheck.engine.result import Evidence


def test_unknown_finding_suggests_the_closest_ids(checker: Checker) -> None:
    with pytest.raises(UnknownIdError) as caught:
        checker.assess({"pain_bak_of_ankle": True})
    assert caught.value.value == "pain_bak_of_ankle"
    assert "pain_back_of_ankle" in caught.value.suggestions
    assert "pain_back_of_ankle" in caught.value.hint


def test_ids_are_forgiving_about_case_and_dashes(checker: Checker) -> None:
    result = checker.assess({"Pain-Back-Of-Ankle": True})
    assert "pain_back_of_ankle" in {e.id for e in result.evidence if e.source == "structured"}


@pytest.mark.parametrize("age", [-1, 121, 300, True, 3.5, "40"])
def test_impossible_age_is_rejected(checker: Checker, age: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        checker.assess({}, age=age)  # type: ignore[arg-type]
    assert caught.value.field == "age"


def test_unknown_sex_is_rejected(checker: Checker) -> None:
    with pytest.raises(InvalidInputError, match="sex"):
        checker.assess({}, sex="f")


def test_contradictory_evidence_is_rejected(checker: Checker) -> None:
    with pytest.raises(InvalidInputError, match="both as present and as absent"):
        checker.assess({"fever": True}, evidence=[Evidence("fever", False)])


def test_result_is_frozen(checker: Checker) -> None:
    result = checker.assess({"pain_under_heel": True})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.model = "other"  # type: ignore[misc]


def test_classic_plantar_fasciitis_ranks_first_and_is_explained(checker: Checker) -> None:
    result = checker.assess(
        {
            "pain_under_heel": True,
            "pain_first_steps_morning": True,
            "pain_eases_with_warm_up": True,
            "heel_tender_bottom_inner": True,
            "injury_rolled_ankle": False,
            "numbness_tingling": False,
        },
        age=48,
        sex="female",
    )
    top = result.conditions[0]
    assert top.id == "plantar_fasciitis"
    assert result.triage.level == TriageLevel.self_care
    assert "pain_under_heel" in {c.id for c in top.supporting}
    assert result.advice.plan


def test_achilles_rupture_is_an_emergency_with_no_home_plan(checker: Checker) -> None:
    result = checker.assess(
        {
            "pain_back_of_ankle": True,
            "felt_pop_or_snap": True,
            "kicked_sensation_back_of_ankle": True,
            "cannot_tiptoe_single_leg": True,
            "sudden_onset": True,
        },
        age=41,
        sex="male",
    )
    assert result.conditions[0].id == "achilles_rupture"
    assert result.triage.level >= TriageLevel.emergency
    assert result.advice.plan == ()
    assert result.advice.while_you_wait


def test_anaphylaxis_signs_call_an_ambulance_whatever_the_ranking(checker: Checker) -> None:
    result = checker.assess({"skin_rash": True, "itch": True, "throat_or_lip_swelling": True})
    assert result.triage.level == TriageLevel.emergency_ambulance
    assert result.triage.reasons[0].kind == "red_flag"


def test_noisy_or_model_answers_the_same_queries(pack) -> None:  # type: ignore[no-untyped-def]
    noisy = Checker(pack, Settings(model="noisy_or"))
    result = noisy.assess({"pain_under_heel": True, "pain_first_steps_morning": True})
    assert result.model == "noisy_or"
    assert abs(sum(result.probabilities.values()) + result.none_probability - 1) < 1e-9
    assert result.conditions[0].id == "plantar_fasciitis"


def test_settings_from_environment_report_bad_values() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Settings.from_env({"ANKLECHECK_MODEL": "deep_learning"})
    assert caught.value.field == "ANKLECHECK_MODEL"
    assert Settings.from_env({"ANKLECHECK_TOP": "5"}).top == 5


def test_public_api_lists_exactly_what_it_exports() -> None:
    import anklecheck

    for name in anklecheck.__all__:
        assert getattr(anklecheck, name) is not None
    with pytest.raises(AttributeError):
        anklecheck.NotAThing  # noqa: B018


def test_explain_gives_one_condition_with_reasons_for_and_against(checker: Checker) -> None:
    findings = {"pain_under_heel": True, "pain_first_steps_morning": True, "felt_pop_or_snap": False}
    explained = checker.explain("plantar_fasciitis", findings, age=48, sex="female")
    ranked = {c.id: c for c in checker.assess(findings, age=48, sex="female").conditions}
    assert explained.id == "plantar_fasciitis"
    assert explained.probability == pytest.approx(ranked["plantar_fasciitis"].probability)
    assert {c.id for c in explained.supporting} >= {"pain_under_heel"}
    unlikely = checker.explain("gout", findings, age=48, sex="female")
    assert unlikely.probability < 0.05
    assert unlikely.opposing
