"""Evaluation: vignette cases, scoring and the HTML report of `anklecheck eval`."""

from anklecheck.evaluation.cases import EvalCase, load_cases
from anklecheck.evaluation.metrics import codes_match, score_case, summarise
from anklecheck.evaluation.runner import EvaluationRun, evaluate

__all__ = ["EvalCase", "EvaluationRun", "codes_match", "evaluate", "load_cases", "score_case", "summarise"]
