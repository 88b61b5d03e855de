"""Rule conditions: the small expression language of ``when:`` in rules/*.yaml.

An expression is a finding id (true when that finding is present), ``{all: [...]}``,
``{any: [...]}``, ``{not: expr}``, ``{age_min: N}`` (age at least N), ``{age_max: N}`` (age
below N) or ``{sex: female|male}``. Parsing reports every problem with its path instead of
stopping at the first.
"""

from __future__ import annotations

import itertools
from collections.abc import Set
from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """What an expression is evaluated against."""

    present: Set[str]
    age: int | None = None
    sex: str | None = None


@dataclass(frozen=True)
class Has:
    finding: str

    def __call__(self, ctx: Context) -> bool:
        return self.finding in ctx.present


@dataclass(frozen=True)
class All:
    parts: tuple[Expression, ...]

    def __call__(self, ctx: Context) -> bool:
        return all(part(ctx) for part in self.parts)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Expression, ...]

    def __call__(self, ctx: Context) -> bool:
        return any(part(ctx) for part in self.parts)


@dataclass(frozen=True)
class Not:
    part: Expression

    def __call__(self, ctx: Context) -> bool:
        return not self.part(ctx)


@dataclass(frozen=True)
class AgeAtLeast:
    years: int

    def __call__(self, ctx: Context) -> bool:
        # An unknown age never satisfies an age condition: rules that need an age stay silent.
        return ctx.age is not None and ctx.age >= self.years


@dataclass(frozen=True)
class AgeBelow:
    years: int

    def __call__(self, ctx: Context) -> bool:
        return ctx.age is not None and ctx.age < self.years


@dataclass(frozen=True)
class SexIs:
    sex: str

    def __call__(self, ctx: Context) -> bool:
        return ctx.sex == self.sex


Expression = Has | All | AnyOf | Not | AgeAtLeast | AgeBelow | SexIs


def findings_in(expr: Expression) -> set[str]:
    """Every finding id an expression mentions."""
    if isinstance(expr, Has):
        return {expr.finding}
    if isinstance(expr, (All, AnyOf)):
        return set().union(*(findings_in(part) for part in expr.parts))
    if isinstance(expr, Not):
        return findings_in(expr.part)
    return set()


def positive_findings(expr: Expression) -> set[str]:
    """The finding ids whose presence can make the expression true (those not under a `not`)."""
    if isinstance(expr, Has):
        return {expr.finding}
    if isinstance(expr, (All, AnyOf)):
        return set().union(*(positive_findings(part) for part in expr.parts))
    return set()


def required_findings(expr: Expression) -> frozenset[str]:
    """Findings that must all be present for the expression to be true (a cheap pre-check)."""
    if isinstance(expr, Has):
        return frozenset({expr.finding})
    if isinstance(expr, All):
        return frozenset().union(*(required_findings(part) for part in expr.parts))
    if isinstance(expr, AnyOf):
        return frozenset.intersection(*(required_findings(part) for part in expr.parts))
    return frozenset()


@dataclass(frozen=True)
class Term:
    """One way for an expression to be true: these findings present, those not, and the age and
    sex checks passing. An expression is true exactly when one of its terms holds."""

    needs: frozenset[str]
    excludes: frozenset[str]
    checks: tuple[Expression, ...]  # age and sex conditions, some under a `not`

    def allows(self, ctx: Context) -> bool:
        """Everything but the needed findings holds: nothing excluded is present, the checks pass."""
        return self.excludes.isdisjoint(ctx.present) and all(check(ctx) for check in self.checks)

    def holds(self, ctx: Context) -> bool:
        return self.needs <= ctx.present and self.allows(ctx)

    def size(self) -> tuple[int, list[str], list[str], list[str]]:
        """Sort key: smaller terms first, then a fixed order (so absorption only looks back, and
        every process lists the terms alike)."""
        total = len(self.needs) + len(self.excludes) + len(self.checks)
        return (total, sorted(self.needs), sorted(self.excludes), sorted(map(repr, self.checks)))

    def absorbs(self, other: Term) -> bool:
        """Whenever ``other`` holds, so does this term (it asks for no more)."""
        return self.needs <= other.needs and self.excludes <= other.excludes and set(self.checks) <= set(other.checks)


def terms(expr: Expression) -> tuple[Term, ...]:
    """The expression in disjunctive normal form, so that "which findings would make it true"
    is a set difference rather than a search (the interview asks this for every rule). Terms
    implied by a smaller one are dropped (absorption: "a or (a and b)" is "a")."""
    kept: list[Term] = []
    for term in sorted(set(_terms(expr, negated=False)), key=Term.size):
        if not any(smaller.absorbs(term) for smaller in kept):
            kept.append(term)
    return tuple(kept)


def _terms(expr: Expression, negated: bool) -> tuple[Term, ...]:
    if isinstance(expr, Has):
        finding = frozenset({expr.finding})
        return (Term(frozenset(), finding, ()) if negated else Term(finding, frozenset(), ()),)
    if isinstance(expr, Not):
        return _terms(expr.part, not negated)
    if isinstance(expr, (All, AnyOf)):
        parts = [_terms(part, negated) for part in expr.parts]
        if isinstance(expr, All) != negated:  # a conjunction (De Morgan for a negated disjunction)
            return tuple(_merge(combination) for combination in itertools.product(*parts))
        return tuple(term for part in parts for term in part)
    return (Term(frozenset(), frozenset(), (Not(expr) if negated else expr,)),)


def _merge(terms: tuple[Term, ...]) -> Term:
    return Term(
        frozenset().union(*(t.needs for t in terms)),
        frozenset().union(*(t.excludes for t in terms)),
        tuple(check for t in terms for check in t.checks),
    )


def parse(raw: object, path: str, problems: list[tuple[str, str]]) -> Expression | None:
    """Turn the YAML of a ``when:`` into an expression; append (path, message) problems."""
    if isinstance(raw, str):
        return Has(raw)
    if not isinstance(raw, dict) or len(raw) != 1:
        problems.append(
            (path, f"{raw!r} is not an expression (a finding id or one of all/any/not/age_min/age_max/sex)")
        )
        return None
    ((key, value),) = raw.items()
    here = f"{path}.{key}"
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            problems.append((here, "must be a non-empty list of expressions"))
            return None
        parts = [parse(item, f"{here}[{i}]", problems) for i, item in enumerate(value)]
        if any(part is None for part in parts):
            return None
        kept = tuple(part for part in parts if part is not None)
        return All(kept) if key == "all" else AnyOf(kept)
    if key == "not":
        inner = parse(value, here, problems)
        return Not(inner) if inner is not None else None
    if key in ("age_min", "age_max"):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 130:
            problems.append((here, f"{value!r} is not an age in years"))
            return None
        return AgeAtLeast(value) if key == "age_min" else AgeBelow(value)
    if key == "sex":
        if value not in ("female", "male"):
            problems.append((here, f"{value!r} is not female or male"))
            return None
        return SexIs(value)
    problems.append((path, f"unknown operator {key!r} (use all, any, not, age_min, age_max or sex)"))
    return None
