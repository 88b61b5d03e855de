"""Free text to evidence: what the person wrote, what it says about each finding, and what
anklecheck could not place.

Steps: clean the text (control characters, HTML tags; a stated size limit), find the pack's lay
phrases (`lexicon`), read each mention's context (`context`: negated, possible, someone else's,
past, hypothetical), read durations, age and sex (`numbers`), then keep per finding its clearest
mention. A mention about someone else or only possible is reported but is not evidence; a past
mention counts only for history findings ("I sprained it last year").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from anklecheck.engine.result import Evidence
from anklecheck.errors import InvalidInputError, KnowledgePackError, Problem
from anklecheck.intake.context import ContextReader, Mention, Modifiers
from anklecheck.intake.lexicon import SENTENCE_ENDS, Lexicon, Match, Word, spelt_as, stem, words
from anklecheck.intake.numbers import Found, NumberReader, Proxy
from anklecheck.intake.rules import BareSides, BothSides, IntakeRules, PainWithAction, load_rules
from anklecheck.intake.semantic import SemanticMatcher
from anklecheck.kb.loader import KnowledgePack

MAX_TEXT = 10_000  # characters: a long story fits; a pasted document does not
TAG = re.compile(r"<[^>]{0,200}>")
CLAUSE = re.compile(r"[^.!?;,\n]+")
SENTENCE = re.compile(f"[^{re.escape(SENTENCE_ENDS)}]+")
SEMANTIC_MIN_WORDS = 2  # content words a clause needs before it is compared by meaning
# Findings about the person's history and risks: a past mention of them counts ("I sprained it
# last year"), and they are named by conditions and medicines ("hay fever", "athlete's foot").
HISTORY_KINDS = ("history", "risk")
Status = Literal["present", "absent", "uncertain", "other_person", "past"]


PLACE_GAP = 4  # words from a denied symptom to the place it is denied at: "no pain in my calves"


@dataclass(frozen=True)
class Mentioned:
    """One finding as the text mentions it."""

    finding: str
    status: Status
    start: int
    end: int
    text: str
    confidence: float
    # Character spans of the phrase's own words (empty when read by meaning or by a rule).
    words: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)


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
        self.lexicon = Lexicon(phrased, self.rules.function_words, self.rules.word_forms)
        self.numbers = NumberReader(self.rules)
        self.group_of = {f.id: f.group for f in pack.findings.values()}
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
                *((f"place_needs.{g}", f) for g, f in self.rules.place_needs.items()),
                *(("body_parts", f) for f in self.rules.body_parts),
                *(("durations", rule.finding) for rule in self.rules.durations),
                ("both_sides", self.rules.both_sides.finding),
                ("bare_sides.needs", self.rules.bare_sides.needs),
                *(("bare_sides.sides", f) for places in self.rules.bare_sides.sides.values() for f in places.values()),
                ("injury_onset", self.rules.injury_onset.finding),
                *(("injury_onset.injuries", f) for f in self.rules.injury_onset.injuries),
                *(("injury_onset.unless", f) for f in self.rules.injury_onset.unless),
                *(("injury_onset.long_ago", f) for f in self.rules.injury_onset.long_ago),
                *(("duration_events", f) for f in self.rules.duration_events),
                *(("elsewhere", f) for f in self.rules.elsewhere),
                *(("pain_with_action", rule.finding) for rule in self.rules.pain_with_action),
            ]
            if finding not in findings
        ]
        problems += [
            Problem("rules.yaml", where, f"{kind!r} is no finding kind of the pack")
            for where, named in (
                ("duration_needs_kinds", self.rules.duration_needs_kinds),
                ("both_sides.symptom_kinds", self.rules.both_sides.symptom_kinds),
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
        mentions = _inside_hedged_dropped(self._places_with_their_symptom(mentions, sentences))
        mentions = self._denied_only_at_a_place(mentions, text_words)
        mentions += self._bare_sides(text, text_words, mentions)
        mentions += self._durations(text, mentions, sentences)
        mentions += self._both_sides(text_words, mentions)
        mentions += self._injury_onset(text, mentions, sentences)
        for rule in self.rules.pain_with_action:
            mentions += self._pain_with_action(rule, text, text_words, mentions)
        best = _clearest_per_finding(mentions)
        evidence = tuple(
            Evidence(m.finding, m.status == "present", "text", (m.start, m.end), m.text)
            for m in best
            if m.status in ("present", "absent") or (m.status == "past" and self._is_history(m.finding))
        )
        age, sex = self._age_and_sex(text, proxy)
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

    def _age_and_sex(self, text: str, proxy: Proxy | None) -> tuple[int | None, str | None]:
        if proxy is not None:
            return proxy.age, proxy.sex
        age, sex = self.numbers.age(text), self.numbers.sex(text)
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
        if status == "past" and self._is_history(match.finding):
            status = "absent" if modifiers.negated else "present"
        if match.says_absent and status in ("present", "absent"):  # "can't say I can walk on it"
            status = "absent" if status == "present" else "present"
        said = text[match.start : match.end]
        return Mentioned(match.finding, status, match.start, match.end, said, match.confidence, phrase_words)

    def _is_history(self, finding: str) -> bool:
        return self.pack.findings[finding].kind in HISTORY_KINDS

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
        if not set(match.positions) < set(other.positions):
            return False
        if other.finding == match.finding:
            return other.says_absent != match.says_absent
        if self._is_history(other.finding) or other.finding in self.rules.elsewhere:
            return True
        group = self.group_of[match.finding]
        return (
            group is not None
            and self.group_of[other.finding] == group
            and group not in self.rules.several_in_one_phrase
        )

    def _places_with_their_symptom(
        self, mentions: list[Mentioned], sentences: list[tuple[int, int]]
    ) -> list[Mentioned]:
        """Mentions of a place (pain location, numbness location) kept only where their sentence
        speaks of the symptom too (`place_needs` in the rule file)."""
        needs = self.rules.place_needs
        return [
            m
            for m in mentions
            if (needed := needs.get(self.group_of[m.finding] or "")) is None
            or any(other.finding == needed and _same_sentence(m, other, sentences) for other in mentions)
        ]

    def _bare_sides(self, text: str, text_words: list[Word], mentions: list[Mentioned]) -> list[Mentioned]:
        """A side said on its own ("it hurts on the outside") as a place on the part named last
        before it ("rolled my ankle"; `bare_sides` in the rules)."""
        rule = self.rules.bare_sides
        found: list[Mentioned] = []
        for i, word in enumerate(text_words):
            places = rule.sides.get(word.text)
            if places is None or not _a_side_on_its_own(text_words, i, rule):
                continue
            place_groups = {self.group_of[f] for f in places.values()}
            in_sentence = [m for m in mentions if text_words[_word_at(text_words, m.start)].sentence == word.sentence]
            symptom = next((m for m in in_sentence if m.finding == rule.needs and m.status == "present"), None)
            if symptom is None or any(self.group_of[m.finding] in place_groups for m in in_sentence):
                continue  # no symptom, or its place is named
            part = next(
                (
                    rule.parts[w.text]
                    for w in reversed(text_words[:i])
                    if w.text in rule.parts and word.start - w.end <= rule.reach
                ),
                None,
            )
            if part in places:
                start, end = min(word.start, symptom.start), max(word.end, symptom.end)
                found.append(Mentioned(places[part], "present", start, end, text[start:end], symptom.confidence))
        return found

    def _denied_only_at_a_place(self, mentions: list[Mentioned], text_words: list[Word]) -> list[Mentioned]:
        """A symptom denied at a place is denied there only: "no pain in my calves" says nothing of
        pain elsewhere (the ankle may hurt), so only the place is absent."""
        needs = self.rules.place_needs

        def at_a_denied_place(m: Mentioned) -> bool:
            end = _word_at(text_words, m.end - 1)
            return any(
                self.group_of[place.finding] in needs
                and needs[self.group_of[place.finding] or ""] == m.finding
                and place.status == "absent"
                and 0 < _word_at(text_words, place.start) - end <= PLACE_GAP
                and text_words[end].sentence == text_words[_word_at(text_words, place.start)].sentence
                for place in mentions
            )

        return [m for m in mentions if not (m.status == "absent" and at_a_denied_place(m))]

    def _durations(self, text: str, mentions: list[Mentioned], sentences: list[tuple[int, int]]) -> list[Mentioned]:
        """How long it has lasted, as the fewest duration findings that say it (the checker reads
        the rest from them): the longest duration whose nearest mention in its sentence is of the
        problem, else the longest in a sentence that mentions nothing. A duration nearest to
        something else dates that ("new shoes last week", "a cast for 6 weeks", "flew back two
        days ago", "my friend had a fever for a week", "sprained it 6 months ago")."""
        about_problem, about_nothing = [], []
        for found in self.numbers.durations(text):
            sentence = _sentence_of(found.start, sentences)
            near = [m for m in mentions if _sentence_of(m.start, sentences) == sentence]
            if not near:
                # "Saw the doctor today" and "been running about 3 years" date no problem.
                if not (found.relative or found.episode or _after_a_doing(text, found)):
                    about_nothing.append(found)
                continue
            gaps = [(max(m.start - found.end, found.start - m.end, 0), m) for m in near]
            closest = min(gap for gap, _ in gaps)
            # As near to the problem as to anything else counts: "sprained it 3 weeks ago playing
            # tennis"; and an injury told now dates its sentence: "rolled it on a hike 4 days ago".
            dating = self.rules.injury_onset.injuries | self.rules.duration_events
            injured = any(m.finding in dating and m.status == "present" for m in near)
            if found.episode and not injured:
                continue
            if (
                injured
                or found.to_today  # "went to a trampoline park on Saturday ... it's Tuesday now"
                or self._of_it(text, found)
                or any(gap == closest and self._about_the_problem(m) for gap, m in gaps)
            ):
                about_problem.append(found)
        stated = about_problem or about_nothing
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
            for finding, over in self.numbers.duration_findings(float(longest.value), longest.at_least).items()
        ]

    def _of_it(self, text: str, found: Found) -> bool:
        """Whether the duration follows "it" or "this" by a word at most ("had it for about 10
        days", "it's been an hour"), or a "since I started" ("since I started skipping last week")."""
        before = words(text[max(0, found.start - 60) : found.start])
        said = " ".join(word.text for word in before[-8:])
        return any(word.text in self.rules.duration_of_it for word in before[-2:]) or any(
            f"{since} " in f"{said} " for since in self.rules.duration_since
        )

    def _about_the_problem(self, mention: Mentioned) -> bool:
        """What someone else had, or what was, is not how long this has lasted."""
        kind = self.pack.findings[mention.finding].kind
        return mention.status not in ("past", "other_person") and kind in self.rules.duration_needs_kinds

    def _both_sides(self, text_words: list[Word], mentions: list[Mentioned]) -> list[Mentioned]:
        """Both sides, from a symptom said of body parts in the plural ("my calves are sore")."""
        rule = self.rules.both_sides
        if any(m.finding == rule.finding for m in mentions):
            return []  # said in so many words ("both legs", "only one leg")
        symptoms = [
            (_word_at(text_words, m.start), _word_at(text_words, m.end - 1))
            for m in mentions
            if m.status == "present" and self.pack.findings[m.finding].kind in rule.symptom_kinds
        ]
        idioms = [tuple(idiom.split()) for idiom in rule.idioms]
        parts = tuple(sorted(rule.parts))
        for i, word in enumerate(text_words):
            plural = word.text in rule.parts or (
                self.lexicon.stem_of(word) not in self.lexicon.by_stem and spelt_as(word.text, parts)
            )
            if not (plural or _both_ahead(text_words, i, rule)) or any(
                _in_idiom(text_words, i, idiom) for idiom in idioms
            ):
                continue
            if any(
                text_words[first].sentence == word.sentence and first - rule.window <= i <= last + rule.window
                for first, last in symptoms
            ):
                return [Mentioned(rule.finding, "present", word.start, word.end, word.text, 1.0)]
        return []

    def _injury_onset(self, text: str, mentions: list[Mentioned], sentences: list[tuple[int, int]]) -> list[Mentioned]:
        """A sudden start, from an injury told as happening now, not months ago (`injury_onset` in
        the rules): not "had a bad sprain 6 months ago"."""
        rule = self.rules.injury_onset
        if any(m.finding in rule.unless or (m.finding in rule.long_ago and m.status == "present") for m in mentions):
            return []
        history = [m for m in mentions if self._is_history(m.finding) and m.status == "present"]
        long_ago = min(d.more_than_days for d in self.rules.durations if d.finding in rule.long_ago)
        dated_long_ago = {
            _sentence_of(found.start, sentences)
            for found in self.numbers.durations(text)
            if float(found.value) > long_ago
        }
        injury = next(
            (
                m
                for m in mentions
                if m.finding in rule.injuries
                and m.status == "present"
                and not any(h.start < m.end and m.start < h.end for h in history)  # "sprained it last year"
                and _sentence_of(m.start, sentences) not in dated_long_ago
            ),
            None,
        )
        if injury is None:
            return []
        return [Mentioned(rule.finding, "present", injury.start, injury.end, injury.text, injury.confidence)]

    def _pain_with_action(
        self, rule: PainWithAction, text: str, text_words: list[Word], mentions: list[Mentioned]
    ) -> list[Mentioned]:
        """A finding of when it hurts, from pain said with an action ("sore when I squat", "hurts to
        walk"; `pain_with_action` in the rules)."""
        if any(m.finding == rule.finding for m in mentions):
            return []  # said in so many words, or denied
        actions = {stem(w) for w in rule.actions}
        cues = [tuple(words(cue)) for cue in rule.cues]
        pains = (
            m for m in mentions if m.status == "present" and self.pack.findings[m.finding].kind in rule.symptom_kinds
        )
        for pain in pains:
            first, last = _word_at(text_words, pain.start), _word_at(text_words, pain.end - 1)
            for i in range(max(0, first - rule.window), min(len(text_words), last + rule.window + 1)):
                word = text_words[i]
                if word.sentence != text_words[first].sentence or word.stem not in actions:
                    continue
                if any(_cue_before(text_words, i, cue, rule.cue_gap) for cue in cues):
                    start, end = min(pain.start, word.start), max(pain.end, word.end)
                    return [Mentioned(rule.finding, "present", start, end, text[start:end], pain.confidence)]
        return []

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


