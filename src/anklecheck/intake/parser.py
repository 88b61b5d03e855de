"""Free text to evidence: what the person wrote, what it says about each finding, and what
anklecheck could not place.

Steps: clean the text (control characters, HTML tags; a stated size limit), find the pack's lay
phrases (`lexicon`), read each mention's context (`context`: negated, possible, someone else's,
past, hypothetical), read durations, age and sex (`numbers`), then keep per finding its clearest
mention. A mention about someone else or only possible is reported but is not evidence; a past
mention counts only for history findings ("I sprained it last year").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from anklecheck.engine.result import Evidence
from anklecheck.errors import InvalidInputError
from anklecheck.intake.context import ContextReader, Mention, Modifiers
from anklecheck.intake.lexicon import Lexicon, Match, words
from anklecheck.intake.numbers import NumberReader
from anklecheck.intake.rules import IntakeRules, load_rules
from anklecheck.kb.loader import KnowledgePack

MAX_TEXT = 10_000  # characters: a long story fits; a pasted document does not
TAG = re.compile(r"<[^>]{0,200}>")
CLAUSE = re.compile(r"[^.!?;,\n]+")
Status = Literal["present", "absent", "uncertain", "other_person", "past"]


@dataclass(frozen=True)
class Mentioned:
    """One finding as the text mentions it."""

    finding: str
    status: Status
    start: int
    end: int
    text: str
    confidence: float


@dataclass(frozen=True)
class ParseResult:
    text: str
    evidence: tuple[Evidence, ...]  # what counts: present or absent findings
    mentions: tuple[Mentioned, ...]  # everything found, with its status
    age: int | None = None
    sex: str | None = None
    unmatched: tuple[str, ...] = ()  # parts of the text that matched nothing
    notes: tuple[str, ...] = field(default=())  # e.g. "the text does not look like English"

    def to_dict(self) -> dict[str, object]:
        return {
            "evidence": [e.to_dict() for e in self.evidence],
            "mentions": [
                {
                    "id": m.finding,
                    "status": m.status,
                    "span": [m.start, m.end],
                    "text": m.text,
                    "confidence": m.confidence,
                }
                for m in self.mentions
            ],
            "age": self.age,
            "sex": self.sex,
            "unmatched": list(self.unmatched),
            "notes": list(self.notes),
        }


class Parser:
    """Reads free text against a knowledge pack. Build once; `parse` is then fast."""

    def __init__(self, pack: KnowledgePack, rules: IntakeRules | None = None) -> None:
        self.pack = pack
        self.rules = rules or load_rules()
        durations = {rule.finding for rule in self.rules.durations}
        phrased = (f for f in pack.findings.values() if f.id not in durations)
        self.lexicon = Lexicon(phrased, self.rules.function_words)
        self.numbers = NumberReader(self.rules)
        self.group_of = {f.id: f.group for f in pack.findings.values()}
        self.context = ContextReader(self.rules)

    def parse(self, text: str) -> ParseResult:
        text = clean(text)
        found = self._drop_contained(self.lexicon.find(words(text)))
        modifiers = self.context.read(text, [Mention(m.start, m.end) for m in found]) if found else []
        mentions = [self._mentioned(m, mod, text) for m, mod in zip(found, modifiers, strict=True)]
        mentions += self._durations(text)
        best = _clearest_per_finding(mentions)
        evidence = tuple(
            Evidence(m.finding, m.status == "present", "text", (m.start, m.end), m.text)
            for m in best
            if m.status in ("present", "absent") or (m.status == "past" and self._is_history(m.finding))
        )
        age, sex = self.numbers.age(text), self.numbers.sex(text)
        return ParseResult(
            text=text,
            evidence=evidence,
            mentions=tuple(best),
            age=int(age.value) if age else None,
            sex=str(sex.value) if sex else None,
            unmatched=_unmatched(text, best),
            notes=self._notes(text, evidence),
        )

    def _mentioned(self, match: Match, modifiers: Modifiers, text: str) -> Mentioned:
        status: Status = (
            "other_person"
            if modifiers.other_person
            else "uncertain"
            if modifiers.uncertain or modifiers.hypothetical
            else "past"
            if modifiers.historical
            else "absent"
            if modifiers.negated
            else "present"
        )
        if status == "past" and self._is_history(match.finding):
            status = "absent" if modifiers.negated else "present"
        return Mentioned(match.finding, status, match.start, match.end, text[match.start : match.end], match.confidence)

    def _is_history(self, finding: str) -> bool:
        return self.pack.findings[finding].kind in ("history", "risk")

    def _drop_contained(self, matches: list[Match]) -> list[Match]:
        """Within one group, a mention inside a longer one of another option is part of it
        ("back of the heel" is not also "heel")."""
        group = self.group_of
        kept = []
        for match in matches:
            words_of = set(match.positions)
            if not any(
                other.finding != match.finding
                and group[other.finding] is not None
                and group[other.finding] == group[match.finding]
                and words_of < set(other.positions)
                for other in matches
            ):
                kept.append(match)
        return kept

    def _durations(self, text: str) -> list[Mentioned]:
        stated = self.numbers.durations(text)
        if not stated:
            return []
        longest = max(stated, key=lambda found: float(found.value))
        return [
            Mentioned(
                finding,
                "present" if over else "absent",
                longest.start,
                longest.end,
                text[longest.start : longest.end],
                1.0,
            )
            for finding, over in self.numbers.duration_findings(float(longest.value)).items()
        ]

    def _notes(self, text: str, evidence: tuple[Evidence, ...]) -> tuple[str, ...]:
        if evidence or not looks_foreign(text, self.rules):
            return ()
        return ("The text does not look like English; anklecheck reads English only.",)


def clean(text: str) -> str:
    """The text as read: tags and control characters out; empty or oversized text refused."""
    if not isinstance(text, str):
        raise InvalidInputError("text", f"must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise InvalidInputError(
            "text",
            f"is {len(text):,} characters long; anklecheck reads up to {MAX_TEXT:,}",
            hint="Keep to what happened to your ankle, foot or leg, and how it feels now.",
        )
    text = TAG.sub(" ", text)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch not in "\n\t" else ch for ch in text)
    if not text.strip():
        raise InvalidInputError(
            "text", "is empty", hint="Describe what happened and how it feels, in a sentence or two."
        )
    return text


def looks_foreign(text: str, rules: IntakeRules) -> bool:
    tokens = [w.text for w in words(text) if not w.text.isdigit()]
    if not tokens:
        return False
    latin = sum(all("a" <= ch <= "z" or ch == "'" for ch in token) for token in tokens) / len(tokens)
    english = sum(token in rules.english_words for token in tokens) / len(tokens)
    return latin < 0.5 or (len(tokens) >= 3 and english < rules.english_share)


def _clearest_per_finding(mentions: list[Mentioned]) -> list[Mentioned]:
    """One mention per finding: a plain statement beats a hedged one, "yes" beats "no" ("not at
    rest, but it hurts when I run" is pain); then the more confident."""
    rank = {"present": 0, "absent": 1, "past": 2, "uncertain": 3, "other_person": 4}
    best: dict[str, Mentioned] = {}
    for m in mentions:
        current = best.get(m.finding)
        if current is None or (rank[m.status], -m.confidence) < (rank[current.status], -current.confidence):
            best[m.finding] = m
    return sorted(best.values(), key=lambda m: (m.start, m.finding))


def _unmatched(text: str, mentions: list[Mentioned]) -> tuple[str, ...]:
    """Clauses of the text that no mention touches and that hold a word of three letters or more."""
    spans = [(m.start, m.end) for m in mentions]
    left = []
    for clause in CLAUSE.finditer(text):
        touched = any(start < clause.end() and end > clause.start() for start, end in spans)
        if not touched and re.search(r"[^\W\d_]{3,}", clause.group()):
            left.append(clause.group().strip())
    return tuple(left)
