"""Free text to evidence: what the person wrote, what it says about each finding, and what
anklecheck could not place.

Steps: clean the text (control characters, HTML tags; a stated size limit), find the pack's lay
phrases (`lexicon`), read each mention's context (`context`: negated, possible, someone else's,
past, hypothetical), read what mentions say together by the position rules (`readings`: places,
sides, durations, both sides, onset, when it hurts) with the numbers, age and sex (`numbers`),
then keep per finding its clearest mention. A mention about someone else or only possible is
reported but is not evidence; a past mention counts only for history findings ("I sprained it
last year").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from anklecheck.engine.result import Evidence
from anklecheck.errors import InvalidInputError, KnowledgePackError, Problem
from anklecheck.intake.context import ContextReader, Mention, Modifiers
from anklecheck.intake.lexicon import SENTENCE_ENDS, Lexicon, Match, Word, words
from anklecheck.intake.mentions import Mentioned, Status
from anklecheck.intake.numbers import Found, NumberReader, Proxy
from anklecheck.intake.readings import Readings
from anklecheck.intake.rules import IntakeRules, load_rules
from anklecheck.intake.semantic import SemanticMatcher
from anklecheck.kb.loader import KnowledgePack

MAX_TEXT = 10_000  # characters: a long story fits; a pasted document does not
TAG = re.compile(r"<[^>]{0,200}>")
LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.I)  # a pasted link names no symptom ("…/ankle_rash_123.jpg")
CLAUSE = re.compile(r"[^.!?;,\n]+")
SENTENCE = re.compile(f"[^{re.escape(SENTENCE_ENDS)}]+")
SEMANTIC_MIN_WORDS = 2  # content words a clause needs before it is compared by meaning


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

    def __init__(
        self,
        pack: KnowledgePack,
        rules: IntakeRules | None = None,
        *,
        semantic: bool = False,
        cache_dir: Path | None = None,
    ) -> None:
        self.pack = pack
        self.rules = rules or load_rules()
        durations = {rule.finding for rule in self.rules.durations}
        phrased = (f for f in pack.findings.values() if f.id not in durations)
        self.lexicon = Lexicon(
            phrased,
            self.rules.function_words,
            self.rules.word_forms,
            self.rules.ordered_findings,
            self.rules.ordered_openings,
        )
        self.numbers = NumberReader(self.rules)
        self.readings = Readings(pack, self.rules, self.numbers, self.lexicon)
        self.group_of = self.readings.group_of
        self._check_rules_against(pack)
        self.context = ContextReader(self.rules)
        self.semantic = (
            SemanticMatcher(self.lexicon.phrases, self.rules.semantic_threshold, cache_dir) if semantic else None
        )

    def _check_rules_against(self, pack: KnowledgePack) -> None:
        """The rule file names groups, findings and kinds of the pack: all of them must exist."""
        groups = set(pack.groups)
        kinds = {f.kind for f in pack.findings.values()}
        findings = pack.findings
        problems = [
            Problem("rules.yaml", where, f"{g!r} names no group of the pack")
            for where, named in (
                ("place_needs", self.rules.place_needs),
                ("several_in_one_phrase", self.rules.several_in_one_phrase),
            )
            for g in named
            if g not in groups
        ]
        problems += [
            Problem("rules.yaml", where, f"{finding!r} names no finding of the pack")
            for where, finding in [
                *((f"place_needs.{g}", f) for g, needed in self.rules.place_needs.items() for f in needed),
                *(("body_parts", f) for f in self.rules.body_parts),
                *(("durations", rule.finding) for rule in self.rules.durations),
                ("both_sides", self.rules.both_sides.finding),
                ("bare_sides.needs", self.rules.bare_sides.needs),
                *(("bare_sides.sides", f) for places in self.rules.bare_sides.sides.values() for f in places.values()),
                ("injury_onset", self.rules.injury_onset.finding),
                ("earlier_injury.injury", self.rules.earlier_injury.injury),
                ("earlier_injury.finding", self.rules.earlier_injury.finding),
                ("training_jump", self.rules.training_jump.finding),
                ("delayed_rash", self.rules.delayed_rash.finding),
                *(("tender_places.places", f) for f in self.rules.tender_places.places),
                ("when_without_pain.pain", self.rules.when_without_pain.pain),
                ("when_without_pain.symptom", self.rules.when_without_pain.symptom),
                *(("when_without_pain.findings", f) for f in _both_ways(self.rules.when_without_pain.findings)),
                *(("injury_onset.injuries", f) for f in self.rules.injury_onset.injuries),
                *(("injury_onset.unless", f) for f in self.rules.injury_onset.unless),
                *(("injury_onset.long_ago", f) for f in self.rules.injury_onset.long_ago),
                *(("duration_events", f) for f in self.rules.duration_events),
                *(("elsewhere", f) for f in self.rules.elsewhere),
                *(("ordered_findings", f) for f in self.rules.ordered_findings),
                *(("pain_with_action", rule.finding) for rule in self.rules.pain_with_action),
                *(("pain_with_action.symptoms", f) for rule in self.rules.pain_with_action for f in rule.symptoms),
            ]
            if finding not in findings
        ]
        problems += [
            Problem("rules.yaml", where, f"{kind!r} is no finding kind of the pack")
            for where, named in (
                ("duration_needs_kinds", self.rules.duration_needs_kinds),
                ("both_sides.symptom_kinds", self.rules.both_sides.symptom_kinds),
                ("delayed_rash.symptom_kinds", self.rules.delayed_rash.symptom_kinds),
                *(("pain_with_action.symptom_kinds", rule.symptom_kinds) for rule in self.rules.pain_with_action),
            )
            for kind in sorted(named - kinds)
        ]
        if problems:
            raise KnowledgePackError(problems)

    def parse(self, text: str) -> ParseResult:
        text = clean(text)
        text_words = words(text)
        age_said = self.numbers.age(text)
        found = [
            m
            for m in self._drop_contained(self.lexicon.find(text_words))
            if self._own_part(m, text_words) and not _uses_words_of(m, text_words, age_said)
        ]
        found += self._by_meaning(text, text_words, found)
        mentions_read = [  # a clause matched by meaning has no phrase words: every cue in it counts
            Mention(
                m.start,
                m.end,
                () if m.by_meaning else tuple((text_words[p].start, text_words[p].end) for p in m.positions),
                m.says_absent,
                m.opens_with_negation,
            )
            for m in found
        ]
        modifiers = self.context.read(text, mentions_read) if found else []
        sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(text)]
        proxy = self.numbers.proxy(text, sentences[0][1] if sentences else len(text))
        mentions = [
            self._mentioned(m, mod, text, proxy, read.words)
            for m, mod, read in zip(found, modifiers, mentions_read, strict=True)
        ]
        mentions = _inside_hedged_dropped(self.readings.places_with_their_symptom(mentions, sentences))
        mentions = self.readings.denied_only_at_a_place(mentions, text_words)
        mentions += self.readings.bare_sides(text, text_words, mentions)
        stated = self.numbers.durations(text)
        mentions = self.readings.earlier_injuries(text_words, stated, mentions, sentences)
        mentions += self.readings.durations(text, stated, mentions, sentences)
        mentions += self.readings.training_jump(text, mentions)
        mentions += self.readings.delayed_rash(text, stated, mentions, sentences)
        mentions += self.readings.both_sides(text_words, mentions)
        mentions += self.readings.injury_onset(stated, mentions, sentences)
        for rule in self.rules.pain_with_action:
            mentions += self.readings.pain_with_action(rule, text, text_words, mentions)
        mentions = self.readings.when_without_pain(mentions)
        mentions += self.readings.tender_places(text, text_words, mentions)
        best = _clearest_per_finding(mentions)
        evidence = tuple(
            Evidence(m.finding, m.status == "present", "text", (m.start, m.end), m.text)
            for m in best
            if m.status in ("present", "absent") or (m.status == "past" and self.readings.counts_when_past(m.finding))
        )
        age, sex = self._age_and_sex(text, proxy, age_said)
        return ParseResult(
            text=text,
            evidence=evidence,
            mentions=tuple(best),
            age=age,
            sex=sex,
            unmatched=_unmatched(text, best),
            notes=self._notes(text, evidence),
        )

    def _own_part(self, match: Match, text_words: list[Word]) -> bool:
        """Words that name no body part ("swollen", "red, hot and swollen") count for their
        finding unless the body part named nearest to them in their sentence is another one ("my
        calf is swollen", "a red, hot patch on my shin"); see `body_parts` in the rules."""
        parts = self.rules.body_parts.get(match.finding)
        if parts is None:
            return True
        any_part = parts.own | parts.other
        if any(text_words[p].text in any_part for p in match.positions):
            return True
        sentence = text_words[match.positions[0]].sentence
        named = [
            (min(abs(i - p) for p in match.positions), w.text in parts.other)
            for i, w in enumerate(text_words)
            if w.sentence == sentence and w.text in any_part
        ]
        return not named or not min(named)[1]

    def _by_meaning(self, text: str, text_words: list[Word], found: list[Match]) -> list[Match]:
        """With the semantic fallback: clauses no phrase touched, matched by meaning."""
        if self.semantic is None:
            return []
        touched = {p for match in found for p in match.positions}
        clauses = []
        for clause in CLAUSE.finditer(text):
            inside = [i for i, w in enumerate(text_words) if clause.start() <= w.start < clause.end()]
            content = [i for i in inside if text_words[i].stem not in self.lexicon.function_stems]
            if len(content) >= SEMANTIC_MIN_WORDS and not touched & set(inside):
                clauses.append((text_words[inside[0]].start, text_words[inside[-1]].end, tuple(inside)))
        near = self.semantic.nearest(text, [(start, end) for start, end, _ in clauses])
        positions = {(start, end): inside for start, end, inside in clauses}
        return [
            Match(
                n.phrase.finding,
                n.phrase.text,
                positions[(n.start, n.end)],
                n.start,
                n.end,
                n.similarity,
                by_meaning=True,
            )
            for n in near
        ]

    def _age_and_sex(self, text: str, proxy: Proxy | None, age: Found | None) -> tuple[int | None, str | None]:
        if proxy is not None:
            return proxy.age, proxy.sex
        sex = self.numbers.sex(text)
        return (int(age.value) if age else None), (str(sex.value) if sex else None)

    def _mentioned(
        self,
        match: Match,
        modifiers: Modifiers,
        text: str,
        proxy: Proxy | None,
        phrase_words: tuple[tuple[int, int], ...],
    ) -> Mentioned:
        # The person a proxy writes about is the patient: "my son (13) ... his ankle" is not
        # someone else's ankle.
        someone_else = modifiers.other_person and not (
            proxy is not None and all(cue.startswith(proxy.person) for cue in modifiers.family_cues)
        )
        status: Status = (
            "other_person"
            if someone_else
            else "uncertain"
            if modifiers.uncertain or modifiers.hypothetical
            else "past"
            if modifiers.historical
            else "absent"
            if modifiers.negated
            else "present"
        )
        if status == "past" and self.readings.counts_when_past(match.finding):
            status = "absent" if modifiers.negated else "present"
        # A phrase that denies its finding denies it whatever negation stands before it in
        # another clause ("no temp, feel normal" is not a fever), and a denied history is a denial
        # now ("no h/o trauma"); a denial negated between its words says the finding.
        if match.says_absent and status in ("present", "absent", "past"):
            status = "present" if _denial_negated(match, modifiers) else "absent"
        said = text[match.start : match.end]
        return Mentioned(match.finding, status, match.start, match.end, said, match.confidence, phrase_words)

    def _drop_contained(self, matches: list[Match]) -> list[Match]:
        """A mention inside a longer one is part of it: of another option of its group ("back of
        the heel" is not also "heel"), of the same finding said the other way ("walk on it"
        inside "I can walk on it"), of the name of a condition or medicine ("fever" in "hay
        fever"), or of a symptom elsewhere in the body ("pain" in "back pain")."""
        return [
            match
            for match in matches
            if not any(self._part_of(match, other) or _wider_reading(match, other) for other in matches)
        ]

    def _part_of(self, match: Match, other: Match) -> bool:
        # Inside it, or a symptom or event on the same words as a longer phrase of history ("my
        # ankles roll in" is flat feet, not "ankle rolled").
        inside = set(match.positions) < set(other.positions) or (
            match.positions == other.positions
            and len(other.phrase.split()) > len(match.phrase.split())
            and self.readings.is_history(other.finding)
            and not self.readings.is_history(match.finding)
        )
        if not inside:
            return False
        if other.finding == match.finding:
            return other.says_absent != match.says_absent
        if self.readings.is_history(other.finding) or other.finding in self.rules.elsewhere:
            return True
        group = self.group_of[match.finding]
        if group is None:  # a finding of its own: inside another's phrase it is that ("can't stand on tiptoe")
            return self.group_of[other.finding] is None
        return self.group_of[other.finding] == group and group not in self.rules.several_in_one_phrase

    def _notes(self, text: str, evidence: tuple[Evidence, ...]) -> tuple[str, ...]:
        if evidence or not looks_foreign(text, self.rules):
            return ()
        return ("The text does not look like English; anklecheck reads English only.",)


def clean(text: str) -> str:
    """The text as read: tags, control characters and links out (blanked, so offsets hold); empty
    or oversized text refused."""
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
    return LINK.sub(lambda m: " " * len(m.group()), text)


def looks_foreign(text: str, rules: IntakeRules) -> bool:
    tokens = [w.text for w in words(text) if not w.text.isdigit()]
    if not tokens:
        return False
    latin = sum(all("a" <= ch <= "z" or ch == "'" for ch in token) for token in tokens) / len(tokens)
    english = sum(token in rules.english_words for token in tokens) / len(tokens)
    return latin < 0.5 or (len(tokens) >= 3 and english < rules.english_share)


def _denial_negated(match: Match, modifiers: Modifiers) -> bool:
    """Whether a negation cue stands inside the denying phrase, between its words: "glass on them
    and they didn't fade" holds "glass ... faded"; a "no" before it may be another's ("no temp,
    feel normal")."""
    return modifiers.negated and any(match.start < start < match.end for start, _ in modifiers.negations)


def _both_ways(pairs: dict[str, str]) -> list[str]:
    return [*pairs, *pairs.values()]


def _uses_words_of(match: Match, text_words: list[Word], said: Found | None) -> bool:
    """Whether the match takes a word of what was read as a number ("a 31-year-old trail runner"
    holds no "old runners")."""
    return said is not None and any(said.start <= text_words[p].start < said.end for p in match.positions)


def _wider_reading(match: Match, other: Match) -> bool:
    """Whether `match` is a wider reading of the finding `other` reads inside it: "not itchy, and
    they don't fade with a glass" holds "don't fade with a glass"; the wider "not ... fade ...
    glass" would borrow the "not" of "not itchy"."""
    return (
        match.finding == other.finding
        and match.says_absent == other.says_absent
        and match.start <= other.start
        and other.end <= match.end
        and (other.end - other.start) < (match.end - match.start)
    )


def _inside_hedged_dropped(mentions: list[Mentioned]) -> list[Mentioned]:
    """A mention made of words of a longer negated or hedged mention of another finding is part of
    that one: "it doesn't hurt at night" denies night pain, not pain; but "aching" stays in "calf
    aching and maybe a little puffier", whose phrase is "calf ... puffy"."""
    return [
        m
        for m in mentions
        if not any(
            other.finding != m.finding
            and other.status != "present"
            and other.start <= m.start
            and m.end <= other.end
            and (other.end - other.start) > (m.end - m.start)
            and (not other.words or any(start < m.end and m.start < end for start, end in other.words))
            for other in mentions
        )
    ]


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
