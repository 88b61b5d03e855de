"""Numbers in free text: how long it has lasted (the duration findings), age and sex.

The words come from `rules.yaml`; the patterns here only say how they combine ("for 4 days",
"two weeks", "a fortnight", "since yesterday", "I'm 45", "45F", "a 30 year old guy").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from anklecheck.intake.rules import IntakeRules

MAX_AGE = 120


@dataclass(frozen=True)
class Found:
    value: float | int | str
    start: int
    end: int


def _alternatives(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


class NumberReader:
    def __init__(self, rules: IntakeRules) -> None:
        self.rules = rules

    @cached_property
    def _duration(self) -> re.Pattern[str]:
        # A length of time counts when it reads as how long the problem has lasted: after "for",
        # "since", "the past" ... or before "now" ("2 weeks now"); not "40 miles a week" or
        # "an injection 2 months ago".
        amount = rf"(?P<amount>\d+(?:\.\d+)?|{_alternatives(self.rules.number_words)})"
        units = _alternatives(self.rules.unit_days)
        relative = _alternatives(self.rules.relative_days)
        cue = _alternatives(self.rules.duration_cues)
        more = _alternatives(self.rules.more_than_cues)
        return re.compile(
            rf"\b(?:(?P<cue>{cue})\s+(?:(?P<more>{more})\s+)?(?:the\s+)?(?:(?:last|past)\s+)?)?"
            rf"(?:{amount}(?:\s+or\s+\w+)?\s*(?:of\s+)?(?P<unit>{units})\b(?!\s*-?\s*old)(?P<now>\s+now)?"
            rf"|(?P<relative>{relative})\b)",
            re.I,
        )

    @cached_property
    def _age(self) -> re.Pattern[str]:
        years = _alternatives(self.rules.age_years_words)
        sexes = _alternatives([w for words in self.rules.sex_words.values() for w in words])
        return re.compile(
            rf"\b(?P<age>\d{{1,3}})\s*(?:-?\s*(?:{years})\b)\s*(?:-?\s*(?:old\s+)?(?P<sex>{sexes})\b)?"
            rf"|\b(?P<age2>\d{{1,3}})\s*(?P<sex2>[mf])\b"
            rf"|\bi'?\s*a?m\s+(?P<age3>\d{{1,3}})\b"
            rf"|\b(?:aged?)\s+(?P<age4>\d{{1,3}})\b",
            re.I,
        )

    @cached_property
    def _sex(self) -> re.Pattern[str]:
        words = _alternatives([w for words in self.rules.sex_words.values() for w in words if len(w) > 1])
        return re.compile(rf"\b(?:i'?\s*a?m|as)\s+an?\s+(?:\d+\s*(?:y\w*\s*)?(?:old\s+)?)?(?P<sex>{words})\b", re.I)

    def durations(self, text: str) -> list[Found]:
        """Stated durations, in days."""
        found = []
        for m in self._duration.finditer(text):
            if m.group("relative"):
                days = self.rules.relative_days[m.group("relative").lower()]
            elif not (m.group("cue") or m.group("now")):
                continue
            else:
                amount = m.group("amount").lower()
                number = self.rules.number_words.get(amount)
                days = (number if number is not None else float(amount)) * self.rules.unit_days[m.group("unit").lower()]
                days += 0.5 if m.group("more") else 0.0  # "a bit over a fortnight" is more than 14 days
            found.append(Found(days, m.start(), m.end()))
        return found

    def duration_findings(self, days: float) -> dict[str, bool]:
        return {rule.finding: days > rule.more_than_days for rule in self.rules.durations}

    def age(self, text: str) -> Found | None:
        for m in self._age.finditer(text):
            value = next(v for v in (m.group("age"), m.group("age2"), m.group("age3"), m.group("age4")) if v)
            if int(value) <= MAX_AGE:
                return Found(int(value), m.start(), m.end())
        return None

    def sex(self, text: str) -> Found | None:
        for m in self._age.finditer(text):
            letter = m.group("sex") or m.group("sex2")
            if letter:
                return Found(self._sex_of(letter), m.start(), m.end())
        said = self._sex.search(text)
        return Found(self._sex_of(said.group("sex")), said.start(), said.end()) if said else None

    def _sex_of(self, word: str) -> str:
        word = word.lower()
        return next(sex for sex, words in self.rules.sex_words.items() if word in words)
