"""The clinical safety case (docs/safety/) holds together: every hazard names tests that exist,
the hazards the issue requires are there, and every risk follows from the risk matrix."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache

import pytest

from .conftest import REPO

SAFETY = REPO / "docs" / "safety"
FIELDS = (
    "Hazard",
    "Cause",
    "Effect",
    "Severity",
    "Likelihood",
    "Initial risk",
    "Mitigation",
    "Tests",
    "Residual likelihood",
    "Residual risk",
)
SEVERITY = {1: "Minor", 2: "Significant", 3: "Considerable", 4: "Major", 5: "Catastrophic"}
LIKELIHOOD = {1: "Very low", 2: "Low", 3: "Medium", 4: "High", 5: "Very high"}
RISK = {1: "Very low", 2: "Low", 3: "Medium", 4: "High", 5: "Very high"}
# The hazards the issue names, each by words its title must contain.
REQUIRED = {
    "missed emergencies": "missed emergency",
    "wrong self-care advice": "wrong self-care advice",
    "misread free text": "misread free text",
    "stale knowledge": "stale knowledge",
    "lost sessions": "lost",
    "misuse by children": "children",
}
TEST_ID = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    fields: dict[str, str]


def hazards() -> list[Hazard]:
    text = (SAFETY / "hazard-log.md").read_text(encoding="utf-8")
    found = []
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        heading, _, body = block.partition("\n")
        number, _, title = heading.partition(": ")
        rows = re.findall(r"^\| ([^|]+?) \| (.+) \|$", body, re.M)
        found.append(Hazard(number.strip(), title.strip(), {k: v for k, v in rows if k not in ("field", "---")}))
    return found


@cache
def defined_tests(path: str) -> frozenset[str]:
    file = REPO / path
    if not file.is_file():
        return frozenset()
    tree = ast.parse(file.read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    )


def rating(value: str, scale: dict[int, str]) -> int:
    match = re.fullmatch(r"([1-5]) (.+)", value)
    assert match, f"{value!r} is not 'N Name'"
    number = int(match[1])
    assert scale[number] == match[2], f"{value!r}: {number} is {scale[number]!r}"
    return number


def matrix() -> dict[tuple[int, int], int]:
    """(likelihood, severity) -> risk, read from the README so the two cannot disagree."""
    text = (SAFETY / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \*\*([1-5]) [A-Za-z ]+\*\* \| (.+) \|$", text, re.M)
    assert len(rows) == 5
    return {
        (int(likelihood), severity): int(cell)
        for likelihood, cells in rows
        for severity, cell in enumerate(cells.split(" | "), start=1)
    }


def test_the_log_has_hazards_with_unique_ids() -> None:
    ids = [h.id for h in hazards()]
    assert len(ids) >= 10
    assert all(re.fullmatch(r"H\d+", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_every_required_hazard_is_in_the_log() -> None:
    titles = [h.title.lower() for h in hazards()]
    missing = [name for name, words in REQUIRED.items() if not any(words in t for t in titles)]
    assert missing == []


@pytest.mark.parametrize("hazard", hazards(), ids=lambda h: h.id)
def test_every_hazard_has_every_field(hazard: Hazard) -> None:
    missing = [f for f in FIELDS if not hazard.fields.get(f, "").strip()]
    assert missing == []


@pytest.mark.parametrize("hazard", hazards(), ids=lambda h: h.id)
def test_every_hazard_names_tests_that_exist(hazard: Hazard) -> None:
    named = TEST_ID.findall(hazard.fields["Tests"])
    assert named, f"{hazard.id} names no test"
    absent = [f"{path}::{name}" for path, name in named if name not in defined_tests(path)]
    assert absent == []


@pytest.mark.parametrize("hazard", hazards(), ids=lambda h: h.id)
def test_every_risk_follows_from_the_matrix(hazard: Hazard) -> None:
    risks = matrix()
    severity = rating(hazard.fields["Severity"], SEVERITY)
    initial = rating(hazard.fields["Likelihood"], LIKELIHOOD)
    residual = rating(hazard.fields["Residual likelihood"], LIKELIHOOD)
    assert rating(hazard.fields["Initial risk"], RISK) == risks[initial, severity]
    assert rating(hazard.fields["Residual risk"], RISK) == risks[residual, severity]
    assert residual <= initial, "a mitigation cannot make harm more likely"
    assert risks[residual, severity] <= 3, "a residual risk of 4 or 5 is unacceptable"
    if risks[residual, severity] == 3:  # undesirable: accepted only with an open action
        assert hazard.fields.get("Open actions"), f"{hazard.id}: a Medium residual risk needs an open action"


def test_a_missing_test_would_be_noticed() -> None:
    # The check above must be able to fail: a made-up name is not found.
    assert "test_does_not_exist" not in defined_tests("tests/engine/test_properties.py")
    assert "test_probabilities_sum_to_one" in defined_tests("tests/engine/test_properties.py")
    assert defined_tests("tests/no_such_file.py") == frozenset()
