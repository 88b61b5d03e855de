"""What the templates show, built from the engine's own objects (no medicine decided here).

Kept apart from the routes so that a page's content can be built and rendered without a web
request (the tests and the rendering benchmark do that).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from anklecheck.engine.checker import Checker
from anklecheck.engine.interview import AGE, MAX_QUESTIONS, SEX, AnswerValue
from anklecheck.engine.result import AdviceText, Assessment, RankedCondition
from anklecheck.engine.triage import LEVEL_TEXT
from anklecheck.kb.schema import Condition, TriageLevel

# How each level looks: a CSS class (colour), an icon and a short plain heading. The words of
# the level itself (LEVEL_TEXT) come from the engine.
LEVEL_LOOK: dict[TriageLevel, tuple[str, str, str]] = {
    TriageLevel.emergency_ambulance: ("level-ambulance", "!!", "Emergency"),
    TriageLevel.emergency: ("level-emergency", "!", "Emergency"),
    TriageLevel.consultation_24: ("level-urgent", "24h", "Urgent"),
    TriageLevel.consultation: ("level-consult", "GP", "See a doctor"),
    TriageLevel.self_care: ("level-selfcare", "✓", "Self-care"),
}
SHOWN_CAUSES = 5


def likelihood_words(probability: float) -> str:
    """The same words the CLI uses (cli/render.py), so that both interfaces speak alike."""
    from anklecheck.cli.render import likelihood_words as words

    return words(probability)


@dataclass(frozen=True)
class Banner:
    level: str  # the level's id, e.g. "emergency"
    css: str
    icon: str
    heading: str
    text: str
    urgent: bool


def banner(level: TriageLevel) -> Banner:
    css, icon, heading = LEVEL_LOOK[level]
    return Banner(level.name, css, icon, heading, LEVEL_TEXT[level], level >= TriageLevel.consultation_24)


@dataclass(frozen=True)
class Cause:
    id: str
    name: str
    icd10: str
    percent: int
    words: str
    supporting: tuple[str, ...]
    opposing: tuple[str, ...]
    in_library: bool


def cause(ranked: RankedCondition, library: Mapping[str, Condition]) -> Cause:
    return Cause(
        id=ranked.id,
        name=ranked.name,
        icd10=ranked.icd10,
        percent=round(ranked.probability * 100),
        words=likelihood_words(ranked.probability),
        supporting=tuple(c.text for c in ranked.supporting[:4]),
        opposing=tuple(c.text for c in ranked.opposing[:3]),
        in_library=ranked.id in library,
    )


@dataclass(frozen=True)
class AnswerLine:
    question: str
    answer: str


def answer_lines(checker: Checker, answers: Iterable[tuple[str, AnswerValue]]) -> list[AnswerLine]:
    """The answers as a person (or a clinician) reads them: the question, then the answer."""
    return [AnswerLine(*_answer_text(checker, question, value)) for question, value in answers]


def _answer_text(checker: Checker, question: str, value: AnswerValue) -> tuple[str, str]:
    if value is None:
        return _question_text(checker, question), "Don't know"
    if question == AGE:
        return "Age", f"{value} (age band)"
    if question == SEX:
        return "Sex", str(value).capitalize()
    groups = checker.pack.groups
    if question in groups:
        chosen = value if isinstance(value, tuple) else ()
        labels = [_finding_label(checker, f) for f in chosen]
        return groups[question].question, "; ".join(labels) or groups[question].none_option
    return _question_text(checker, question), "Yes" if value is True else "No"


def _question_text(checker: Checker, question: str) -> str:
    if question in (AGE, SEX):
        return question.capitalize()
    if question in checker.pack.groups:
        return checker.pack.groups[question].question
    return checker.findings[question].question if question in checker.findings else question


def _finding_label(checker: Checker, finding_id: str) -> str:
    finding = checker.findings.get(finding_id)
    if finding is None:
        return finding_id
    return finding.option or finding.label or finding.question


@dataclass(frozen=True)
class Result:
    banner: Banner
    reasons: tuple[str, ...]
    causes: tuple[Cause, ...]
    plan: tuple[AdviceText, ...]
    while_you_wait: tuple[AdviceText, ...]
    see_doctor_if: tuple[AdviceText, ...]
    prevention: tuple[AdviceText, ...]
    none_percent: int


def result(assessment: Assessment, checker: Checker) -> Result:
    triage = assessment.triage
    advice = assessment.advice
    return Result(
        banner=banner(triage.level),
        reasons=tuple(dict.fromkeys(r.text for r in triage.reasons[:4])),
        causes=tuple(cause(c, checker.conditions) for c in assessment.conditions[:SHOWN_CAUSES]),
        # The engine gives no home plan at urgent levels; the page checks again, because showing
        # a self-care plan to someone who needs an ambulance is the worst mistake it could make.
        plan=() if triage.urgent else advice.plan,
        while_you_wait=advice.while_you_wait,
        see_doctor_if=advice.see_doctor_if,
        prevention=advice.prevention,
        none_percent=round(assessment.none_probability * 100),
    )


@dataclass(frozen=True)
class Choice:
    id: str
    text: str


@dataclass(frozen=True)
class QuestionPage:
    id: str
    type: str
    text: str
    help: str
    rationale: str
    items: tuple[Choice, ...]
    none_option: str | None
    number: int
    total: int


def question_page(question: Mapping[str, Any], number: int) -> QuestionPage:
    """A question of the session's JSON (api.service.question_json) as one screen."""
    return QuestionPage(
        id=question["id"],
        type=question["type"],
        text=question["text"],
        help=question["help"],
        rationale=question["rationale"],
        items=tuple(Choice(i["id"], i["name"]) for i in question["items"] if question["type"] != "single"),
        none_option=question.get("none_option"),
        number=number,
        # Age and sex come on top of the interview's own limit.
        total=max(MAX_QUESTIONS + 2, number),
    )


