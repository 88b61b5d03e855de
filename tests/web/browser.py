"""A real server and a real browser for the browser tests: uvicorn on a free loopback port (in a
thread, on a SQLite file) and Debian's chromium driven by Playwright.

Playwright is never asked to download a browser: it launches the system's chromium by its path.
Without chromium the browser tests skip and say why, unless ``ANKLECHECK_REQUIRE_BROWSER=1``
(set by .ci/run) says they must run: then they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from anklecheck.api.service import Service

REQUIRE_VARIABLE = "ANKLECHECK_REQUIRE_BROWSER"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-results" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def require_chromium() -> str:
    path = chromium_path()
    if path is None:
        reason = "the browser tests need Debian's chromium (apt-get install chromium)"
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"{reason}, and {REQUIRE_VARIABLE}=1 says they must run", pytrace=False)
        pytest.skip(reason)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(service: Service) -> Iterator[str]:
    """The whole app (API and pages) served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    from anklecheck.api.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(service), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
