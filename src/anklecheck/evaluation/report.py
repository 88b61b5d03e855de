"""`anklecheck eval --report DIR`: an HTML page with plots (needs the `report` extra: matplotlib)."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path

from anklecheck.engine.checker import Checker
from anklecheck.errors import AnklecheckError
from anklecheck.evaluation.metrics import codes_match
from anklecheck.evaluation.runner import EvaluationRun, condition_codes, gold_condition

CALIBRATION_BINS = 10
QUESTIONS_SECTION = (
    '<h2>Questions</h2><img src="questions.png" alt="Top-1 accuracy against the number of questions asked">'
)


def write_report(run: EvaluationRun, checker: Checker, folder: Path) -> Path:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise AnklecheckError(
            "the HTML report needs matplotlib", hint="Install it with: pip install 'anklecheck[report]'"
        ) from exc
    folder.mkdir(parents=True, exist_ok=True)
    codes = condition_codes(checker)
    gold = [gold_condition(case, codes) or "(no match)" for case in run.cases]
    predicted = [score.predicted[0] for score in run.scores]

    _calibration(plt, run, folder / "calibration.png")
    _confusion(plt, gold, predicted, folder / "confusion.png")
    _recall(plt, gold, [s.correct_top1 for s in run.scores], folder / "recall.png")
    if run.top_after:
        _questions(plt, run, codes, folder / "questions.png")
    page = folder / "index.html"
    page.write_text(_html(run), encoding="utf-8")
    return page


def _calibration(plt, run: EvaluationRun, path: Path) -> None:  # type: ignore[no-untyped-def]
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for score in run.scores:
        index = min(int(score.top_probability * CALIBRATION_BINS), CALIBRATION_BINS - 1)
        bins[index].append((score.top_probability, score.correct_top1))
    xs = [sum(p for p, _ in items) / len(items) for _, items in sorted(bins.items())]
    ys = [sum(ok for _, ok in items) / len(items) for _, items in sorted(bins.items())]
    sizes = [len(items) * 8 for _, items in sorted(bins.items())]
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    ax.scatter(xs, ys, s=sizes, label="cases (size = count)")
    ax.plot(xs, ys)
    ax.set_xlabel("probability of the top-ranked condition")
    ax.set_ylabel("fraction where it was the gold diagnosis")
    ax.set_title("Calibration of the top-1 probability")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _confusion(plt, gold: list[str], predicted: list[str], path: Path) -> None:  # type: ignore[no-untyped-def]
    labels = sorted(set(gold) | set(predicted))
    counts = Counter(zip(gold, predicted, strict=True))
    matrix = [[counts.get((g, p), 0) for p in labels] for g in labels]
    size = max(6.0, len(labels) * 0.22)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=6)
    ax.set_yticks(range(len(labels)), labels, fontsize=6)
    ax.set_xlabel("top-1 prediction")
    ax.set_ylabel("gold condition")
    ax.set_title("Top-1 confusion")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _recall(plt, gold: list[str], correct: list[bool], path: Path) -> None:  # type: ignore[no-untyped-def]
    totals: Counter[str] = Counter(gold)
    hits: Counter[str] = Counter(g for g, ok in zip(gold, correct, strict=True) if ok)
    labels = sorted(totals, key=lambda label: (hits[label] / totals[label], label))
    fig, ax = plt.subplots(figsize=(7, max(4.0, len(labels) * 0.2)))
    ax.barh(labels, [hits[label] / totals[label] for label in labels])
    ax.set_xlim(0, 1)
    ax.set_xlabel("top-1 recall")
    ax.tick_params(axis="y", labelsize=6)
    ax.set_title("Per-condition top-1 recall")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _questions(plt, run: EvaluationRun, codes: dict[str, tuple[str, ...]], path: Path) -> None:  # type: ignore[no-untyped-def]
    """Top-1 accuracy after k questions (a case that stopped earlier keeps its final answer)."""
    longest = max(len(steps) for steps in run.top_after)
    accuracy = []
    for k in range(longest):
        correct = 0
        for case, steps in zip(run.cases, run.top_after, strict=True):
            top = steps[min(k, len(steps) - 1)][0]
            correct += codes_match(codes[top], case.gold_icd10)
        accuracy.append(correct / len(run.cases))
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(range(longest), accuracy, marker="o")
    ax.set_xlabel("questions asked (after age and sex)")
    ax.set_ylabel("top-1 accuracy")
    ax.set_ylim(0, 1)
    ax.set_title("Top-1 accuracy against the number of questions")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _html(run: EvaluationRun) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in run.summary.items()
    )
    misses = "".join(
        f"<tr><td>{html.escape(s.id)}</td><td>{html.escape(', '.join(s.gold_icd10))}</td>"
        f"<td>{html.escape(', '.join(s.predicted))}</td><td>{s.triage}</td><td>{s.gold_triage}</td></tr>"
        for s in run.scores
        if not s.correct_top1 or not s.triage_acceptable
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>anklecheck evaluation</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}}
img{{max-width:100%}}</style></head><body>
<h1>anklecheck evaluation</h1>
<table>{rows}</table>
<h2>Calibration</h2><img src="calibration.png" alt="Calibration curve of the top-1 probability">
<h2>Per-condition recall</h2><img src="recall.png" alt="Top-1 recall for each gold condition">
{QUESTIONS_SECTION if run.top_after else ""}
<h2>Top-1 confusion</h2><img src="confusion.png" alt="Confusion matrix of gold condition against top-1 prediction">
<h2>Cases missed at top-1 or triaged outside the acceptable levels</h2>
<table><tr><th>case</th><th>gold ICD-10</th><th>top 3</th><th>triage</th><th>gold triage</th></tr>{misses}</table>
</body></html>
"""
