"""Fuzzing the free-text intake (hazards H3 and H9): any text gives a result or a clean
`InvalidInputError`, every span points at the words it claims, and the engine assesses whatever
the intake read. A small budget here; benchmarks/fuzz.py runs 100,000 inputs."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anklecheck import Checker
from anklecheck.errors import InvalidInputError
from anklecheck.intake import ParseResult
from anklecheck.kb import load_pack
from tests.strategies import texts

EXAMPLES = int(os.environ.get("ANKLECHECK_FUZZ_EXAMPLES", "150"))
TEXTS = texts(load_pack())


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_any_text_is_read_or_refused_cleanly(checker: Checker, text: str) -> None:
    result = _read(checker, text)
    if isinstance(result, InvalidInputError):  # empty once cleaned, or too long: said so, with a hint
        assert result.field == "text"
        assert result.hint
        return
    for evidence in result.evidence:
        assert evidence.id in checker.findings
        assert evidence.span is not None
        start, end = evidence.span
        assert 0 <= start < end <= len(result.text)
        assert result.text[start:end] == evidence.text
    assessment = checker.assess(text=result)
    assert abs(sum(assessment.probabilities.values()) + assessment.none_probability - 1) < 1e-6


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(10_001, 50_000))
def test_text_over_the_limit_is_refused_before_it_is_read(checker: Checker, size: int) -> None:
    result = _read(checker, "ankle " * (size // 6 + 1))
    assert isinstance(result, InvalidInputError), "an oversized text was read"
    assert "10,000" in result.message


def _read(checker: Checker, text: str) -> ParseResult | InvalidInputError:
    """The result, or the clean error (any other exception fails the test)."""
    try:
        return checker.parse(text)
    except InvalidInputError as error:
        return error
