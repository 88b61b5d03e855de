"""Readings: mentions read from other mentions and their place in the text, by the position rules
of `rules.yaml` (the lexicon finds phrases; these say what phrases together mean).

A place counts with its symptom in its sentence, and a symptom denied at a place is denied there
only; a bare side is of the part named before it; durations date the problem when said of it;
parts in the plural are both sides; an injury told now is a sudden start, and one told as one
of many or long ago is an earlier sprain; pain said with an action says when it hurts; tenderness
said once over a list of places is tenderness of each.
"""

from __future__ import annotations

import re
from dataclasses import replace

from anklecheck.intake.lexicon import Lexicon, Word, spelt_as, stem, words
from anklecheck.intake.mentions import Mentioned, Status, same_sentence, sentence_of, word_at
from anklecheck.intake.numbers import Found, NumberReader
from anklecheck.intake.rules import BareSides, BothSides, IntakeRules, PainWithAction
from anklecheck.kb.loader import KnowledgePack

YEAR = re.compile(r"(?:19|20)\d\d")  # "an inversion sprain in 2021"
PLACE_GAP = 4  # words from a denied symptom to the place it is denied at: "no pain in my calves"
LISTED_PLACE_LEAD = 3  # words before a listed place that may put it beside another or deny it ("but not over")
# Findings about the person's history and risks: a past mention of them counts ("I sprained it
# last year"), and they are named by conditions and medicines ("hay fever", "athlete's foot").
HISTORY_KINDS = ("history", "risk")
# Findings about what happened before: a past mention of them counts too ("it has happened before").
PAST_GROUP = "past_foot_problems"


