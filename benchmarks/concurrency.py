"""Concurrency check (loopback only): `anklecheck serve --workers 2` on PostgreSQL, many sessions
answering questions at once, one worker killed (SIGKILL) mid-run and restarted by uvicorn.

Every answer carries its sequence number and is retried until acknowledged, as a client on a
flaky network would. At the end each session's stored answers must be exactly the answers the
client sent, in order: none lost, none duplicated.

    .venv/bin/python benchmarks/concurrency.py [--sessions 1000] [--answers 6] [--database-url URL]

Without --database-url it starts a throwaway PostgreSQL cluster (tests/databases.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.databases import throwaway_postgres  # noqa: E402


def _answer(question: dict[str, Any]) -> Any:
    """A fixed, valid answer for any question: the first option, or no/none."""
    if question["type"] == "number":
        return 40
    if question["type"] == "single":
        return False
    return [question["items"][0]["id"]] if question["id"] == "main_complaint" else []


CONNECTIONS = 200
# Requests in flight at once (the sessions all stay open and interleave). Without this limit all
# 1,000 sessions queue inside httpx's connection pool, whose bookkeeping is quadratic in its
# queue: the client, not the server, became the bottleneck and seemed to stall.
in_flight: asyncio.Semaphore | None = None


async def _send(client: httpx.AsyncClient, method: str, url: str, body: Any, stats: dict[str, int]) -> dict[str, Any]:
    assert in_flight is not None
    for attempt in range(60):
        try:
            async with in_flight:
                response = await client.request(method, url, json=body)
            if response.status_code < 500:
                if response.status_code >= 400:
                    raise RuntimeError(f"{url}: {response.status_code} {response.text}")
                data: dict[str, Any] = response.json()
                return data
        except httpx.TransportError:
            pass
        stats["retries"] += 1
        await asyncio.sleep(min(0.05 * 2**attempt, 1.0))
    raise RuntimeError(f"{url}: gave up")


async def _session(client: httpx.AsyncClient, answers: int, stats: dict[str, int]) -> tuple[str, list[Any]]:
    # Creating is not idempotent (a retry may create a second, unused session); answers are.
    session = await _send(client, "POST", "/v1/sessions", {"age": 40, "sex": "male"}, stats)
    sent: list[Any] = []
    for _ in range(answers):
        if session["should_stop"]:
            break
        question = session["question"]
        body = {"seq": session["next_seq"], "question_id": question["id"], "answer": _answer(question)}
        session = await _send(client, "POST", f"/v1/sessions/{session['id']}/answers", body, stats)
        sent.append([question["id"], body["answer"]])
        stats["answers"] += 1
    return session["id"], sent


def _workers(master: int) -> list[int]:
    """The uvicorn worker processes (children of the server, not multiprocessing's helpers)."""
    path = Path(f"/proc/{master}/task/{master}/children")
    children = [int(p) for p in path.read_text().split()] if path.exists() else []
    return [pid for pid in children if b"resource_tracker" not in _cmdline(pid)]


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _connections(pid: int) -> int:
    """Open sockets of a process (its listening socket and client connections)."""
    try:
        return sum(os.readlink(fd).startswith("socket:") for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return 0


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


async def _kill_one_worker(master: int, after: float, log: dict[str, Any]) -> None:
    await asyncio.sleep(after)
    before = sorted(_workers(master), key=_cpu_ticks, reverse=True)
    if before:  # the busier worker, so requests are in flight on it when it dies
        log["killed_connections"] = _connections(before[0])
        os.kill(before[0], signal.SIGKILL)
        log["killed"] = before[0]
        log["workers_before"] = before
    for _ in range(100):
        await asyncio.sleep(0.2)
        now = _workers(master)
        if before[0] not in now and set(now) - set(before):
            log["restarted_as"] = sorted(set(now) - set(before))
            return


async def _run(base: str, sessions: int, answers: int, master: int, kill_after: float) -> dict[str, Any]:
    global in_flight
    in_flight = asyncio.Semaphore(CONNECTIONS)
    stats = {"answers": 0, "retries": 0}
    log: dict[str, Any] = {}
    limits = httpx.Limits(max_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        start = time.perf_counter()
        killer = asyncio.create_task(_kill_one_worker(master, kill_after, log))
        done = await asyncio.gather(*(_session(client, answers, stats) for _ in range(sessions)))
        elapsed = time.perf_counter() - start
        await killer
        lost = duplicated = mismatched = 0
        for session_id, sent in done:
            stored = (await _send(client, "GET", f"/v1/sessions/{session_id}", None, stats))["answers"][2:]
            got = [[a["question_id"], a["answer"]] for a in stored]
            lost += max(len(sent) - len(got), 0)
            duplicated += max(len(got) - len(sent), 0)
            mismatched += got != sent
    return {
        "sessions": sessions,
        "answers_acknowledged": stats["answers"],
        "retries": stats["retries"],
        "lost": lost,
        "duplicated": duplicated,
        "sessions_not_matching": mismatched,
        "seconds": round(elapsed, 1),
        **log,
    }


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ANKLECHECK_DATABASE_URL": url}
    command = [str(REPO / ".venv/bin/anklecheck"), "serve", "--workers", "2", "--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait(base: str) -> None:
    for _ in range(150):
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/v1/conditions", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=6)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--kill-after", type=float, default=3.0, help="seconds into the run")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        url = args.database_url or stack.enter_context(throwaway_postgres())
        server = _serve(url, args.port)
        stack.callback(server.wait)
        stack.callback(server.terminate)
        base = f"http://127.0.0.1:{args.port}"
        _wait(base)
        result = asyncio.run(_run(base, args.sessions, args.answers, server.pid, args.kill_after))
    print(json.dumps(result, indent=2))
    sys.exit(0 if result["lost"] == result["duplicated"] == result["sessions_not_matching"] == 0 else 1)


if __name__ == "__main__":
    main()
