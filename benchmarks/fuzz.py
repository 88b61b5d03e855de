"""Fuzz the free-text intake, the API's payload models and the ASGI app with 100,000 inputs, and
print how many crashed (issue 7; hazard H9 in docs/safety/hazard-log.md).

    .venv/bin/python benchmarks/fuzz.py                      # 100,000 inputs (about 20 min on 2 cores)
    .venv/bin/python benchmarks/fuzz.py --inputs 3000        # a quick look
    .venv/bin/python benchmarks/fuzz.py --engine atheris     # coverage-guided intake (pip install atheris)

A crash is any exception other than the clean ones (`InvalidInputError` from the intake, a
pydantic `ValidationError` or a 4xx `AnklecheckError` from the payloads), or, from the app, a
status that is not documented or an error outside the one error shape. The inputs come from the
strategies the CI tests use (tests/strategies.py), here with a large budget and no shrinking.
Exit code 1 when anything crashed; the first crashes are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the shared strategies live in tests/

SHARES = {"intake": 0.3, "models": 0.5, "app": 0.2}  # measured: intake ≈ 6 ms an input, models ≈ 11 ms, app ≈ 19 ms
KEEP = 5  # crashes printed per target


@dataclass
class Tally:
    name: str
    inputs: int = 0
    crashes: int = 0
    examples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def crash(self, given: object, detail: str) -> None:
        self.crashes += 1
        if len(self.examples) < KEEP:
            self.examples.append(f"{given!r:.300}\n    {detail}")


def run(tally: Tally, count: int, strategy: Any, target: Callable[[Any], str | None], seed: int) -> None:
    """Draw `count` inputs and hand each to the target; its exceptions are crashes, as is any
    problem it returns. Generation only: no shrinking, no example database."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fix_seed

    @fix_seed(seed)
    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def each(value: Any) -> None:
        tally.inputs += 1
        try:
            problem = target(value)
        except Exception as exc:
            tally.crash(value, "".join(traceback.format_exception_only(exc)).strip())
            return
        if problem:
            tally.crash(value, problem)

    start = time.perf_counter()
    each()
    tally.seconds += time.perf_counter() - start


# -- targets ---------------------------------------------------------------------------------


def intake_target(checker: Any) -> Callable[[str], str | None]:
    from anklecheck.errors import InvalidInputError

    def target(text: str) -> str | None:
        try:
            result = checker.parse(text)
        except InvalidInputError:
            return None
        for evidence in result.evidence:
            start, end = evidence.span
            if result.text[start:end] != evidence.text:
                return f"span {evidence.span} is {result.text[start:end]!r}, not {evidence.text!r}"
        return None

    return target


def models_target(service: Any) -> Callable[[tuple[str, dict[str, Any]]], str | None]:
    """Each body validated by an endpoint's request model, then, when valid, handed to the
    service as the endpoint would hand it."""
    from pydantic import ValidationError

    from anklecheck.api import models
    from anklecheck.api.errors import classify
    from anklecheck.errors import AnklecheckError

    calls: dict[str, tuple[type[Any], Callable[[Any], object]]] = {
        "parse": (models.ParseRequest, lambda body: service.parse(body.text)),
        "diagnosis": (models.DiagnosisRequest, service.diagnosis),
        "triage": (models.Case, service.triage),
        "explain": (models.ExplainRequest, lambda body: service.explain(body, body.target)),
        "session": (models.SessionCreate, service.case_findings),
        "answer": (models.AnswerRequest, lambda body: None),
        "followup": (models.FollowupRequest, lambda body: service.findings(body.evidence)),
        "feedback": (models.FeedbackRequest, lambda body: None),
    }

    def target(pair: tuple[str, dict[str, Any]]) -> str | None:
        name, raw = pair
        model, call = calls[name]
        try:
            call(model.model_validate(raw))
        except ValidationError:
            return None
        except AnklecheckError as error:
            status, code = classify(error)
            return None if status < 500 else f"{type(error).__name__} became a {status} {code}: {error}"
        return None

    target.names = sorted(calls)  # type: ignore[attr-defined]
    return target


def app_target(client: Any, fresh_session: Callable[[], str]) -> Callable[[tuple[Any, ...]], str | None]:
    from tests.strategies import problem_with, send

    state = {"calls": 0, "session": fresh_session()}

    def target(request: tuple[Any, ...]) -> str | None:
        state["calls"] += 1
        if state["calls"] % 200 == 0:  # a session replays all its events on every request: keep them few
            state["session"] = fresh_session()
        (method, path), use_stored, other_id, body = request
        session_id = state["session"] if use_stored else other_id
        return problem_with(send(client, method, path, session_id, body))

    return target