def _uses_words_of(match: Match, text_words: list[Word], said: Found | None) -> bool:
    """Whether the match takes a word of what was read as a number ("a 31-year-old trail runner"
    holds no "old runners")."""
    return said is not None and any(said.start <= text_words[p].start < said.end for p in match.positions)


def _after_a_doing(text: str, found: Found) -> bool:
    """Whether the duration follows a verb in -ing: how long something is done ("been running
    about 3 years"), not how long a problem has lasted."""
    before = words(text[max(0, found.start - 30) : found.start])
    return bool(before) and before[-1].text.endswith("ing")


def _a_side_on_its_own(text_words: list[Word], i: int, rule: BareSides) -> bool:
    """Whether word i is said as a side ("on the outside"), not as part of a place ("the outside
    of my foot") or of a preposition ("in front of")."""
    before = text_words[i - 1].text if i > 0 else ""
    after = [w.text for w in text_words[i + 1 : i + 3]]
    return before in rule.said_after and not any(after == words.split() for words in rule.not_before)


def _both_ahead(text_words: list[Word], i: int, rule: BothSides) -> bool:
    """Whether word i is a part that "both" comes before, in its sentence ("both my big toes")."""
    if text_words[i].text not in rule.both:
        return False
    before = text_words[max(0, i - rule.both_gap) : i]
    return any(w.text in rule.both_words and w.sentence == text_words[i].sentence for w in before)


