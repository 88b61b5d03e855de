"""Speed of the web app's result page (pytest-benchmark).

Run: .venv/bin/python -m pytest benchmarks/test_bench_web.py --benchmark-enable --benchmark-only
Target (issue 6): rendering the result page <= 30 ms median on the server. Measured two ways: the
whole GET /check/{id}/result in-process (reading the session from SQLite, replaying it through
the engine, assessing, rendering; plus the test client's own HTTP handling), and the page alone
(the view and the template, from an assessment already made).
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from pytest_benchmark.fixture import BenchmarkFixture

from anklecheck import Checker, Settings
from anklecheck.api.app import create_app
from anklecheck.api.models import SessionCreate
from anklecheck.api.service import Service
from anklecheck.api.sessions import Sessions
from anklecheck.web import views
from anklecheck.web.pages import render_text

TEXT = "Pain at the back of my ankle for 2 months, worse in the morning, not improving despite rest. I'm 45, male."


def _finished(service: Service) -> str:
    sessions = Sessions(service)
    findings, age, sex = service.case_findings(SessionCreate(text=TEXT))
    view = sessions.create(findings, age, sex, None)
    while view["question"]:
        question = view["question"]
        value: object = False if question["type"] == "single" else []
        view = sessions.answer(view["id"], view["next_seq"], question["id"], value)
    return str(view["id"])


def test_result_page_request(benchmark: BenchmarkFixture, tmp_path: Path) -> None:
    service = Service(Settings(database_url=f"sqlite:///{tmp_path / 'bench.db'}"), Checker())
    session = _finished(service)
    with TestClient(create_app(service)) as client:
        client.get(f"/check/{session}/result")  # warm: the step cache, the templates
        response = benchmark(client.get, f"/check/{session}/result")
    assert response.status_code == 200
    assert "Possible causes" in response.text
    service.close()


def test_result_page_render(benchmark: BenchmarkFixture, tmp_path: Path) -> None:
    checker = Checker()
    service = Service(Settings(database_url=f"sqlite:///{tmp_path / 'bench.db'}"), checker)
    sessions = Sessions(service)
    current = sessions.replay(_finished(service))
    assessment = sessions.interviewer.assess(current.state)

    def render() -> str:
        return render_text(
            "result.html",
            session_id=current.record.id,
            complete=True,
            result=views.result(assessment, checker),
            answers=views.answer_lines(checker, current.state.answers),
            link="http://localhost/x",
            followup_link="http://localhost/x/followup",
            created=current.record.created_at,
            now=current.record.created_at,
            kinds=(),
        )

    html = benchmark(render)
    assert "Possible causes" in html
    service.close()
