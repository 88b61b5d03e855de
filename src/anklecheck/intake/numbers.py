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
PROXY_WINDOW = 200  # characters: the person a text is about is named near its start


@dataclass(frozen=True)
class Proxy:
    """The patient when someone else writes: "my son (13) went over on his ankle"."""

    person: str  # the word naming them, as the context rules see it ("son")
    age: int | None  # None: not said (the writer's own age, if given, is not the patient's)
    sex: str | None


@dataclass(frozen=True)
class Found:
    value: float | int | str
    start: int
    end: int
    relative: bool = False  # said from today ("yesterday", "this morning"), not as a length
    to_today: bool = False  # from a day named to today's ("on Saturday ... it's Tuesday now")
    at_least: bool = False  # "over a month", "more than a fortnight": no upper bound
    approximate: bool = False  # "about two weeks", "a few days", "a month or so"
    said_after: str = ""  # the word after it ("later", "ago", "after")
    episode: bool = False  # hours not counted back from now: how long an episode lasts, unless
    # an injury is told with them ("seen 2 hours after inverting his ankle")


def _an_outing(m: re.Match[str]) -> bool:
    """ "After a day at the theme park", "after a night of salsa": an outing that lasted a unit, not
    how long the problem has."""
    return (m.group("cue") or "").lower() == "after" and m.group("amount").lower() in ("a", "an")