class Readings:
    """The position rules over one pack; built once by the parser."""

    def __init__(self, pack: KnowledgePack, rules: IntakeRules, numbers: NumberReader, lexicon: Lexicon) -> None:
        self.pack = pack
        self.rules = rules
        self.numbers = numbers
        self.lexicon = lexicon
        self.group_of = {f.id: f.group for f in pack.findings.values()}

    def is_history(self, finding: str) -> bool:
        return self.pack.findings[finding].kind in HISTORY_KINDS

    def counts_when_past(self, finding: str) -> bool:
        return self.is_history(finding) or self.group_of[finding] == PAST_GROUP

    def places_with_their_symptom(self, mentions: list[Mentioned], sentences: list[tuple[int, int]]) -> list[Mentioned]:
        """Mentions of a place (pain location, numbness location) kept only where their sentence
        speaks of the symptom too (`place_needs` in the rule file)."""
        needs = self.rules.place_needs
        return [
            m
            for m in mentions
            if (needed := needs.get(self.group_of[m.finding] or "")) is None
            or any(
                other.finding in needed
                and same_sentence(m, other, sentences)
                and (m.status != "present" or other.status == "present")  # "heel pain ... no numbness"
                for other in mentions
            )
        ]

    def bare_sides(self, text: str, text_words: list[Word], mentions: list[Mentioned]) -> list[Mentioned]:
        """A side said on its own ("it hurts on the outside") as a place on the part named last
        before it ("rolled my ankle"; `bare_sides` in the rules)."""
        rule = self.rules.bare_sides
        found: list[Mentioned] = []
        for i, word in enumerate(text_words):
            places = rule.sides.get(word.text)
            if places is None or not _a_side_on_its_own(text_words, i, rule):
                continue
            place_groups = {self.group_of[f] for f in places.values()}
            in_sentence = [m for m in mentions if text_words[word_at(text_words, m.start)].sentence == word.sentence]
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

    def denied_only_at_a_place(self, mentions: list[Mentioned], text_words: list[Word]) -> list[Mentioned]:
        """A symptom denied at a place is denied there only: "no pain in my calves" says nothing of
        pain elsewhere (the ankle may hurt), so only the place is absent."""
        needs = self.rules.place_needs

        def at_a_denied_place(m: Mentioned) -> bool:
            end = word_at(text_words, m.end - 1)
            return any(
                self.group_of[place.finding] in needs
                and m.finding in needs[self.group_of[place.finding] or ""]
                and place.status == "absent"
                and 0 < word_at(text_words, place.start) - end <= PLACE_GAP
                and text_words[end].sentence == text_words[word_at(text_words, place.start)].sentence
                for place in mentions
            )

        return [m for m in mentions if not (m.status == "absent" and at_a_denied_place(m))]

    def durations(
        self, text: str, stated: list[Found], mentions: list[Mentioned], sentences: list[tuple[int, int]]
    ) -> list[Mentioned]:
        """How long it has lasted, as the fewest duration findings that say it (the checker reads
        the rest from them): the longest duration whose nearest mention in its sentence is of the
        problem, else the longest in a sentence that mentions nothing. A duration nearest to
        something else dates that ("new shoes last week", "a cast for 6 weeks", "flew back two
        days ago", "my friend had a fever for a week", "sprained it 6 months ago")."""
        about_problem, about_nothing = [], []
        for found in stated:
            sentence = sentence_of(found.start, sentences)
            near = [m for m in mentions if sentence_of(m.start, sentences) == sentence]
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
                or found.said_after in self.rules.history_of  # "a 4-day history of", "pain of 4 months' duration"
                or found.to_today  # "went to a trampoline park on Saturday ... it's Tuesday now"
                or self._of_it(text, found)
                or self._shortly_after_exercise(found, near, gaps, closest)
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
            for finding, over in self.numbers.duration_findings(
                float(longest.value), longest.at_least, longest.approximate
            ).items()
        ]

    def _of_it(self, text: str, found: Found) -> bool:
        """Whether the duration follows "it" or "this" by a word at most ("had it for about 10
        days", "it's been an hour"), or a "since I started" ("since I started skipping last week")."""
        before = words(text[max(0, found.start - 60) : found.start])
        said = " ".join(word.text for word in before[-8:])
        return any(word.text in self.rules.duration_of_it for word in before[-2:]) or any(
            f"{since} " in f"{said} " for since in self.rules.duration_since
        )

    def delayed_rash(
        self, text: str, stated: list[Found], mentions: list[Mentioned], sentences: list[tuple[int, int]]
    ) -> list[Mentioned]:
        """A rash a day to three days after a contact, from the time said with it (`delayed_rash`)."""
        rule = self.rules.delayed_rash
        if any(m.finding == rule.finding for m in mentions):
            return []
        low, high = rule.days
        for found in stated:
            if found.said_after not in rule.ends or not low <= float(found.value) <= high:
                continue
            sentence = sentence_of(found.start, sentences)
            if any(
                sentence_of(m.start, sentences) == sentence
                and m.status == "present"
                and self.pack.findings[m.finding].kind in rule.symptom_kinds
                for m in mentions
            ):
                return [Mentioned(rule.finding, "present", found.start, found.end, text[found.start : found.end], 1.0)]
        return []

    def training_jump(self, text: str, mentions: list[Mentioned]) -> list[Mentioned]:
        """Training stepped up, said in numbers ("went from 20 to 40 miles a week"; `training_jump`)."""
        jump = self.numbers.training_jump(text)
        if jump is None or any(m.finding == jump.value for m in mentions):
            return []
        return [Mentioned(str(jump.value), "present", jump.start, jump.end, text[jump.start : jump.end], 1.0)]

    def _shortly_after_exercise(
        self, found: Found, near: list[Mentioned], gaps: list[tuple[int, Mentioned]], closest: int
    ) -> bool:
        """Whether a short time dates exercise told with the problem: the problem came after it."""
        if float(found.value) > self.rules.short_after_exercise:
            return False
        exercise = any(gap == closest and self.pack.findings[m.finding].kind == "activity" for gap, m in gaps)
        return exercise and any(self._about_the_problem(m) and m.status == "present" for m in near)

    def _about_the_problem(self, mention: Mentioned) -> bool:
        """What someone else had, or what was, is not how long this has lasted."""
        kind = self.pack.findings[mention.finding].kind
        return mention.status not in ("past", "other_person") and kind in self.rules.duration_needs_kinds

    def both_sides(self, text_words: list[Word], mentions: list[Mentioned]) -> list[Mentioned]:
        """Both sides, from a symptom said of body parts in the plural ("my calves are sore")."""
        rule = self.rules.both_sides
        if any(m.finding == rule.finding for m in mentions):
            return []  # said in so many words ("both legs", "only one leg")
        symptoms = [
            (word_at(text_words, m.start), word_at(text_words, m.end - 1))
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

    def earlier_injuries(
        self, text_words: list[Word], stated: list[Found], mentions: list[Mentioned], sentences: list[tuple[int, int]]
    ) -> list[Mentioned]:
        """An ankle roll told as one of many, in the past, dated in a year or long ago is an
        earlier sprain (`earlier_injury` in the rules)."""
        rule = self.rules.earlier_injury
        dated_long_ago = self._dated_long_ago(stated, sentences)
        repeated = [tuple(words(cue)) for cue in rule.repeated]

        def earlier(m: Mentioned) -> bool:
            if m.status == "past":
                return True
            first, last = word_at(text_words, m.start), word_at(text_words, m.end - 1)
            near = [
                w
                for w in text_words[max(0, first - rule.window) : last + rule.window + 1]
                if w.sentence == text_words[first].sentence
            ]
            return (
                sentence_of(m.start, sentences) in dated_long_ago
                or any(YEAR.fullmatch(w.text) for w in near)
                or any(_says(near, cue) for cue in repeated)
            )

        told = [m for m in mentions if m.finding == rule.injury and m.status in ("present", "past") and earlier(m)]
        if not told:
            return mentions
        # Told again later without a date of its own, it is the same earlier sprain: "I rolled my
        # ankle three months ago. The sprain is better but ..."
        dated = {sentence_of(found.start, sentences) for found in stated}
        told += [
            m
            for m in mentions
            if m.finding == rule.injury
            and m.status == "present"
            and m not in told
            and m.start > told[0].start
            and sentence_of(m.start, sentences) not in dated
        ]
        kept = [m for m in mentions if m not in told]
        return [*kept, *(replace(m, finding=rule.finding, status="present") for m in told)]

    def _dated_long_ago(self, stated: list[Found], sentences: list[tuple[int, int]]) -> set[int]:
        """The sentences holding a time further back than the injury onset's `long_ago`."""
        rule = self.rules.injury_onset
        long_ago = min(d.more_than_days for d in self.rules.durations if d.finding in rule.long_ago)
        return {sentence_of(found.start, sentences) for found in stated if float(found.value) > long_ago}

    def injury_onset(
        self, stated: list[Found], mentions: list[Mentioned], sentences: list[tuple[int, int]]
    ) -> list[Mentioned]:
        """A sudden start, from an injury told as happening now, not months ago (`injury_onset` in
        the rules): not "had a bad sprain 6 months ago"."""
        rule = self.rules.injury_onset
        if any(m.finding in rule.unless or (m.finding in rule.long_ago and m.status == "present") for m in mentions):
            return []
        history = [m for m in mentions if self.is_history(m.finding) and m.status == "present"]
        dated_long_ago = self._dated_long_ago(stated, sentences)
        injury = next(
            (
                m
                for m in mentions
                if m.finding in rule.injuries
                and m.status == "present"
                and not any(h.start < m.end and m.start < h.end for h in history)  # "sprained it last year"
                and sentence_of(m.start, sentences) not in dated_long_ago
            ),
            None,
        )
        if injury is None:
            return []
        return [Mentioned(rule.finding, "present", injury.start, injury.end, injury.text, injury.confidence)]

    def tender_places(self, text: str, text_words: list[Word], mentions: list[Mentioned]) -> list[Mentioned]:
        """Tenderness said once over a list of places ("no bony tenderness at either malleolus or the
        navicular"; `tender_places` in the rules)."""
        rule = self.rules.tender_places
        named = {m.finding for m in mentions}
        found: list[Mentioned] = []
        for i, word in enumerate(text_words):
            if word.text not in rule.cues:
                continue
            in_sentence = [(j, w) for j, w in enumerate(text_words) if w.sentence == word.sentence]
            before = [w.text for j, w in in_sentence if i - rule.reach <= j < i]
            denied = any(w in rule.denials for w in before) or word.text.startswith("non")
            for finding, places in rule.places.items():
                if finding in named or any(m.finding == finding for m in found):
                    continue
                for place in places:
                    at = _find_words(in_sentence, tuple(place.split()))
                    if at is None:
                        continue
                    first, last = at
                    lead = [(j, w.text) for j, w in in_sentence if first - LISTED_PLACE_LEAD <= j < first]
                    if any(w in rule.beside for _, w in lead):
                        break  # beside the place, not on it
                    place_denied = any(w in rule.denials for j, w in lead if j > i)
                    status: Status = "absent" if denied != place_denied else "present"
                    start, end = text_words[first].start, text_words[last].end
                    found.append(Mentioned(finding, status, start, end, text[start:end], 0.9))
                    break
        return found

    def when_without_pain(self, mentions: list[Mentioned]) -> list[Mentioned]:
        """When it is worse, in a text with a nerve symptom and no pain, is when the nerve symptom
        is worse (`when_without_pain` in the rules)."""
        rule = self.rules.when_without_pain
        present = {m.finding for m in mentions if m.status == "present"}
        if rule.pain in present or rule.symptom not in present:
            return mentions
        said = {m.finding for m in mentions}
        return [
            replace(m, finding=rule.findings[m.finding]) if m.finding in rule.findings and m.status == "present" else m
            for m in mentions
            if not (m.finding in rule.findings and rule.findings[m.finding] in said)
        ]

    def pain_with_action(
        self, rule: PainWithAction, text: str, text_words: list[Word], mentions: list[Mentioned]
    ) -> list[Mentioned]:
        """A finding of when it hurts, from pain said with an action ("sore when I squat", "hurts to
        walk"; `pain_with_action` in the rules)."""
        if any(m.finding == rule.finding for m in mentions):
            return []  # said in so many words, or denied
        actions = {stem(w) for w in rule.actions}
        cues = [tuple(words(cue)) for cue in rule.cues]
        pains = (
            m
            for m in mentions
            if m.status == "present"
            and m.finding != self.rules.both_sides.finding  # which sides, not what: "wheals on both legs"
            and (self.pack.findings[m.finding].kind in rule.symptom_kinds or m.finding in rule.symptoms)
        )
        for pain in pains:
            first, last = word_at(text_words, pain.start), word_at(text_words, pain.end - 1)
            for i in range(max(0, first - rule.window), min(len(text_words), last + rule.window + 1)):
                word = text_words[i]
                if word.sentence != text_words[first].sentence or word.stem not in actions:
                    continue
                if any(_cue_before(text_words, i, cue, rule.cue_gap) for cue in cues):
                    start, end = min(pain.start, word.start), max(pain.end, word.end)
                    return [Mentioned(rule.finding, "present", start, end, text[start:end], pain.confidence)]
        return []


def _find_words(in_sentence: list[tuple[int, Word]], wanted: tuple[str, ...]) -> tuple[int, int] | None:
    """The first and last text positions of the words, in a row, inside the sentence."""
    said = [w.text for _, w in in_sentence]
    for k in range(len(said) - len(wanted) + 1):
        if tuple(said[k : k + len(wanted)]) == wanted:
            return in_sentence[k][0], in_sentence[k + len(wanted) - 1][0]
    return None


def _says(near: list[Word], cue: tuple[Word, ...]) -> bool:
    """Whether the words hold the cue's words in a row."""
    said = [w.text for w in near]
    wanted = [w.text for w in cue]
    return any(said[i : i + len(wanted)] == wanted for i in range(len(said) - len(wanted) + 1))


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


def _cue_before(text_words: list[Word], i: int, cue: tuple[Word, ...], gap: int) -> bool:
    """Whether the cue's words end at most `gap` words before word i ("when I'm running")."""
    for end in range(max(0, i - gap - 1), i):
        first = end - len(cue) + 1
        if first >= 0 and all(text_words[first + k].text == w.text for k, w in enumerate(cue)):
            return True
    return False
