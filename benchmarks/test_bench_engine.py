"""Speed of the core (pytest-benchmark).

Run: .venv/bin/python -m pytest benchmarks --benchmark-enable --benchmark-only
Targets (issue 2): `assess` on structured evidence median <= 1 ms; loading and compiling the
pack <= 300 ms. In the normal test run benchmarks are disabled and each body runs once.
"""

from __future__ import annotations

from pytest_benchmark.fixture import BenchmarkFixture

from anklecheck import Checker
from anklecheck.engine.interview import AGE, MAIN_COMPLAINT, SEX, Interviewer, InterviewState
from anklecheck.kb import compile_model, load_pack

TYPICAL = {
    "pain_back_of_ankle": True,
    "gradual_onset": True,
    "pain_first_steps_morning": True,
    "pain_eases_with_warm_up": True,
    "training_increase": True,
    "achilles_tender_thickened": True,
    "felt_pop_or_snap": False,
    "swelling_ankle": False,
    "fever": False,
}
# A complaint as people write it (issue 4's example).
TEXT = (
    "Ran 10k yesterday and today the back of my right heel is sore and stiff, worse in the morning. "
    "No swelling, no bruising, I didn't twist it. I'm 45 and have been running for years."
)


def mid_interview() -> InterviewState:
    """Past the opening questions, the pain's place known."""
    return (
        InterviewState()
        .answer(AGE, 38)
        .answer(SEX, "female")
        .answer(MAIN_COMPLAINT, ("complaint_pain",))
        .answer("warning_signs", ())
        .answer("pain_location", ("pain_under_heel",))
    )


def test_assess_structured(benchmark: BenchmarkFixture) -> None:
    checker = Checker()
    result = benchmark(checker.assess, TYPICAL, age=45, sex="male")
    assert result.conditions[0].id == "achilles_tendinopathy"


def test_load_and_compile_pack(benchmark: BenchmarkFixture) -> None:
    model = benchmark.pedantic(lambda: compile_model(load_pack()), rounds=10, iterations=1)
    assert len(model.condition_ids) >= 49


def test_next_question(benchmark: BenchmarkFixture) -> None:
    """Issue 3 target: median <= 5 ms, mid-interview."""
    interviewer = Interviewer(Checker())
    state = mid_interview()
    question = benchmark(interviewer.next_question, state)
    assert question is not None
    assert question.id not in state.asked


def test_parse_free_text(benchmark: BenchmarkFixture) -> None:
    """Issue 4 target: median <= 20 ms per complaint, without the embedding model."""
    checker = Checker()
    checker.parse(TEXT)  # the first call loads spaCy and medspaCy
    result = benchmark(checker.parse, TEXT)
    assert result.evidence
