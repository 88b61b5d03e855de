"""Find the knowledge pack's lay phrases in free text.

Every finding lists the phrases people use for it (`phrases:` in the pack): the one source of truth.
A phrase matches when its content words (not the rule file's function words) all occur, in any
order, within one sentence and a window of the text a few words longer than the phrase. Words are
compared by their Porter stems, so plurals and verb forms match ("swollen ankles"); a word no
phrase uses is compared with the phrase words by edit distance (rapidfuzz), so common misspellings
match too ("achiles", "swolen"). Absent phrases ("I can walk on it") say the finding is not there.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from anklecheck.kb.schema import Finding

# A word: letters with an inner apostrophe ("can't"), or digits.
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+")
WINDOW_SLACK = 4  # extra words allowed between a phrase's content words
FUZZY_MIN_LENGTH = 5  # shorter words must be spelt right
# One wrong letter in a shorter word is often another word: "inches" is not "itches", a
# "sprinter" is not a "splinter".
FUZZY_WRONG_LETTER_LENGTH = 9
FUZZY_TWO_SLIPS_LENGTH = 9


@dataclass(frozen=True)
class Word:
    text: str  # normalised (lower case, plain apostrophes)
    stem: str
    start: int  # character offsets in the original text
    end: int
    sentence: int = 0  # a phrase's words must come from one sentence
    name: bool = False  # capitalised inside its sentence ("Spain", "Boston"): a name, never a slip


@dataclass(frozen=True)
class Phrase:
    finding: str
    text: str
    content: tuple[str, ...]  # stems of its content words, in order
    says_absent: bool = False  # an absent phrase: "I can walk on it" denies unable_to_bear_weight
    length: int = 0  # all its words, function words too: the window it may take in the text
    exact: bool = False  # only word for word, in order
    ordered: bool = False  # its content words in its order ("rolled my ankle" is not "my ankles roll in")
    opens_with_negation: bool = False  # "no injury": its "no" reaches the words inside it


@dataclass(frozen=True)
class Match:
    finding: str
    phrase: str
    positions: tuple[int, ...]  # indices of the matched words in the text
    start: int
    end: int
    confidence: float  # 1.0 for exact words; lower with misspellings and spread-out words
    says_absent: bool = False
    by_meaning: bool = False  # found by the semantic fallback: its words are the clause's, not a phrase's
    opens_with_negation: bool = False  # its phrase opens with a negation ("no injury")


def normalise(text: str) -> str:
    """Lower case and compatibility forms, character for character (offsets stay valid)."""
    out = []
    for char in text:
        folded = unicodedata.normalize("NFKC", char).lower()
        out.append(folded if len(folded) == 1 else char.lower()[:1] or " ")
    return "".join(out).replace("\u2019", "'").replace("\u2018", "'")


@cache
def _stemmer() -> object:
    from nltk.stem.porter import PorterStemmer  # type: ignore[import-untyped]

    return PorterStemmer()


@cache
def stem(word: str) -> str:
    return str(_stemmer().stem(word.replace("'", "")))  # type: ignore[attr-defined]


# What ends a sentence: a phrase's words, and a negation's or a hedge's reach, stay inside one.
SENTENCE_ENDS = ".!?;\n"
SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_ENDS)}]")


def words(text: str) -> list[Word]:
    folded = normalise(text)
    ends = [m.start() for m in SENTENCE_END.finditer(folded)]
    found: list[Word] = []
    sentence = 0
    for m in WORD.finditer(folded):
        while sentence < len(ends) and ends[sentence] < m.start():
            sentence += 1
        said = text[m.start() : m.end()]
        inside = bool(found) and found[-1].sentence == sentence
        name = inside and said[:1].isupper() and said[1:].islower()
        found.append(Word(m.group(), stem(m.group()), m.start(), m.end(), sentence, name))
    return found


class Lexicon:
    """The pack's phrases, indexed by the stems of their content words."""

    def __init__(
        self,
        findings: Iterable[Finding],
        function_words: frozenset[str],
        word_forms: Mapping[str, str] | None = None,
        ordered: frozenset[str] = frozenset(),
        ordered_openings: frozenset[str] = frozenset(),
    ) -> None:
        self.function_stems = frozenset(stem(w) for w in function_words) | frozenset(function_words)
        # Forms the stemmer leaves apart ("hotter", "fell"), as the stem of their base word.
        self.forms = {form: stem(base) for form, base in (word_forms or {}).items()}
        self.phrases: list[Phrase] = []
        for finding in findings:
            said = [
                *((text, False, False) for text in finding.phrases),
                *((text, True, False) for text in finding.absent_phrases),
                *((text, False, True) for text in finding.exact_phrases),
            ]
            for text, says_absent, exact in said:
                phrase_words = words(text)
                content = tuple(self.stem_of(w) for w in phrase_words if w.stem not in self.function_stems)
                if content:
                    # A phrase that opens with a negation keeps its order: "no injury" is not
                    # "injury, no swelling".
                    opens = phrase_words[0].text in ordered_openings
                    in_order = finding.id in ordered or opens
                    self.phrases.append(
                        Phrase(finding.id, text, content, says_absent, len(phrase_words), exact, in_order, opens)
                    )
        self.by_stem: dict[str, list[int]] = {}
        for index, phrase in enumerate(self.phrases):
            for content_stem in set(phrase.content):
                self.by_stem.setdefault(content_stem, []).append(index)
        # Misspellings are compared as written (a swapped letter is one edit), then mapped to stems.
        self.spelling = {
            w.text: word_stem
            for p in self.phrases
            for w in words(p.text)
            if (word_stem := self.stem_of(w)) in self.by_stem
        }
        self.vocabulary = tuple(sorted(self.spelling))

    def stem_of(self, word: Word) -> str:
        return self.forms.get(word.text, word.stem)

    def find(self, text_words: list[Word]) -> list[Match]:
        """Every phrase found in the words, at most one match per phrase (its tightest)."""
        seen = self._stems_seen(text_words)
        candidates = {i for s in seen for i in self.by_stem[s]}
        matches = []
        for index in sorted(candidates):
            phrase = self.phrases[index]
            if all(s in seen for s in phrase.content):
                find = self._word_for_word if phrase.exact else self._tightest
                match = find(phrase, seen, text_words)
                if match is not None:
                    matches.append(match)
        return matches

    def _stems_seen(self, text_words: list[Word]) -> dict[str, list[tuple[int, float]]]:
        """Phrase stems present in the text: stem -> [(word position, spelling score 0..1)]."""
        seen: dict[str, list[tuple[int, float]]] = {}
        for position, word in enumerate(text_words):
            if word.stem in self.function_stems:
                continue
            if (word_stem := self.stem_of(word)) in self.by_stem:
                seen.setdefault(word_stem, []).append((position, 1.0))
                continue
            if word.name:
                continue
            for guess, score in _close_words(word.text, self.vocabulary):
                seen.setdefault(self.spelling[guess], []).append((position, score))
        return seen

    def _word_for_word(
        self, phrase: Phrase, seen: Mapping[str, list[tuple[int, float]]], text_words: list[Word]
    ) -> Match | None:
        """The first place the phrase's words stand in the text as they stand in the phrase."""
        wanted = [self.stem_of(w) for w in words(phrase.text)]
        for first, _ in seen[phrase.content[0]]:
            start = first - next(i for i, s in enumerate(wanted) if s == phrase.content[0])
            window = text_words[start : start + len(wanted)] if start >= 0 else []
            if [self.stem_of(w) for w in window] == wanted and window[0].sentence == window[-1].sentence:
                positions = tuple(start + i for i, s in enumerate(wanted) if s not in self.function_stems)
                return Match(
                    phrase.finding,
                    phrase.text,
                    positions,
                    window[0].start,
                    window[-1].end,
                    1.0,
                    opens_with_negation=phrase.opens_with_negation,
                )
        return None

    def _tightest(
        self, phrase: Phrase, seen: Mapping[str, list[tuple[int, float]]], text_words: list[Word]
    ) -> Match | None:
        """The narrowest window holding every content word of the phrase (a sliding window over
        their occurrences, so long texts stay linear)."""
        needed = Counter(phrase.content)  # "bit by bit" needs "bit" twice
        events = sorted((position, s, score) for s in needed for position, score in seen[s])
        limit = max(len(phrase.content), phrase.length) + WINDOW_SLACK
        best: list[tuple[int, str, float]] | None = None
        counts: Counter[str] = Counter()
        left = 0
        for right, (position, word_stem, _) in enumerate(events):
            counts[word_stem] += 1
            while all(counts[s] >= n for s, n in needed.items()):
                start = events[left][0]
                one_sentence = text_words[start].sentence == text_words[position].sentence
                narrower = best is None or position - start < best[-1][0] - best[0][0]
                in_order = not phrase.ordered or _in_order(phrase.content, events[left : right + 1])
                if position - start + 1 <= limit and one_sentence and narrower and in_order:
                    best = events[left : right + 1]
                counts[events[left][1]] -= 1
                left += 1
        if best is None:
            return None
        chosen = {}  # per needed word occurrence, its best-spelt position in the window
        for word_stem, count in needed.items():
            ranked = sorted(((sc, p) for p, s, sc in best if s == word_stem), reverse=True)[:count]
            chosen.update({(word_stem, i): (p, sc) for i, (sc, p) in enumerate(ranked)})
        positions = tuple(sorted({p for p, _ in chosen.values()}))
        if len(positions) < len(phrase.content):
            return None  # one misspelt word cannot stand for two words of the phrase
        spelling = min(score for _, score in chosen.values())
        spread = len(positions) / (positions[-1] - positions[0] + 1)
        return Match(
            phrase.finding,
            phrase.text,
            positions,
            text_words[positions[0]].start,
            text_words[positions[-1]].end,
            round(spelling * (0.8 + 0.2 * spread), 3),
            phrase.says_absent,
            opens_with_negation=phrase.opens_with_negation,
        )


