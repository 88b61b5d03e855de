"""The adaptive interview's invariants (issue 3), on the real pack."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anklecheck import Checker, InvalidInputError
from anklecheck.engine.interview import AGE, MAIN_COMPLAINT, SEX, Interviewer, InterviewState, Question
from anklecheck.kb import load_pack
from anklecheck.kb.schema import TriageLevel

INTERVIEWER = Interviewer(Checker(load_pack()))
some = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def answer_for(question: Question, choice: int) -> object:
    if question.id == AGE:
        return 20 + choice % 60
    if question.type == "single":
        return (True, False, None)[choice % 3]
    items = [item.id for item in question.items]
    return (items[choice % len(items)],) if choice % 4 else None


def play(choices: list[int]) -> InterviewState:
    state = InterviewState()
    for choice in choices:
        question = INTERVIEWER.next_question(state)
        if question is None:
            break
        state = state.answer(question.id, answer_for(question, choice))  # type: ignore[arg-type]
    return state


def opened(*main_complaint: str, warning_signs: tuple[str, ...] = ()) -> InterviewState:
    """A state past the opening: age, sex, the main complaint and the warning-signs checklist."""
    state = InterviewState().answer(AGE, 45).answer(SEX, "male").answer(MAIN_COMPLAINT, main_complaint)
    return state.answer("warning_signs", warning_signs)


def test_opening_questions_are_age_sex_main_complaint_then_the_warning_signs() -> None:
    state = InterviewState()
    asked = []
    for value in (30, "female", ("complaint_pain",), ()):
        question = INTERVIEWER.next_question(state)
        assert question is not None
        asked.append(question.id)
        state = state.answer(question.id, value)
    assert asked == [AGE, SEX, MAIN_COMPLAINT, "warning_signs"]
    assert INTERVIEWER.pack.groups["warning_signs"].ask_first


def test_a_checklist_choice_does_not_deny_what_it_implies() -> None:
    state = opened("complaint_pain").answer("how_long", ("duration_over_6_weeks",))
    findings = INTERVIEWER.findings(state)
    assert findings["duration_over_6_weeks"] is True
    assert findings["duration_over_2_weeks"] is None  # implied present by the checker, not absent
    evidence = {e.id: e.present for e in INTERVIEWER.assess(state).evidence}
    assert evidence["duration_over_2_weeks"] is True
    assert evidence["duration_over_72h"] is True


@some
@given(st.lists(st.integers(min_value=0, max_value=1000), max_size=12))
def test_a_chosen_question_is_never_one_already_answered(choices: list[int]) -> None:
    state = play(choices)
    question = INTERVIEWER.next_question(state)
    if question is not None:
        assert question.id not in state.asked
        covered = set(INTERVIEWER.findings(state)) | state.asked
        assert question.id not in covered or question.type != "single"
        assert question.rationale


@some
@given(st.lists(st.integers(min_value=0, max_value=1000), max_size=12))
def test_saving_and_resuming_gives_the_same_next_question(choices: list[int]) -> None:
    state = play(choices)
    resumed = InterviewState.from_json(state.to_json())
    assert resumed == state
    assert INTERVIEWER.next_question(resumed) == INTERVIEWER.next_question(state)


@some
@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12))
def test_undo_takes_back_exactly_one_answer(choices: list[int]) -> None:
    state = play(choices)
    if state.answers:
        assert state.undo().answers == state.answers[:-1]


@some
@given(st.lists(st.integers(min_value=0, max_value=1000), max_size=12))
def test_no_stop_while_red_flags_of_a_likely_urgent_condition_are_unasked(choices: list[int]) -> None:
    state = play(choices)
    result = INTERVIEWER.assess(state)
    urgent = [
        c
        for c in INTERVIEWER.pack.conditions.values()
        if any(
            s.level >= TriageLevel.consultation_24 and result.probabilities[c.id] >= s.threshold for s in c.triage.steps
        )
    ]
    if INTERVIEWER.should_stop(state).stop and urgent:
        view = INTERVIEWER._view(state)
        assert not view.red_flags


def test_red_flag_question_comes_first_when_an_urgent_condition_is_plausible() -> None:
    state = opened("complaint_pain", warning_signs=("joint_hot_red_swollen",))
    state = state.answer("pain_location", ("pain_big_toe_joint",))
    question = INTERVIEWER.next_question(state)
    assert question is not None
    assert "warning sign" in question.rationale


def test_answering_twice_is_refused_and_bad_saves_are_clear_errors() -> None:
    state = InterviewState().answer(AGE, 30)
    with pytest.raises(InvalidInputError, match="already been answered"):
        state.answer(AGE, 31)
    with pytest.raises(InvalidInputError, match="not a saved interview"):
        InterviewState.from_json("{not json")


def test_a_resumed_interview_in_another_process_gets_the_same_questions() -> None:
    """Set and dict orders vary between processes (hash seeds); the questions must not."""
    import os
    import subprocess
    import sys

    script = (
        "from anklecheck import Checker\n"
        "from anklecheck.engine.interview import Interviewer, InterviewState\n"
        "it = Interviewer(Checker())\n"
        "state = InterviewState()\n"
        "for _ in range(9):\n"
        "    q = it.next_question(state)\n"
        "    if q is None: break\n"
        "    print(q.id)\n"
        "    value = 52 if q.id == 'age' else 'male' if q.id == 'sex' else (q.items[0].id,) if q.items else True\n"
        "    state = state.answer(q.id, value)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]
    assert len(runs[0].split()) >= 6


STORIES = (
    "I'm 42, male. Felt a pop at the back of my ankle at squash and now I can't stand on tiptoe",
    "rolled my ankle at football last night, outside is swollen and bruised, I can walk on it, no fever",
    "itchy red spots around my ankles after a hot run, no temperature, 30 year old woman",
    "tingling in the sole of my foot for 3 weeks, worse at night",
)


@some
@given(st.sampled_from(STORIES), st.lists(st.integers(min_value=0, max_value=1000), max_size=10))
def test_what_the_opening_words_told_is_never_asked_again(story: str, choices: list[int]) -> None:
    state = INTERVIEWER.start(story)
    told = state.told_findings
    assert told, story
    for choice in [*choices, 0]:
        question = INTERVIEWER.next_question(state)
        if question is None:
            break
        assert question.id not in told
        assert not {item.id for item in question.items} & set(told)
        assert question.id not in ((AGE,) if state.age is not None else ()) + ((SEX,) if state.sex is not None else ())
        state = state.answer(question.id, answer_for(question, choice))  # type: ignore[arg-type]
    findings = INTERVIEWER.findings(state)
    assert all(findings[f] is v for f, v in told.items())  # answers to checklists never overwrite them
    assert InterviewState.from_json(state.to_json()) == state


def test_opening_words_with_age_and_sex_skip_those_questions() -> None:
    state = INTERVIEWER.start(STORIES[0])
    assert (state.age, state.sex) == (42, "male")
    question = INTERVIEWER.next_question(state)
    assert question is not None
    assert question.id not in (AGE, SEX)
    pain = INTERVIEWER.next_question(INTERVIEWER.start("my heel hurts, I'm 50 and female"))
    assert pain is not None
    assert pain.id == "warning_signs"
    assert INTERVIEWER.start("   ") == InterviewState()


def test_options_answered_on_their_own_are_not_offered_again() -> None:
    # Evidence per finding (as the API receives it) answers single options of a checklist.
    state = InterviewState().answer(AGE, 40).answer(SEX, "male").answer("complaint_pain", True).answer("fever", False)
    question = INTERVIEWER.next_question(state)
    assert question is not None
    assert question.id == "warning_signs"  # the complaint is settled; its checklist is skipped
    assert "fever" not in {item.id for item in question.items}