def _in_idiom(text_words: list[Word], i: int, idiom: tuple[str, ...]) -> bool:
    """Whether word i is part of the idiom there ("on my feet", "my legs crossed")."""
    for at in (p for p, w in enumerate(idiom) if w == text_words[i].text):
        first = i - at
        window = text_words[first : first + len(idiom)] if first >= 0 else []
        if tuple(w.text for w in window) == idiom:
            return True
    return False


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


def _cue_before(text_words: list[Word], i: int, cue: tuple[Word, ...], gap: int) -> bool:
    """Whether the cue's words end at most `gap` words before word i ("when I'm running")."""
    for end in range(max(0, i - gap - 1), i):
        first = end - len(cue) + 1
        if first >= 0 and all(text_words[first + k].text == w.text for k, w in enumerate(cue)):
            return True
    return False


def _word_at(text_words: list[Word], offset: int) -> int:
    """The index of the word at (or last before) a character offset."""
    return max(0, bisect.bisect_right(text_words, offset, key=lambda w: w.start) - 1)


def _sentence_of(start: int, sentences: list[tuple[int, int]]) -> int:
    return next((i for i, (first, last) in enumerate(sentences) if first <= start < last), -1)


def _same_sentence(a: Mentioned, b: Mentioned, sentences: list[tuple[int, int]]) -> bool:
    return _sentence_of(a.start, sentences) == _sentence_of(b.start, sentences)


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