def _in_order(content: tuple[str, ...], window: list[tuple[int, str, float]]) -> bool:
    """Whether the window holds the content stems in their order."""
    stems = iter(s for _, s, _ in window)
    return all(wanted in stems for wanted in content)


def spelt_as(word: str, vocabulary: tuple[str, ...]) -> str | None:
    """The vocabulary word this word is, or is a slip of ("ankels" for "ankles"); never its
    singular or plural ("ankle" is not a slip of "ankles"). Words of the pack's phrases are no
    slips ("aches" is not "arches"): callers check them first."""
    if word in vocabulary:
        return word
    return next(
        (guess for guess, _ in _close_words(word, vocabulary) if guess.rstrip("s") != word.rstrip("s")),
        None,
    )


@cache
def _close_words(word: str, vocabulary: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """Phrase words this unknown word is probably a misspelling of, with their similarity: a
    swapped, missing or doubled letter from 5 letters ("ankel", "swolen"), a wrong letter or two
    slips from 9 ("brusied" is a swap; "inches" is a real word one letter from "itches")."""
    if len(word) < FUZZY_MIN_LENGTH or word.isdigit():
        return ()
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    found = process.extract(word, vocabulary, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=3)
    return tuple(
        (guess, round(1 - distance / max(len(word), len(guess)), 3))
        for guess, distance, _ in found
        if _slip_allowed(word, guess, int(distance))
    )


def _slip_allowed(word: str, guess: str, distance: int) -> bool:
    if distance <= 0:
        return distance == 0
    if distance == 2:
        return min(len(word), len(guess)) >= FUZZY_TWO_SLIPS_LENGTH
    wrong_letter = len(word) == len(guess) and sum(a != b for a, b in zip(word, guess, strict=True)) == 1
    return not wrong_letter or len(word) >= FUZZY_WRONG_LETTER_LENGTH
