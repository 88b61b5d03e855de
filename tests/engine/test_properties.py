"""Invariants of the engine, checked with hypothesis over the real pack."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anklecheck import Checker
from anklecheck.kb import load_pack

CHECKER = Checker(load_pack())
FINDINGS = sorted(CHECKER.findings)
RED_FLAG_FINDINGS = sorted(CHECKER.pack.red_flag_findings)

evidence = st.dictionaries(st.sampled_from(FINDINGS), st.booleans(), max_size=12)
ages = st.one_of(st.none(), st.integers(min_value=0, max_value=120))
sexes = st.sampled_from([None, "female", "male"])
common = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(evidence, ages, sexes)
def test_probabilities_sum_to_one(answers: dict[str, bool], age: int | None, sex: str | None) -> None:
    result = CHECKER.assess(answers, age=age, sex=sex)
    total = sum(result.probabilities.values()) + result.none_probability
    assert abs(total - 1.0) < 1e-9
    assert all(0.0 <= p <= 1.0 for p in result.probabilities.values())


@common
@given(evidence, st.randoms(use_true_random=False))
def test_order_of_evidence_does_not_matter(answers: dict[str, bool], random) -> None:  # type: ignore[no-untyped-def]
    items = list(answers.items())
    random.shuffle(items)
    first = CHECKER.assess(answers)
    second = CHECKER.assess(dict(items))
    assert first.probabilities == second.probabilities
    assert first.triage == second.triage


@common
@given(evidence, st.lists(st.sampled_from(FINDINGS), max_size=6))
def test_unknown_changes_nothing(answers: dict[str, bool], unknown: list[str]) -> None:
    with_unknown: dict[str, bool | None] = {**dict.fromkeys(unknown), **answers}
    before, after = CHECKER.assess(answers), CHECKER.assess(with_unknown)
    np.testing.assert_allclose(list(before.probabilities.values()), list(after.probabilities.values()))
    assert before.triage.level == after.triage.level


@common
@given(evidence, st.sampled_from(RED_FLAG_FINDINGS), ages, sexes)
def test_adding_a_red_flag_finding_never_lowers_urgency(
    answers: dict[str, bool], red_flag: str, age: int | None, sex: str | None
) -> None:
    answers = {k: v for k, v in answers.items() if k != red_flag}
    before = CHECKER.assess(answers, age=age, sex=sex).triage.level
    after = CHECKER.assess({**answers, red_flag: True}, age=age, sex=sex).triage.level
    assert after >= before


@common
@given(evidence, ages, sexes)
def test_urgent_triage_never_offers_a_home_plan(answers: dict[str, bool], age: int | None, sex: str | None) -> None:
    result = CHECKER.assess(answers, age=age, sex=sex)
    if result.triage.urgent:
        assert result.advice.plan == ()
        assert result.advice.while_you_wait
