"""The optional semantic fallback (`embeddings` extra), with the real MiniLM model shipped in its
package. Skipped where the extra is not installed, except where ANKLECHECK_REQUIRE_EMBEDDINGS=1
(`.ci/run` installs the extra and sets it, so CI always runs these)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from anklecheck.engine.checker import Checker
from anklecheck.errors import AnklecheckError
from anklecheck.intake import semantic
from anklecheck.intake.semantic import SemanticMatcher
from anklecheck.settings import Settings

REQUIRED = os.environ.get("ANKLECHECK_REQUIRE_EMBEDDINGS") == "1"
pytestmark = pytest.mark.skipif(
    not REQUIRED and not semantic.available(), reason="the `embeddings` extra is not installed"
)


@pytest.fixture(scope="module")
def checkers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Checker, Checker]:
    if not semantic.available():
        pytest.fail("the `embeddings` extra is not installed (pip install torch==2.13.0 -e '.[dev,embeddings]')")
    cache = tmp_path_factory.mktemp("cache")
    return Checker(), Checker(settings=Settings(semantic=True, cache_dir=cache))


def read(checker: Checker, text: str) -> dict[str, str]:
    return {m.finding: m.status for m in checker.parse(text).mentions}


def test_a_clause_no_phrase_matches_is_matched_by_meaning(checkers: tuple[Checker, Checker]) -> None:
    plain, by_meaning = checkers
    assert "swelling_ankle" not in read(plain, "the ankle looks enormous")
    assert read(by_meaning, "the ankle looks enormous")["swelling_ankle"] == "present"


def test_context_still_comes_from_the_rules(checkers: tuple[Checker, Checker]) -> None:
    _, by_meaning = checkers
    assert read(by_meaning, "the ankle doesn't look enormous")["swelling_ankle"] == "absent"
    assert read(by_meaning, "My foot hurts. My dad says his ankle looks enormous.")["swelling_ankle"] == "other_person"


def test_far_off_clauses_match_nothing(checkers: tuple[Checker, Checker]) -> None:
    _, by_meaning = checkers
    assert read(by_meaning, "the weather was lovely and we had a picnic") == {}


def test_phrase_vectors_are_cached_once_per_pack(checkers: tuple[Checker, Checker]) -> None:
    _, by_meaning = checkers
    by_meaning.parse("the ankle looks enormous")
    cached = list(Path(by_meaning.settings.cache_dir).glob("phrases-*.npy"))
    assert len(cached) == 1


def test_without_the_extra_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "available", lambda: False)
    with pytest.raises(AnklecheckError, match="embeddings") as raised:
        SemanticMatcher([], 0.75)
    assert "pip install" in raised.value.hint