# -- running ----------------------------------------------------------------------------------


def counts(total: int) -> dict[str, int]:
    split = {name: int(total * share) for name, share in SHARES.items()}
    split["models"] += total - sum(split.values())
    return split


def hypothesis_run(total: int, seed: int) -> list[Tally]:
    from fastapi.testclient import TestClient
    from hypothesis import strategies as st
    from tests.strategies import ENDPOINTS, JSON, bodies, texts

    from anklecheck import Checker, Settings
    from anklecheck.api.app import create_app
    from anklecheck.api.service import Service

    checker = Checker()
    checker.parse("warm up the intake")
    pack = checker.pack
    near = bodies(pack) | st.dictionaries(st.text(max_size=12), JSON, max_size=6)
    split = counts(total)
    tallies = {name: Tally(name) for name in split}

    run(tallies["intake"], split["intake"], texts(pack), intake_target(checker), seed)

    folder = Path(tempfile.mkdtemp(prefix="anklecheck-fuzz-"))
    service = Service(Settings(database_url=f"sqlite:///{folder / 'fuzz.db'}"), checker)
    target = models_target(service)
    run(tallies["models"], split["models"], st.tuples(st.sampled_from(target.names), near), target, seed)  # type: ignore[attr-defined]

    with TestClient(create_app(service, purge_on_start=False), raise_server_exceptions=False) as client:

        def fresh_session() -> str:
            session_id: str = client.post("/v1/sessions", json={"age": 40, "sex": "female"}).json()["id"]
            return session_id

        requests = st.tuples(st.sampled_from(ENDPOINTS), st.booleans(), st.text(max_size=70), near)
        run(tallies["app"], split["app"], requests, app_target(client, fresh_session), seed)
    service.close()
    return list(tallies.values())


def atheris_run(total: int) -> list[Tally]:
    """Coverage-guided fuzzing of the intake alone. libFuzzer prints its own summary and ends the
    process itself: at the first crash, with the input and exit code 1; else with 0 after `total`."""
    import atheris

    with atheris.instrument_imports(include=["anklecheck"]):
        # Every module the intake runs, imported here: only what is imported inside is instrumented.
        import anklecheck.intake.context
        import anklecheck.intake.lexicon
        import anklecheck.intake.numbers
        import anklecheck.intake.parser  # noqa: F401
        from anklecheck import Checker
        from anklecheck.errors import InvalidInputError

    checker = Checker()
    tally = Tally("intake (atheris)")

    def one(data: bytes) -> None:
        tally.inputs += 1
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(4000)
        with contextlib.suppress(InvalidInputError):
            checker.parse(text)

    start = time.perf_counter()
    # len_control=0: long inputs from the start (libFuzzer otherwise grows them slowly from a few bytes).
    atheris.Setup([sys.argv[0], f"-runs={total}", "-max_len=8000", "-len_control=0"], one)
    with contextlib.suppress(SystemExit):
        atheris.Fuzz()
    tally.seconds = time.perf_counter() - start  # reached only where libFuzzer returns
    return [tally]


def report(tallies: list[Tally]) -> int:
    print(f"{'target':<18} {'inputs':>9} {'crashes':>8} {'seconds':>8} {'ms/input':>9}")
    for t in tallies:
        per = 1000 * t.seconds / t.inputs if t.inputs else 0.0
        print(f"{t.name:<18} {t.inputs:>9,} {t.crashes:>8} {t.seconds:>8.1f} {per:>9.2f}")
    inputs, crashes = sum(t.inputs for t in tallies), sum(t.crashes for t in tallies)
    print(f"{'total':<18} {inputs:>9,} {crashes:>8}")
    for t in tallies:
        for example in t.examples:
            print(f"\n[{t.name}] {example}", file=sys.stderr)
    return 1 if crashes else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs in all (default 100,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engine", choices=["hypothesis", "atheris"], default="hypothesis")
    args = parser.parse_args()
    tallies = atheris_run(args.inputs) if args.engine == "atheris" else hypothesis_run(args.inputs, args.seed)
    return report(tallies)


if __name__ == "__main__":
    sys.exit(main())
