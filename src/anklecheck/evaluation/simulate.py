"""Simulated interviews: answer each question from a case's findings (don't know where silent)."""

from __future__ import annotations

from dataclasses import dataclass

from anklecheck.engine.interview import AGE, SEX, AnswerValue, Interviewer, InterviewState, Question
from anklecheck.engine.result import Assessment
from anklecheck.evaluation.cases import EvalCase


@dataclass(frozen=True)
class Interview:
    questions: tuple[str, ...]  # ids asked, in order, after age and sex
    assessment: Assessment  # at the stop
    top_after: tuple[tuple[str, ...], ...]  # top-3 condition ids after 0, 1, 2 ... questions


def answer_from_case(case: EvalCase, question: Question, findings: dict[str, bool | None]) -> AnswerValue:
    """The case's answer; ``findings`` are its findings with what they imply (a pain location
    implies pain), as a person who has them would answer."""
    if question.id == AGE:
        return case.age
    if question.id == SEX:
        return case.sex
    if question.type == "single":
        return findings.get(question.id)
    known = {item.id: findings[item.id] for item in question.items if findings.get(item.id) is not None}
    if not known:
        return None
    return tuple(option for option, present in known.items() if present)


def simulate(interviewer: Interviewer, case: EvalCase) -> Interview:
    # Age and sex are the person's profile, given before the interview proper.
    state = InterviewState().answer(AGE, case.age).answer(SEX, case.sex)
    findings = {e.id: e.present for e in interviewer.checker.assess(case.findings).evidence}
    asked: list[str] = []
    result = interviewer.assess(state)
    top_after = [_top3(result)]
    while (question := interviewer.next_question(state)) is not None:
        state = state.answer(question.id, answer_from_case(case, question, findings))
        asked.append(question.id)
        result = interviewer.assess(state)
        top_after.append(_top3(result))
    return Interview(tuple(asked), result, tuple(top_after))


def _top3(assessment: Assessment) -> tuple[str, ...]:
    return tuple(c.id for c in assessment.conditions[:3])