@dataclass(frozen=True)
class LibraryEntry:
    id: str
    name: str
    aka: tuple[str, ...]
    summary: str
    icd10: str


def library(checker: Checker, query: str = "") -> list[LibraryEntry]:
    """The conditions, by name, filtered by a search over names, other names and summaries."""
    words = [w for w in query.casefold().split() if w]
    entries = [
        LibraryEntry(c.id, c.name, tuple(c.aka), c.summary, c.icd10)
        for c in sorted(checker.conditions.values(), key=lambda c: c.name.casefold())
    ]
    return [e for e in entries if all(w in _haystack(e) for w in words)]


def _haystack(entry: LibraryEntry) -> str:
    return " ".join((entry.name, *entry.aka, entry.summary, entry.icd10, entry.id.replace("_", " "))).casefold()


@dataclass(frozen=True)
class Reference:
    title: str
    url: str | None
    publisher: str | None


@dataclass(frozen=True)
class ConditionPage:
    condition: Condition
    banner: Banner
    symptoms: tuple[str, ...]
    references: tuple[Reference, ...]
    related: tuple[tuple[str, str], ...]


# Findings that describe how the condition shows itself (not risks, history or how long).
SYMPTOM_KINDS = frozenset({"location", "pain", "onset", "exam", "joint", "vascular", "neuro", "systemic", "skin"})
COMMON = 0.5  # a finding at least this likely with the condition is listed as a typical symptom


def condition_page(checker: Checker, condition: Condition) -> ConditionPage:
    """A condition in the health-article shape; its typical symptoms are the findings the pack
    says are common with it (likelihood at least `COMMON`), most common first."""
    findings = checker.findings
    common = sorted(
        ((f, v.p) for f, v in condition.likelihoods.items() if f in findings and v.p >= COMMON),
        key=lambda item: -item[1],
    )
    symptoms = tuple(
        dict.fromkeys(
            findings[f].label or findings[f].question
            for f, _ in common
            if findings[f].kind in SYMPTOM_KINDS and not f.startswith("complaint_")
        )
    )
    sources = checker.pack.sources
    references = tuple(
        Reference(sources[s].title, sources[s].url, sources[s].publisher) for s in condition.sources if s in sources
    )
    related = tuple((r, checker.conditions[r].name) for r in condition.related if r in checker.conditions)
    return ConditionPage(condition, banner(condition.triage.level), symptoms, references, related)


def emergency_signs(checker: Checker) -> list[str]:
    """When to call an ambulance now: the pack's own reasons for its ambulance-level rules."""
    return [r.rule.reason for r in checker.pack.rules if r.rule.level == TriageLevel.emergency_ambulance]


def unique(texts: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(texts))
