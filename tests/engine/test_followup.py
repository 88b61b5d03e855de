"""Follow-up: time since onset and progress become the pack's evidence; the pack's rules decide."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from anklecheck import Checker, TriageLevel
from anklecheck.engine.followup import duration_limits, follow_up, onset
from anklecheck.engine.interview import Interviewer, InterviewState

NOW = datetime(2025, 5, 1, 12, tzinfo=UTC)
# Achilles pain on the first steps and during activity, answered a day after it began.
ANSWERS = (
    ("age", 45),
    ("sex", "female"),
    ("main_complaint", ("complaint_pain",)),
    ("warning_signs", ()),
    ("pain_location", ("pain_back_of_ankle",)),
    ("how_long", ()),
    ("when_it_hurts", ("pain_first_steps_morning", "pain_during_activity")),
)


@pytest.fixture(scope="module")
def interviewer(checker: Checker) -> Interviewer:
    return Interviewer(checker)


def test_duration_limits_come_from_the_intake_rules(interviewer: Interviewer) -> None:
    assert duration_limits(interviewer) == [
        ("duration_over_6_weeks", 42),
        ("duration_over_2_weeks", 14),
        ("duration_over_72h", 3),
    ]


def test_onset_is_the_assessment_minus_the_duration_given(interviewer: Interviewer) -> None:
    state = InterviewState(ANSWERS).undo().undo().answer("how_long", ("duration_over_2_weeks",))
    assert onset(interviewer, state, NOW) == NOW - timedelta(days=14)
    assert onset(interviewer, InterviewState(ANSWERS), NOW) == NOW


@pytest.mark.parametrize("progress", ["same", "worse"])
def test_pain_not_easing_after_72_hours_needs_at_least_a_consultation(interviewer: Interviewer, progress: str) -> None:
    state = InterviewState(ANSWERS)
    assert interviewer.assess(state).triage.level == TriageLevel.self_care
    after = follow_up(interviewer, state, began=NOW, now=NOW + timedelta(days=3, hours=1), progress=progress)  # type: ignore[arg-type]
    result = interviewer.assess(after.state)
    assert result.triage.level >= TriageLevel.consultation
    assert "pain_beyond_72_hours" in {r.id for r in result.triage.reasons}
    found = {e.id: e.present for e in result.evidence}
    assert found["duration_over_72h"] is True
    assert found["not_improving"] is True


def test_within_72_hours_the_duration_rule_does_not_fire(interviewer: Interviewer) -> None:
    after = follow_up(interviewer, InterviewState(ANSWERS), began=NOW, now=NOW + timedelta(hours=60), progress="same")
    result = interviewer.assess(after.state)
    assert "pain_beyond_72_hours" not in {r.id for r in result.triage.reasons}
    assert {e.id: e.present for e in result.evidence}["duration_over_72h"] is False


def test_better_denies_not_improving(interviewer: Interviewer) -> None:
    after = follow_up(interviewer, InterviewState(ANSWERS), began=NOW, now=NOW + timedelta(days=20), progress="better")
    found = {e.id: e.present for e in interviewer.assess(after.state).evidence}
    assert found["not_improving"] is False
    assert found["duration_over_2_weeks"] is True
    assert found["duration_over_6_weeks"] is False


def test_worse_asks_the_warning_signs_again(interviewer: Interviewer) -> None:
    state = InterviewState(ANSWERS)
    after = follow_up(interviewer, state, began=NOW, now=NOW + timedelta(days=1), progress="worse")
    assert after.recheck == ("warning_signs",)
    question = interviewer.next_question(after.state)
    assert question is not None
    assert question.id == "warning_signs"


def test_new_evidence_wins_and_a_new_warning_sign_escalates(interviewer: Interviewer) -> None:
    after = follow_up(
        interviewer,
        InterviewState(ANSWERS),
        began=NOW,
        now=NOW + timedelta(days=1),
        progress="worse",
        findings={"fever": True, "joint_hot_red_swollen": True},
    )
    assert interviewer.assess(after.state).triage.level >= TriageLevel.emergency
