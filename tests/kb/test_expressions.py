"""Rule expressions: the disjunctive normal form the interview reasons with is the expression."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from anklecheck.kb import load_pack
from anklecheck.kb.expressions import AgeAtLeast, All, AnyOf, Context, Has, Not, SexIs, findings_in, terms
from anklecheck.kb.loader import CompiledRule

RULES = load_pack().rules


@settings(max_examples=300, deadline=None)
@given(
    rule=st.sampled_from(RULES),
    data=st.data(),
    age=st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
    sex=st.sampled_from([None, "female", "male"]),
)
def test_a_rule_holds_exactly_when_one_of_its_terms_holds(
    rule: CompiledRule, data: st.DataObject, age: int | None, sex: str | None
) -> None:
    mentioned = sorted(findings_in(rule.expression))
    present = data.draw(st.sets(st.sampled_from(mentioned))) if mentioned else set()
    ctx = Context(frozenset(present), age, sex)
    assert rule.expression(ctx) == any(term.holds(ctx) for term in rule.terms)


def test_negation_is_pushed_down_to_findings_and_checks() -> None:
    expr = All((Has("a"), Not(AnyOf((Has("b"), All((Has("c"), AgeAtLeast(50))))))))
    for present in ({"a"}, {"a", "b"}, {"a", "c"}, {"a", "c", "b"}, set()):
        for age in (None, 30, 60):
            ctx = Context(frozenset(present), age, "female")
            assert expr(ctx) == any(term.holds(ctx) for term in terms(expr))
    assert all(term.needs == {"a"} and "b" in term.excludes for term in terms(expr))


def test_checks_on_age_and_sex_stay_with_their_term() -> None:
    (term,) = terms(All((Has("a"), SexIs("female"))))
    assert term.needs == {"a"}
    assert term.allows(Context(frozenset(), None, "female"))
    assert not term.allows(Context(frozenset(), None, "male"))
