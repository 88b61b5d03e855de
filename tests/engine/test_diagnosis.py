"""Stateless interview steps: evidence per finding as interview answers, age bands, the cache."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anklecheck import Checker, UnknownIdError
from anklecheck.engine.answers import state_from_evidence, with_findings
from anklecheck.engine.diagnosis import Diagnoser


@pytest.fixture(scope="module")
def diagnoser(checker: Checker) -> Diagnoser:
    return Diagnoser(checker)


def test_partial_evidence_never_stands_for_none_of_the_warning_signs(diagnoser: Diagnoser) -> None:
    state = state_from_evidence(diagnoser.interviewer, {"fever": False, "complaint_pain": True}, 30, "male")
    assert "warning_signs" not in state.asked
    step = diagnoser.step(state)
    assert step.question is not None
    assert step.question.id in ("main_complaint", "warning_signs")


def test_a_settled_group_counts_as_asked(diagnoser: Diagnoser, checker: Checker) -> None:
    members = checker.pack.group_members["main_complaint"]
    evidence = {m: m == "complaint_pain" for m in members}
    state = state_from_evidence(diagnoser.interviewer, evidence, 30, "male")
    assert "main_complaint" in state.asked
    assert diagnoser.interviewer.findings(state) == evidence


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_the_state_gives_exactly_the_evidence(diagnoser: Diagnoser, checker: Checker, data: st.DataObject) -> None:
    ids = sorted(checker.findings)
    chosen = data.draw(st.lists(st.sampled_from(ids), max_size=12, unique=True))
    evidence = {f: data.draw(st.sampled_from([True, False, None])) for f in chosen}
    state = state_from_evidence(diagnoser.interviewer, evidence, None, None)
    read = diagnoser.interviewer.findings(state)
    assert {f: read.get(f) for f in evidence} == evidence
    # Adding nothing changes nothing; the same evidence in another order gives the same state.
    assert with_findings(diagnoser.interviewer, state, {}) == state
    assert state_from_evidence(diagnoser.interviewer, dict(reversed(list(evidence.items()))), None, None) == state


def test_every_age_in_a_band_gives_the_same_result(diagnoser: Diagnoser, checker: Checker) -> None:
    findings = {"pain_under_heel": True, "pain_first_steps_morning": True}
    for first, after in zip(diagnoser.age_cuts, diagnoser.age_cuts[1:], strict=False):
        band = diagnoser.age_band(first)
        assert (band.first, band.last) == (first, after - 1)
        results = {
            tuple(checker.weigh(findings, age=age, sex="female").probabilities.round(12)) for age in (first, after - 1)
        }
        assert len(results) == 1


def test_diagnose_canonicalises_ids_and_caches(diagnoser: Diagnoser) -> None:
    first = diagnoser.diagnose({"Pain-Back-Of-Ankle": True}, 41, "male")
    second = diagnoser.diagnose({"pain_back_of_ankle": True}, 43, "male")
    assert first is second  # same band, same evidence: one cached step
    assert first.conditions[0][0] in {"achilles_tendinopathy", "achilles_rupture"}


def test_unknown_ids_are_named(diagnoser: Diagnoser) -> None:
    with pytest.raises(UnknownIdError, match="pain_back_of_ankel"):
        diagnoser.diagnose({"pain_back_of_ankel": True}, 41, "male")


@pytest.mark.parametrize(
    ("question", "value", "expected"),
    [
        ("age", 42, 42),
        ("sex", None, None),
        ("warning_signs", ["fever", "fever"], ("fever",)),
        ("how_long", [], ()),
        ("calf_squeeze_no_movement", False, False),
        ("main_complaint", None, None),
    ],
)
def test_check_answer_accepts(diagnoser: Diagnoser, question: str, value: object, expected: object) -> None:
    from anklecheck.engine.answers import check_answer

    assert check_answer(diagnoser.interviewer, question, value) == expected


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("age", 121),
        ("age", True),
        ("sex", "other"),
        ("warning_signs", ["not_an_option"]),
        ("warning_signs", "fever"),
        ("how_long", ["duration_over_72h", "duration_over_2_weeks"]),
        ("calf_squeeze_no_movement", "yes"),
        ("no_such_question", True),
    ],
)
def test_check_answer_rejects(diagnoser: Diagnoser, question: str, value: object) -> None:
    from anklecheck.engine.answers import check_answer
    from anklecheck.errors import AnklecheckError

    with pytest.raises(AnklecheckError):
        check_answer(diagnoser.interviewer, question, value)
