"""Evidence given per finding (as the stateless API and follow-ups receive it) as interview answers.

An `InterviewState` holds answers per *question*: a checklist group, a yes/no finding, age, sex.
Integrators send evidence per *finding* ("fever: absent"). A group counts as asked only when the
evidence settles it: every member has a choice, or a member of a choose-one group is present.
Otherwise each finding given is recorded on its own, so that partial evidence (a few options
read from free text, say) never stands for "none of the others": the warning-sign checklists
are then still asked. That keeps red flags first, whatever the integrator sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from anklecheck.engine.interview import AGE, SEX, AnswerValue, Interviewer, InterviewState


def state_from_evidence(
    interviewer: Interviewer, findings: Mapping[str, bool | None], age: int | None, sex: str | None
) -> InterviewState:
    """The interview state that gives exactly this evidence, age and sex (canonical: sorted)."""
    opening: list[tuple[str, AnswerValue]] = []
    if age is not None:
        opening.append((AGE, age))
    if sex is not None:
        opening.append((SEX, sex))
    return with_findings(interviewer, InterviewState(tuple(opening)), findings)


def with_findings(
    interviewer: Interviewer, state: InterviewState, findings: Mapping[str, bool | None]
) -> InterviewState:
    """The state with these findings' answers replaced (later evidence wins over earlier)."""
    checker = interviewer.checker
    given = {checker.finding(f).id: value for f, value in findings.items()}  # canonical ids or UnknownIdError
    current = interviewer.findings(state)
    evidence = {**{f: v for f, v in current.items() if f in _explicit(interviewer, state)}, **given}
    kept = [(q, v) for q, v in state.answers if q in (AGE, SEX)]
    return InterviewState((*kept, *_answers(interviewer, evidence)))


def replace_answers(
    state: InterviewState, updates: Mapping[str, AnswerValue], clear: Iterable[str] = ()
) -> InterviewState:
    """The state without the answers to ``clear`` and with ``updates`` given last (so that an
    undo takes back the newest change first)."""
    dropped = set(clear) | set(updates)
    kept = tuple((q, v) for q, v in state.answers if q not in dropped)
    return InterviewState((*kept, *updates.items()))


def _explicit(interviewer: Interviewer, state: InterviewState) -> set[str]:
    """Findings the answers speak about (all members of an answered group, single findings)."""
    groups = interviewer.pack.group_members
    spoken: set[str] = set()
    for question, _ in state.answers:
        if question in (AGE, SEX):
            continue
        spoken.update(groups.get(question, (question,)))
    return spoken


def _answers(interviewer: Interviewer, evidence: Mapping[str, bool | None]) -> list[tuple[str, AnswerValue]]:
    """Answers for the evidence, by question in sorted order (a group's answer before the choices
    that override it), so that the same evidence always gives the same state."""
    blocks: dict[str, list[tuple[str, AnswerValue]]] = {}
    by_group: dict[str, dict[str, bool | None]] = {}
    for finding, value in evidence.items():
        group = interviewer.group_of.get(finding)
        if group is None:
            blocks[finding] = [(finding, value)]
        else:
            by_group.setdefault(group, {})[finding] = value
    for group, given in by_group.items():
        blocks[group] = _group_answers(interviewer, group, given)
    return [answer for key in sorted(blocks) for answer in blocks[key]]


def _group_answers(
    interviewer: Interviewer, group: str, given: Mapping[str, bool | None]
) -> list[tuple[str, AnswerValue]]:
    pack = interviewer.pack
    members = pack.group_members[group]
    chosen = tuple(m for m in members if given.get(m) is True)
    settled = len(given) == len(members) or (pack.groups[group].select == "one" and bool(chosen))
    if not settled:
        return sorted(given.items())
    answer: AnswerValue = chosen if any(v is not None for v in given.values()) else None
    # Where the group answer reads an option differently from what was given, the given choice
    # follows it and wins (later answers in a state override earlier ones).
    read = interviewer.findings(InterviewState(((group, answer),)))
    return [(group, answer), *sorted((f, v) for f, v in given.items() if read.get(f) != v)]


def check_answer(interviewer: Interviewer, question_id: str, value: object) -> AnswerValue:
    """An answer as the interview stores it, or an error naming what is wrong: a number for age,
    female/male for sex, option ids (or null) for a checklist, true/false/null otherwise."""
    from anklecheck.engine.checker import MAX_AGE, SEXES
    from anklecheck.errors import InvalidInputError

    pack = interviewer.pack
    if question_id == AGE:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGE:
            raise InvalidInputError("answer", f"{value!r} is not an age in whole years from 0 to {MAX_AGE}")
        return value
    if question_id == SEX:
        if value is not None and value not in SEXES:
            raise InvalidInputError("answer", f"{value!r} is not one of {', '.join(SEXES)} or null")
        return value if isinstance(value, str) else None
    if question_id in pack.groups:
        return _group_answer(interviewer, question_id, value)
    finding = interviewer.checker.finding(question_id)  # UnknownIdError with suggestions
    if value is not None and not isinstance(value, bool):
        raise InvalidInputError("answer", f"{value!r} is not true, false or null for {finding.id}")
    return value


def _group_answer(interviewer: Interviewer, group: str, value: object) -> AnswerValue:
    from anklecheck.errors import InvalidInputError, UnknownIdError

    if value is None:
        return None
    members = interviewer.pack.group_members[group]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError("answer", f"{group} takes a list of option ids or null")
    unknown = [v for v in value if v not in members]
    if unknown:
        raise UnknownIdError("finding", unknown[0], members)
    if interviewer.pack.groups[group].select == "one" and len(value) > 1:
        raise InvalidInputError("answer", f"{group} takes one option at most")
    return tuple(dict.fromkeys(value))
