"""Measure the semantic fallback's similarity threshold on the intake set (needs the `embeddings`
extra): precision, recall and negation accuracy of `eval --intake` for each threshold, and the
lexicon alone for comparison.

    .venv/bin/python benchmarks/semantic_threshold.py vignettes/intake
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from anklecheck.engine.checker import Checker
from anklecheck.evaluation.cases import load_cases
from anklecheck.evaluation.intake import evaluate_intake
from anklecheck.intake import Parser
from anklecheck.intake.rules import load_rules
from anklecheck.settings import Settings

THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85)


def main(path: str) -> None:
    cases = load_cases([Path(path)])
    checker = Checker()
    rows = [("lexicon only", evaluate_intake(checker, cases))]
    rules = load_rules()
    for threshold in THRESHOLDS:
        semantic = Checker(settings=Settings(semantic=True))
        semantic.__dict__["parser"] = Parser(
            semantic.pack,
            rules.model_copy(update={"semantic_threshold": threshold}),
            semantic=True,
            cache_dir=Settings().cache_dir,
        )
        started = time.perf_counter()
        rows.append((f"threshold {threshold}", evaluate_intake(semantic, cases)))
        print(f"  ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    print("| run | precision | recall | negation accuracy |\n|---|---|---|---|")
    for name, result in rows:
        print(f"| {name} | {result['precision']} | {result['recall']} | {result['negation_accuracy']} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "vignettes/intake")