def _alternatives(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


class NumberReader:
    def __init__(self, rules: IntakeRules) -> None:
        self.rules = rules

    @cached_property
    def _duration(self) -> re.Pattern[str]:
        # A length of time counts when it reads as how long something has lasted: after "for",
        # "since", "the past", "been (there)" ... or before "now" / "ago" / "later" / "history" ("2
        # weeks now", "4 days ago", "two days later I've got blisters", "2 days after a half");
        # not "40 miles a week". Whether it is the problem's duration is the parser's call (the
        # mention nearest to it).
        # "a couple of months", "two and a half weeks"
        amount = (
            rf"(?:an?\s+)?(?P<amount>\d+(?:\.\d+)?|{_alternatives(self.rules.number_words)})"
            rf"(?P<half>\s+and\s+a\s+half)?"
        )
        units = _alternatives(self.rules.unit_days)
        relative = _alternatives(self.rules.relative_days)
        cue = _alternatives(self.rules.duration_cues)
        more = _alternatives(self.rules.more_than_cues)
        return re.compile(
            rf"\b(?:(?P<cue>{cue})\s+(?:(?:there|here|like\s+this|like\s+that)\s+(?:for\s+)?)?"
            rf"(?:(?P<more>{more})\s+)?(?:the\s+)?(?:(?:last|past)\s+)?)?"
            rf"(?:{amount}(?:\s+or\s+\w+)?\s*-?\s*(?:of\s+)?(?P<unit>{units})\b'?(?!\s*-?\s*old)"
            rf"(?P<now>\s+(?:{_alternatives(self.rules.duration_ends)}))?"
            rf"|(?P<relative>{relative})\b)",
            re.I,
        )

    @cached_property
    def _years(self) -> str:
        """The words of an age, spaced or hyphenated: "45 year old", "a 45-year-old man"."""
        return _alternatives(self.rules.age_years_words).replace(r"\ ", r"[\s-]+")

    @cached_property
    def _age(self) -> re.Pattern[str]:
        # "I'm 45", "aged 45", "45 year old", "45F", "I'm 23, male", "im 26 and female"; not
        # "I'm 30 weeks pregnant" or "45 minutes".
        years = self._years
        sexes = _alternatives([w for words in self.rules.sex_words.values() for w in words])
        units = _alternatives(self.rules.unit_days)
        return re.compile(
            rf"(?P<said>\b(?:i'?\s*a?m|aged?)\s+(?:an?\s+)?(?:only\s+|just\s+|nearly\s+|almost\s+)?)?"
            rf"\b(?P<age>\d{{1,3}})(?!\d)"
            rf"(?:(?P<years>\s*-?\s*(?:{years})\b(?:\s*-?\s*old)?)|(?!\s*(?:{units}|miles?|km|k|mins?|minutes?|%|x)\b))"
            rf"(?:\s*(?:,|/|and|-)?\s*(?P<sex>{sexes})\b)?",
            re.I,
        )

    @cached_property
    def _sex(self) -> re.Pattern[str]:
        words = _alternatives([w for words in self.rules.sex_words.values() for w in words if len(w) > 1])
        return re.compile(rf"\b(?:i'?\s*a?m|as)\s+an?\s+(?:\d+\s*(?:y\w*\s*)?(?:old\s+)?)?(?P<sex>{words})\b", re.I)

    @cached_property
    def _proxy(self) -> re.Pattern[str]:
        # Someone writing for another person who is the patient: "my son (13)", "my daughter is
        # 9", "my 15 yr old lad", "my dad is 71", "toddler (2)". The age is optional here: `proxy`
        # decides when someone named without one is the patient ("my dad is on warfarin" is not).
        people = self._people
        years = self._years
        return re.compile(
            rf"\b(?:my\s+(?:(?P<age1>\d{{1,3}})\s*-?\s*(?:{years})?\s*(?:old\s+)?)?)?"
            rf"(?:(?:teenage|teen|little|young|eldest|youngest)\s+)?(?P<person>{people})\b"
            rf"(?:\s*\(\s*(?P<age2>\d{{1,3}})\s*\)|(?:\s+[A-Z][a-z]+)?\s+(?:is|who\s+is|who's|,)\s+(?:only\s+)?(?P<age3>\d{{1,3}})\b)?",
            re.I,
        )

    def durations(self, text: str) -> list[Found]:
        """Stated durations, in days."""
        found = []
        for m in self._duration.finditer(text):
            if m.group("relative"):
                days = self.rules.relative_days[m.group("relative").lower()]
                found.append(Found(days, m.start(), m.end(), relative=True))
                continue
            if not (m.group("cue") or m.group("now")):
                continue
            amount = m.group("amount").lower()
            number = self.rules.number_words.get(amount)
            number = (number if number is not None else float(amount)) + (0.5 if m.group("half") else 0.0)
            unit = m.group("unit").lower()
            if self._length_of_something(number, unit, text[m.end() :]) or _an_outing(m):
                continue
            days = number * self.rules.unit_days[unit]
            days += 0.5 if m.group("more") else 0.0  # "a bit over a fortnight" is more than 14 days
            said_after = (m.group("now") or "").strip().lower()
            episode = self._episode(m, unit, said_after)
            more = bool(m.group("more"))
            rough = self._approximate(text, m)
            found.append(
                Found(
                    days, m.start(), m.end(), at_least=more, approximate=rough, said_after=said_after, episode=episode
                )
            )
        since_weekday = self.days_since_weekday(text)
        return found + ([since_weekday] if since_weekday else [])

    def _length_of_something(self, number: float, unit: str, after: str) -> bool:
        """A length that describes a thing: "a 12 hour shift", "9-hour coach trip", "3 day hike"
        (several, in the singular, before a noun)."""
        return number > 1 and unit in self.rules.singular_units and self._noun_next.match(after) is not None

    @cached_property
    def _noun_next(self) -> re.Pattern[str]:
        return re.compile(rf"\s*-?\s*(?!(?:{_alternatives(self.rules.after_a_length)})\b)[a-z]", re.I)

    def _episode(self, m: re.Match[str], unit: str, end: str) -> bool:
        """Hours are how long an episode lasts ("stiff for over an hour", "itchy an hour later"),
        unless counted back from now ("3 hours ago", "for the past 6 hours"); and a time after an
        event ("5 days after starting levofloxacin") is how long until it began, unless the event
        is the injury (the parser's call)."""
        if end in self.rules.from_an_event and not m.group("cue"):  # not "pain for 3 weeks after ..."
            return True
        if self.rules.unit_days[unit] >= 1:
            return False
        said = m.group(0).lower()
        counted_back = end in self.rules.counted_back
        return not (counted_back or re.search(r"\b(?:last|past|been)\b", said))

    @cached_property
    def _today(self) -> re.Pattern[str]:
        days = _alternatives(self.rules.weekdays)
        return re.compile(rf"\b(?:{_alternatives(self.rules.today_cues)})\s+(?:now\s+)?(?P<today>{days})\b", re.I)

    @cached_property
    def _weekday(self) -> re.Pattern[str]:
        return re.compile(rf"\b(?P<day>{_alternatives(self.rules.weekdays)})\b", re.I)

    def days_since_weekday(self, text: str) -> Found | None:
        """'Went over on it on Saturday … it's Thursday now': days from the first weekday named to
        the one said to be today."""
        today = self._today.search(text)
        if today is None:
            return None
        earlier = self._weekday.search(text, 0, today.start("today"))
        if earlier is None:
            return None
        index = [day.lower() for day in self.rules.weekdays]
        days = (index.index(today.group("today").lower()) - index.index(earlier.group("day").lower())) % 7 or 7
        return Found(days, earlier.start(), earlier.end(), to_today=True)

    def _approximate(self, text: str, m: re.Match[str]) -> bool:
        """Whether the length is said roughly: a word of `approximate` in it or just after it."""
        said = " ".join(w.group() for w in re.finditer(r"[a-z]+|\?", text[m.start() : m.end() + 8].lower()))
        return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", said) for w in self.rules.approximate.words)

    def duration_findings(self, days: float, at_least: bool = False, approximate: bool = False) -> dict[str, bool]:
        """The fewest duration findings that say how long: the longest threshold passed and, unless
        the length is a lower bound ("over a month"), the shortest not reached ("5 days": over 72
        hours, not over 2 weeks)."""
        rules = sorted(self.rules.durations, key=lambda rule: rule.more_than_days)
        margin = self.rules.approximate.tolerance if approximate else 0.0
        passed = [rule.finding for rule in rules if days * (1 - margin) > rule.more_than_days]
        short_of = [rule for rule in rules if days * (1 + margin) <= rule.more_than_days and not at_least]
        # A rough length that passed a threshold says nothing of the next one it may reach: "about
        # two weeks" is over 72 hours, and neither surely under nor over two weeks.
        if passed and short_of and rules.index(short_of[0]) > len(passed):
            short_of = []
        return ({passed[-1]: True} if passed else {}) | ({short_of[0].finding: False} if short_of else {})

    @cached_property
    def _people(self) -> str:
        """The words naming someone the writer may write for ("son", "wife"), as a regex alternation."""
        return _alternatives([w for words in self.rules.proxy_subjects.values() for w in words])

    def _body(self, owners: str) -> re.Pattern[str]:
        parts = _alternatives(self.rules.own_body_words)
        between = rf"(?:(?!(?:{self._people})\b)[\w-]+\s+){{0,2}}?"  # "my left ankle", not "my sons ankle"
        return re.compile(rf"\b(?:{owners})\s+{between}(?:{parts})\b", re.I)

    @cached_property
    def _own_body(self) -> re.Pattern[str]:
        return self._body("my")

    @cached_property
    def _their_body(self) -> re.Pattern[str]:
        return self._body("his|her|their")

    def proxy(self, text: str, first_sentence_end: int) -> Proxy | None:
        """The person the text is about: named with an age near the start, or named in the first
        sentence of a text where the writer never speaks of their own body and the person is a
        child or their body is spoken of ("my daughter twisted her ankle, she can't walk on it";
        not "my dad had gout and now my toe is sore")."""
        for m in self._proxy.finditer(text[:PROXY_WINDOW]):
            age = m.group("age1") or m.group("age2") or m.group("age3")
            if age and int(age) <= MAX_AGE:
                return self._proxy_of(m.group("person"), int(age))
        first = self._proxy.search(text, 0, first_sentence_end)
        if first is None or not first.group(0).lower().startswith("my") or self._own_body.search(text):
            return None
        if first.group("person").lower() in self.rules.child_words or self._their_body.search(text):
            return self._proxy_of(first.group("person"), None)
        return None

    def _proxy_of(self, word: str, age: int | None) -> Proxy:
        person = word.lower()
        sex = next((s for s, words in self.rules.proxy_subjects.items() if person in words), None)
        return Proxy(person, age, sex if sex in ("female", "male") else None)

    @cached_property
    def _jump(self) -> re.Pattern[str]:
        units = _alternatives(self.rules.training_jump.units)
        return re.compile(
            rf"\bfrom\s+(?:about\s+|around\s+)?(?P<low>\d+(?:\.\d+)?)\s*(?:(?P<unit1>{units})\b[\w\s]{{0,12}}?)?"
            rf"\s+to\s+(?:about\s+|around\s+)?(?P<high>\d+(?:\.\d+)?)\s*(?P<unit2>{units})?\b",
            re.I,
        )

    def training_jump(self, text: str) -> Found | None:
        """Training stepped up, said in numbers ("went from 20 to 40 miles a week")."""
        for m in self._jump.finditer(text):
            if (m.group("unit1") or m.group("unit2")) and float(m.group("high")) > float(m.group("low")):
                return Found(self.rules.training_jump.finding, m.start(), m.end())
        return None

    def age(self, text: str) -> Found | None:
        for m in self._age.finditer(text):
            if (m.group("said") or m.group("years") or m.group("sex")) and int(m.group("age")) <= MAX_AGE:
                # The age's words, not the sex word after them ("a 24-year-old woman collapsed").
                end = m.start("sex") if m.group("sex") else m.end()
                return Found(int(m.group("age")), m.start(), end)
        return None

    def sex(self, text: str) -> Found | None:
        for m in self._age.finditer(text):
            if m.group("sex") and int(m.group("age")) <= MAX_AGE:
                return Found(self._sex_of(m.group("sex")), m.start(), m.end())
        said = self._sex.search(text)
        return Found(self._sex_of(said.group("sex")), said.start(), said.end()) if said else None

    def _sex_of(self, word: str) -> str:
        word = word.lower()
        return next(sex for sex, words in self.rules.sex_words.items() if word in words)
