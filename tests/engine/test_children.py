"""Children and teenagers (hazard H7 in docs/safety/hazard-log.md): the warning signs hold at any
age, child-specific rules escalate, and a parent's words about a child are the child's evidence
without the parent's age."""

from __future__ import annotations

import pytest

from anklecheck import Checker
from anklecheck.engine.interview import Interviewer
from anklecheck.kb.schema import TriageLevel

CHILD_AGES = (6, 10, 14, 17)


def test_every_red_flag_calls_for_the_same_care_in_a_child(checker: Checker) -> None:
    checked = 0
    for compiled in checker.pack.rules:
        rule = compiled.rule
        if rule.kind != "red_flag":
            continue
        for example in rule.fires_on:
            if example.age is not None:  # an example pinned to an age tests an age-specific rule
                continue
            for age in CHILD_AGES:
                result = checker.assess(dict.fromkeys(example.findings, True), age=age, sex=example.sex)
                assert result.triage.level >= rule.level, (rule.id, age, result.triage.level.name)
                checked += 1
    assert checked > 50


def test_a_child_with_heel_pain_and_fever_is_seen_the_same_day(checker: Checker) -> None:
    findings = {"pain_back_of_heel": True, "heel_squeeze_pain": True, "fever": True}
    assert checker.assess(findings, age=11).triage.level >= TriageLevel.consultation_24
    reasons = {r.id for r in checker.assess(findings, age=11).triage.reasons}
    assert "child_heel_pain_with_fever_or_hot_skin" in reasons


def test_heel_pain_at_night_in_a_child_is_examined_not_left_to_self_care(checker: Checker) -> None:
    findings = {"pain_back_of_heel": True, "heel_squeeze_pain": True, "pain_at_rest_or_night": True}
    result = checker.assess(findings, age=10)
    assert result.triage.level >= TriageLevel.consultation
    assert "child_heel_pain_atypical" in {r.id for r in result.triage.reasons}


@pytest.mark.parametrize(
    ("text", "age"), [("I am 11 and my heel hurts at night", 11), ("my 12 year old son has heel pain", 12)]
)
def test_a_childs_age_is_read_from_the_words(checker: Checker, text: str, age: int) -> None:
    assert checker.parse(text).age == age


def test_a_parents_words_about_a_child_are_the_childs_and_the_warning_signs_are_still_asked(
    checker: Checker,
) -> None:
    # The child is the patient: what the parent tells is the child's evidence (sex from the word
    # naming them), the age is asked (the writer's is not the child's), and the warning signs the
    # words do not answer are asked as for anyone.
    text = "I'm 41 and my daughter twisted her ankle and cannot walk on it"
    parsed = checker.parse(text)
    assert {(e.id, e.present) for e in parsed.evidence} >= {
        ("injury_rolled_ankle", True),
        ("unable_to_bear_weight", True),
    }
    assert (parsed.age, parsed.sex) == (None, "female")
    interviewer = Interviewer(checker)
    state = interviewer.start(text)
    asked = []
    for answer in (11, ("complaint_pain",)):
        question = interviewer.next_question(state)
        assert question is not None
        asked.append(question.id)
        state = state.answer(question.id, answer)
    next_question = interviewer.next_question(state)
    assert next_question is not None
    assert [*asked, next_question.id] == ["age", "main_complaint", "warning_signs"]


@pytest.mark.parametrize(
    "text",
    [
        "My dad has gout and now my big toe is sore",  # the writer's own toe
        "Hi there. My wife says I should get my ankle looked at, it's swollen",  # the writer's own ankle
        "I've had a swollen ankle since Friday. My son thinks it's sprained",  # named after the first sentence
    ],
)
def test_a_relative_named_in_passing_does_not_make_the_text_theirs(checker: Checker, text: str) -> None:
    parsed = checker.parse(text)
    assert parsed.sex is None
    assert any(e.present for e in parsed.evidence)
