"""Compare the single-cause naive Bayes and the multi-cause noisy-OR on the vignettes.

Run: .venv/bin/python benchmarks/compare_models.py [vignettes]
Prints a markdown table of every model and evidence weight (the figures in docs/models.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from anklecheck import Checker, Settings
from anklecheck.evaluation import evaluate, load_cases
from anklecheck.kb import load_pack

WEIGHTS = (0.7, 1.0, 1.5)
COLUMNS = ("top1", "top3", "triage_acceptable", "urgent_under_triaged", "brier")


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("vignettes")
    cases = load_cases([folder])
    pack = load_pack(Settings.from_env().knowledge_path)
    print(f"{len(cases)} cases from {folder}\n")
    print("| model | evidence weight | " + " | ".join(COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for model in ("naive_bayes", "noisy_or"):
        for weight in WEIGHTS:
            checker = Checker(pack, Settings(model=model, evidence_weight=weight))
            summary = evaluate(checker, cases).summary
            print(f"| {model} | {weight} | " + " | ".join(str(summary[c]) for c in COLUMNS) + " |")


if __name__ == "__main__":
    main()
