"""What a mention means in its sentence: medspaCy's ConText on a blank English pipeline.

ConText (Harkema et al., 2009) marks a mention as negated ("no swelling"), possible ("maybe a bit
swollen"), about someone else ("my dad has gout"), historical ("I sprained it last year") or
hypothetical ("in case it swells"); "but" and similar words end a modifier's reach. medspaCy's
default rules are used with the lay-language rules of `rules.yaml` added. Nothing is downloaded:
the pipeline is spaCy's blank English tokenizer, spaCy's sentencizer on the intake's sentence
ends and ConText.
"""

from __future__ import annotations

import importlib.abc
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from anklecheck.intake.lexicon import SENTENCE_ENDS
from anklecheck.intake.rules import IntakeRules


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    words: tuple[tuple[int, int], ...] = ()  # character spans of the words the phrase matched
    says_absent: bool = False  # a phrase that denies its finding ("not had a temperature")
    opens_with_negation: bool = False  # "no injury": its "no" reaches the words inside it


@dataclass(frozen=True)
class Modifiers:
    negated: bool = False
    uncertain: bool = False
    other_person: bool = False
    historical: bool = False
    hypothetical: bool = False
    family_cues: tuple[str, ...] = ()  # the words that made it someone else's ("dad")
    negations: tuple[tuple[int, int], ...] = ()  # character spans of the negation cues that count


class ContextReader:
    """Built once (about half a second: spaCy and medspaCy load lazily); reads many texts."""

    def __init__(self, rules: IntakeRules) -> None:
        _silence_medspacy_logging()
        with _without_pytorch():
            import medspacy  # type: ignore[import-untyped]
            from medspacy.context import ConText, ConTextRule  # type: ignore[import-untyped]

            self._nlp = medspacy.load()
        # Only medspaCy's tokenizer is kept: its own sentence splitter (PyRuSH, which runs "? my
        # arch aches" into one sentence), target matcher and ConText go. Sentences end where the
        # lexicon's do, so a hedge or a negation never reaches across a full stop, question mark
        # or line break; ConText runs below with the intake's rules.
        for name in list(self._nlp.pipe_names):
            self._nlp.remove_pipe(name)
        self._nlp.add_pipe("sentencizer", config={"punct_chars": list(SENTENCE_ENDS)})
        context = ConText(self._nlp, input_span_type="group", span_group_name="findings")
        context.add(
            [
                ConTextRule(r.literal, r.category, direction=r.direction, max_scope=r.max_scope)
                for r in rules.context_rules
            ]
        )
        self._context = context

    def read(self, text: str, mentions: Sequence[Mention]) -> list[Modifiers]:
        """The modifiers of each mention (character spans of ``text``), in order."""
        with warnings.catch_warnings():
            # medspaCy's matchers have no patterns when all rules are literal phrases.
            warnings.filterwarnings("ignore", message=r"\[W036\]")
            doc = self._nlp(text)
            spans = [doc.char_span(m.start, m.end, label="FINDING", alignment_mode="expand") for m in mentions]
            doc.spans["findings"] = [span for span in spans if span is not None]
            doc = self._context(doc)
        by_offsets = {(span.start_char, span.end_char): span for span in doc.spans["findings"]}
        graph = doc._.context_graph.modifiers
        return [
            _modifiers(
                by_offsets.get((s.start_char, s.end_char)) if s is not None else None,
                _cue_free(m, mentions),
                m.words,
                _running_into(s, graph) if s is not None else [],
            )
            for s, m in zip(spans, mentions, strict=True)
        ]


def _cue_free(mention: Mention, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """The words of other phrases, which are no cues for this mention. A denying phrase's "not"
    still negates ("not running a temperature" holds "not had a temperature" and "running a
    temperature": both say no fever), and so does the opening negation of a phrase for a mention
    inside it ("no sudden injury" denies a sudden start; "can't feel my toes" still speaks of toes)."""
    return [
        word
        for other in mentions
        if not other.says_absent
        and not (other.opens_with_negation and other.start <= mention.start and mention.end <= other.end)
        for word in other.words
    ]


FLAG_OF = {
    "NEGATED_EXISTENCE": "negated",
    "POSSIBLE_EXISTENCE": "uncertain",
    "FAMILY": "other_person",
    "HISTORICAL": "historical",
    "HYPOTHETICAL": "hypothetical",
}


def _running_into(span: Any, modifiers: Sequence[Any]) -> list[Any]:
    """Cues that start before the span and run into it, which ConText leaves out as overlapping:
    "no new" of "no new soaps", "no history of" of "no history of ankle sprains"."""
    return [m for m in modifiers if m.modifier_span[0] < span.start < m.modifier_span[1]]


def _modifiers(
    span: Any,
    phrase_words: Sequence[tuple[int, int]],
    own_words: Sequence[tuple[int, int]],
    running_into: Sequence[Any] = (),
) -> Modifiers:
    """The span's modifiers, leaving out cues that are words of a phrase: "can't walk" is the
    finding "unable to walk", neither a negated "walk" nor a "can't" that negates what follows
    ("can't put weight on it and the outer ankle hurts" is pain). A cue elsewhere inside the
    span still counts ("calf is normal, not swollen"). A phrase that holds its own negation
    ("don't fade with a glass") is not negated again by an earlier one ("not itchy, don't fade
    with a glass")."""
    if span is None:
        return Modifiers()
    doc = span.doc
    kept = []
    says_no_itself = False
    for m in [*span._.modifiers, *running_into]:
        if m.category not in FLAG_OF:
            continue
        cue = doc[m.modifier_span[0] : m.modifier_span[1]]
        own = _overlaps(cue, own_words)
        if own or _overlaps(cue, phrase_words):
            says_no_itself |= own and m.category == "NEGATED_EXISTENCE"
            continue
        kept.append((m.category, cue.text.lower(), (cue.start_char, cue.end_char)))
    if says_no_itself:
        kept = [k for k in kept if k[0] != "NEGATED_EXISTENCE"]
    flags: dict[str, Any] = {FLAG_OF[category]: True for category, _, _ in kept}
    cues = tuple(text for category, text, _ in kept if category == "FAMILY")
    negations = tuple(at for category, _, at in kept if category == "NEGATED_EXISTENCE")
    return Modifiers(**flags, family_cues=cues, negations=negations)


def _overlaps(cue: Any, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the cue starts on a word of the spans: "can't" of "can't walk" does; "no new" before
    "new soaps" and "no history of" before "history of sprains" do not (they negate them)."""
    return any(start <= cue.start_char < end for start, end in spans)


class _NoPytorch(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname.partition(".")[0] == "torch":
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)


@contextmanager
def _without_pytorch() -> Iterator[None]:
    """spaCy's thinc imports PyTorch whenever it is installed (the `embeddings` extra brings it):
    1.3 s and 170 MB of a worker's memory for a pipeline that has no neural part. thinc treats a
    missing torch as "no torch"; torch stays importable afterwards for the semantic fallback."""
    finder = _NoPytorch()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def _silence_medspacy_logging() -> None:
    """medspaCy and PyRuSH log every token through loguru at DEBUG: silence just them."""
    from loguru import logger

    for library in ("medspacy", "PyRuSH"):
        logger.disable(library)
