"""Every performance figure of anklecheck with one command, written as a markdown table.

    .venv/bin/python benchmarks/run_all.py                 # writes benchmarks/RESULTS.md (a few minutes)
    .venv/bin/python benchmarks/run_all.py --quick         # fewer repetitions, shorter load test
    .venv/bin/python benchmarks/run_all.py --fuzz 100000   # also the fuzzing run (about 20 min)

Figures: `assess` on structured evidence, loading and compiling the pack, free-text `parse`,
`next_question` mid-interview, `anklecheck --help` start-up (hyperfine when installed, else
repeated runs), the resident memory of one server worker after warm-up, and the API's
throughput and p99 latency on `POST /v1/diagnosis` (wrk with benchmarks/diagnosis.lua, when wrk is
installed: `apt-get install -y wrk`), and the web result page request.
Each row says how it was measured; the header says on what machine and under what load, since
the figures on a shared machine move with it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = REPO / "benchmarks" / "RESULTS.md"
sys.path.insert(0, str(REPO / "benchmarks"))  # the inputs the pytest benchmarks time, shared
from test_bench_engine import TEXT, TYPICAL, mid_interview  # noqa: E402


@dataclass(frozen=True)
class Row:
    figure: str
    value: str
    target: str
    how: str
    met: bool | None = None  # None: no target, or not measured

    def cells(self) -> str:
        mark = {True: "yes", False: "**no**", None: "–"}[self.met]
        return f"| {self.figure} | {self.value} | {self.target} | {mark} | {self.how} |"


def timings(call: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call, sorted."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))]


def timed_row(figure: str, times: list[float], target_ms: float, how: str) -> Row:
    median = statistics.median(times)
    value = f"median {median:.2f} ms, p90 {percentile(times, 0.9):.2f} ms"
    return Row(figure, value, f"median ≤ {target_ms:g} ms", how, median <= target_ms)


# -- the core, in process -------------------------------------------------------------------------


def core_rows(repeat: int) -> list[Row]:
    from anklecheck import Checker
    from anklecheck.engine.interview import Interviewer
    from anklecheck.kb import compile_model, load_pack

    load = timings(lambda: compile_model(load_pack()), max(3, repeat // 50))
    checker = Checker()
    assess = timings(lambda: checker.assess(TYPICAL, age=45, sex="male"), repeat)
    checker.parse(TEXT)  # the first call loads spaCy and medspaCy
    parse = timings(lambda: checker.parse(TEXT), max(20, repeat // 5))
    interviewer = Interviewer(checker)
    state = mid_interview()
    question = timings(lambda: interviewer.next_question(state), max(20, repeat // 5))
    return [
        timed_row("assess (structured evidence)", assess, 1, f"`Checker.assess`, 9 findings, {len(assess)} calls"),
        timed_row("load and compile the pack", load, 300, f"`compile_model(load_pack())`, {len(load)} runs"),
        timed_row("parse free text", parse, 20, f"`Checker.parse`, a 2-sentence complaint, {len(parse)} calls"),
        timed_row("next question", question, 5, f"`Interviewer.next_question` mid-interview, {len(question)} calls"),
    ]


# -- the command line -------------------------------------------------------------------------------


def cli_row(runs: int) -> Row:
    command = [str(BIN / "anklecheck"), "--help"]
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(
                ["hyperfine", "--warmup", "2", "--runs", str(runs), "--export-json", out.name, " ".join(command)],
                check=True,
                capture_output=True,
            )
            times = sorted(1000 * t for t in json.loads(Path(out.name).read_text())["results"][0]["times"])
        how = f"hyperfine, {runs} runs after 2 warm-ups"
    else:
        for _ in range(2):  # warm the file cache
            subprocess.run(command, check=True, capture_output=True)
        times = timings(lambda: subprocess.run(command, check=True, capture_output=True), runs)
        how = f"{runs} runs of the process after 2 warm-ups (hyperfine not installed)"
    median = statistics.median(times)
    value = f"median {median:.0f} ms, min {times[0]:.0f} ms"
    return Row("`anklecheck --help` start-up", value, "≤ 300 ms", how, median <= 300)


# -- the server -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(workers: int, folder: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`anklecheck serve` on a free port and a SQLite file, until the block ends."""
    port = free_port()
    env = {**os.environ, "ANKLECHECK_DATABASE_URL": f"sqlite:///{folder / f'bench-{port}.db'}"}
    command = [str(BIN / "anklecheck"), "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/v1/findings", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer within 90 s")


def post(base: str, path: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(base + path, json.dumps(body).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        data: dict[str, object] = json.loads(response.read() or b"{}")
        return data


def warm_up(base: str) -> None:
    """Every part of a worker used once: the intake, the interview, a stored session, the FHIR export."""
    evidence = [{"id": f, "choice_id": "present" if v else "absent"} for f, v in TYPICAL.items()]
    post(base, "/v1/parse", {"text": TEXT})
    for age in range(20, 80, 5):
        post(base, "/v1/diagnosis", {"age": age, "sex": "female", "evidence": evidence})
    session = post(base, "/v1/sessions", {"age": 45, "sex": "male", "evidence": evidence, "text": TEXT})
    with urllib.request.urlopen(f"{base}/v1/sessions/{session['id']}/fhir", timeout=30) as response:
        response.read()


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match[1]) / 1024 if match else float("nan")


def memory_row(folder: Path) -> Row:
    with server(1, folder) as (base, process):
        warm_up(base)
        megabytes = rss_mb(process.pid)
    how = "`anklecheck serve --workers 1`, resident set (VmRSS) after parse, 12 steps, a session and its FHIR export"
    return Row("memory of one server worker", f"{megabytes:.0f} MB", "–", how)


def api_rows(folder: Path, seconds: int, workers: int, runs: int = 3) -> list[Row]:
    """`runs` wrk runs on one server; the table gives the median run, and lists every run, since
    one run disturbed by another job on a shared machine says little."""
    if shutil.which("wrk") is None:
        note = "skipped: wrk is not installed (`apt-get install -y wrk`)"
        return [Row("API throughput", note, "–", "–"), Row("API p99 latency", note, "≤ 50 ms", "–")]
    script = REPO / "benchmarks" / "diagnosis.lua"
    measured = []
    with server(workers, folder) as (base, _process):
        warm_up(base)
        command = ["wrk", "-t1", "-c16", f"-d{seconds}s", "--latency", "-s", str(script), f"{base}/v1/diagnosis"]
        for _ in range(runs):
            measured.append(_wrk(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
    rates = sorted(rate for rate, _, _ in measured)
    p99s = sorted(p99 for _, _, p99 in measured)
    rate, p99 = statistics.median(rates), statistics.median(p99s)
    p50 = statistics.median(p50 for _, p50, _ in measured)
    how = f"`wrk -t1 -c16 -d{seconds}s -s benchmarks/diagnosis.lua`, `serve --workers {workers}`, loopback, {runs} runs"
    every_rate = " / ".join(f"{r:,.0f}" for r in rates)
    every_p99 = " / ".join(f"{p:.0f}" for p in p99s)
    return [
        Row(
            "API throughput (`POST /v1/diagnosis`)",
            f"median run {rate:,.0f} req/s (runs: {every_rate}), median latency {p50:.1f} ms",
            "–",
            how,
        ),
        Row(
            "API p99 latency (`POST /v1/diagnosis`)",
            f"median run {p99:.0f} ms (runs: {every_p99} ms)",
            "≤ 50 ms",
            how,
            p99 <= 50,
        ),
    ]


def _wrk(out: str) -> tuple[float, float, float]:
    """Requests per second, median and 99th percentile latency (ms) from wrk's --latency output."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    p50, p99 = (_ms(re.search(rf"^\s+{q}%\s+([\d.]+\w+)", out, re.M)[1]) for q in (50, 99))  # type: ignore[index]
    return rate, p50, p99


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# -- fuzzing (optional) -------------------------------------------------------------------------------


def fuzz_row(inputs: int) -> Row:
    command = [sys.executable, str(REPO / "benchmarks" / "fuzz.py"), "--inputs", str(inputs)]
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    total = re.search(r"^total\s+([\d,]+)\s+(\d+)", result.stdout, re.M)
    value = f"{total[1]} inputs, {total[2]} crashes" if total else f"failed: {result.stderr[-200:]}"
    how = f"benchmarks/fuzz.py --inputs {inputs} ({time.monotonic() - start:.0f} s)"
    return Row("fuzzing: intake, payload models, ASGI app", value, "0 crashes", how, result.returncode == 0)


# -- the report -------------------------------------------------------------------------------------


def machine() -> str:
    load = os.getloadavg()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit.stdout.strip() or '?'}, "
        f"{os.cpu_count()} CPUs, load average {load[0]:.1f} at the start, Python {sys.version.split()[0]}"
    )


def write(rows: list[Row], header: str, load_after: float) -> str:
    lines = [
        "# Performance figures",
        "",
        "Written by `.venv/bin/python benchmarks/run_all.py` (all figures with one command; see its",
        "docstring). Do not edit by hand: run it again.",
        "",
        f"Measured {header}; load average {load_after:.1f} at the end. On a shared machine the",
        "figures move with the load: compare runs made under the same load.",
        "",
        "| figure | value | target | met | how |",
        "|---|---|---|---|---|",
        *(row.cells() for row in rows),
        "",
    ]
    return "\n".join(lines)


def page_row(folder: Path, repeat: int) -> Row:
    """The whole result-page request in process, as benchmarks/test_bench_web.py times it."""
    from fastapi.testclient import TestClient
    from test_bench_web import _finished

    from anklecheck import Checker, Settings
    from anklecheck.api.app import create_app
    from anklecheck.api.service import Service

    service = Service(Settings(database_url=f"sqlite:///{folder / 'page.db'}"), Checker())
    session = _finished(service)
    with TestClient(create_app(service)) as client:
        url = f"/check/{session}/result"
        client.get(url)  # warm: the step cache, the templates
        times = timings(lambda: client.get(url), repeat)
    service.close()
    how = f"`GET /check/{{id}}/result` in process (SQLite read, replay, assessment, render), {len(times)} calls"
    return timed_row("web result page", times, 30, how)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a 5 s load test")
    parser.add_argument("--fuzz", type=int, default=0, help="also run benchmarks/fuzz.py with this many inputs")
    parser.add_argument("--workers", type=int, default=2, help="server workers for the load test (default 2)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    header = machine()
    repeat = 200 if args.quick else 1000
    folder = Path(tempfile.mkdtemp(prefix="anklecheck-bench-"))
    rows = core_rows(repeat)
    rows.append(cli_row(10 if args.quick else 30))
    rows.append(memory_row(folder))
    rows.extend(api_rows(folder, 5 if args.quick else 10, args.workers))
    rows.append(page_row(folder, max(20, repeat // 5)))
    if args.fuzz:
        rows.append(fuzz_row(args.fuzz))
    text = write(rows, header, os.getloadavg()[0])
    args.output.write_text(text, encoding="utf-8")
    print(text)
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
