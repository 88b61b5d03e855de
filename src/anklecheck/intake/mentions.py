"""A finding as the text mentions it, and where mentions sit: word and sentence positions."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

from anklecheck.intake.lexicon import Word

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
    # Character spans of the phrase's own words (empty when read by meaning or by a rule).
    words: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)


def word_at(text_words: list[Word], offset: int) -> int:
    """The index of the word at (or last before) a character offset."""
    return max(0, bisect.bisect_right(text_words, offset, key=lambda w: w.start) - 1)


def sentence_of(start: int, sentences: list[tuple[int, int]]) -> int:
    return next((i for i, (first, last) in enumerate(sentences) if first <= start < last), -1)


def same_sentence(a: Mentioned, b: Mentioned, sentences: list[tuple[int, int]]) -> bool:
    return sentence_of(a.start, sentences) == sentence_of(b.start, sentences)
