"""The pages over HTTP (no browser): content, forms, tokens, headers and the error page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from anklecheck.api.service import Service
from anklecheck.errors import (
    ConflictError,
    InvalidInputError,
    KnowledgePackError,
    NotFoundError,
    Problem,
    StorageError,
    UnknownIdError,
)
from anklecheck.web import errors
from anklecheck.web.csrf import CsrfError

from .conftest import form_token, hidden

SNAP = "felt a snap at the back of my ankle playing squash, can't stand on tiptoe, I'm 42, male"


def start(client: TestClient, text: str) -> tuple[str, str]:
    """A new check from the home page: its session path and the visitor's form token."""
    token = form_token(client.get("/").text)
    response = client.post("/check", data={"csrf_token": token, "text": text}, follow_redirects=False)
    assert response.status_code == 303
    return response.headers["location"], token


def answer(client: TestClient, path: str, token: str, **fields: str) -> str:
    page = client.get(path).text
    data = {"csrf_token": token, "seq": hidden(page, "seq"), "question_id": hidden(page, "question_id"), **fields}
    response = client.post(f"{path}/answer", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return hidden(page, "question_id")


def finish(client: TestClient, path: str, token: str) -> str:
    """Answer "none of these" / "no" to every question; the result page's HTML."""
    for _ in range(30):
        page = client.get(path)
        if page.url.path.endswith("/result"):
            return page.text
        fields = {"choice": "no"} if 'value="yes"' in page.text else {"choice": "none"}
        if 'name="age"' in page.text:
            fields = {"choice": "answer", "age": "40"}
        answer(client, path, token, **fields)
    raise AssertionError("the check did not end")


def test_home_says_what_it_is_with_the_emergency_box_and_a_start_form(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Call an ambulance now" in page.text
    assert "lost its blood supply" in page.text  # an ambulance-level reason from the pack's rules
    assert "What's going on with your ankle?" in page.text
    assert "not a diagnosis" in page.text
    assert page.cookies.get("anklecheck_csrf") == form_token(page.text)


def test_web_pages_carry_the_security_headers_and_are_not_cached(client: TestClient) -> None:
    path, _ = start(client, SNAP)
    for url in ("/", path, f"{path}/result", "/conditions"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["cache-control"] == "no-store"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_no_template_has_inline_script_or_style() -> None:
    from anklecheck.web.app import STATIC

    templates = STATIC.parent / "templates"
    for template in templates.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert " style=" not in text, template.name
        assert "<style" not in text, template.name
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert " on" + "click=" not in text, template.name


def test_the_api_and_its_docs_keep_their_own_headers_and_json_errors(client: TestClient) -> None:
    assert "content-security-policy" not in client.get("/docs").headers  # Swagger UI needs its CDN script
    missing = client.get("/v1/nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    paths = client.get("/openapi.json").json()["paths"]
    assert all(p.startswith("/v1/") for p in paths)


def test_the_vendored_htmx_is_the_2x_line_and_served_with_its_licence(client: TestClient) -> None:
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200
    assert 'version:"2.0.11"' in script.text
    assert "public" in script.headers["cache-control"]
    assert client.get("/static/htmx.LICENSE").status_code == 200


def test_a_post_without_the_form_token_gets_the_error_page(client: TestClient) -> None:
    client.get("/")  # has the cookie, but sends no token
    response = client.post("/check", data={"text": "sore ankle"}, follow_redirects=False)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "This form has expired" in response.text
    assert "reload the page" in response.text
    assert "Traceback" not in response.text


def test_a_post_with_another_visitors_token_is_refused(client: TestClient) -> None:
    client.get("/")
    response = client.post("/check", data={"csrf_token": "x" * 43, "text": "sore ankle"}, follow_redirects=False)
    assert response.status_code == 403


def test_a_check_runs_from_text_to_result(client: TestClient) -> None:
    path, token = start(client, SNAP)
    page = client.get(path).text
    assert "Why are you asking?" in page
    assert "Don't know" in page
    assert "Question 1" in page
    html = finish(client, path, token)
    assert "Go to an emergency department now" in html
    assert "Achilles tendon rupture" in html
    assert "This is not a diagnosis." in html
    assert "ICD" not in html.split("Possible causes")[0]
    assert "What you can do now" not in html  # no home plan at an urgent level
    assert "While you wait for care" in html
    assert f"{path}/followup" in html


def test_back_takes_the_last_answer_back(client: TestClient) -> None:
    path, token = start(client, "my ankle hurts")
    first = answer(client, path, token, choice="answer", age="40")
    assert first == "age"
    page = client.get(path).text
    assert hidden(page, "question_id") != "age"
    client.post(f"{path}/back", data={"csrf_token": token, "seq": hidden(page, "seq")})
    assert hidden(client.get(path).text, "question_id") == "age"


def test_a_bad_age_is_asked_again_with_the_error_said(client: TestClient) -> None:
    path, token = start(client, "my ankle hurts")
    page = client.get(path).text
    data = {"csrf_token": token, "seq": hidden(page, "seq"), "question_id": "age", "choice": "answer", "age": "abc"}
    response = client.post(f"{path}/answer", data=data)
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert "whole years" in response.text
    assert hidden(response.text, "question_id") == "age"


def test_a_checklist_sent_with_nothing_ticked_is_asked_again(client: TestClient) -> None:
    path, token = start(client, SNAP)
    page = client.get(path).text
    data = {
        "csrf_token": token,
        "seq": hidden(page, "seq"),
        "question_id": hidden(page, "question_id"),
        "choice": "answer",
    }
    response = client.post(f"{path}/answer", data=data)
    assert response.status_code == 422
    assert "none of these apply" in response.text


def test_an_old_page_sent_again_shows_where_the_check_is(client: TestClient) -> None:
    path, token = start(client, "my ankle hurts")
    page = client.get(path).text
    data = {"csrf_token": token, "seq": hidden(page, "seq"), "question_id": "age", "choice": "answer", "age": "40"}
    client.post(f"{path}/answer", data=data)
    again = client.post(f"{path}/answer", data={**data, "age": "50"}, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"] == path


@pytest.mark.parametrize("text", ["<script>alert(1)</script> my ankle", "Knöchel tut weh 🦶 — 足首が痛い", ""])
def test_any_text_starts_a_check(client: TestClient, text: str) -> None:
    path, _ = start(client, text)
    page = client.get(path)
    assert page.status_code == 200
    assert "<script>alert" not in page.text


def test_text_over_the_intake_limit_gets_the_error_page(client: TestClient) -> None:
    token = form_token(client.get("/").text)
    response = client.post("/check", data={"csrf_token": token, "text": "a" * 10_001})
    assert response.status_code == 422
    assert "10,000" in response.text
    assert "text/html" in response.headers["content-type"]


def test_a_body_over_the_size_limit_gets_the_error_page_on_the_web_and_json_on_the_api(client: TestClient) -> None:
    token = form_token(client.get("/").text)
    web = client.post("/check", data={"csrf_token": token, "text": "a" * 70_000})
    assert web.status_code == 413
    assert "too much text" in web.text
    api = client.post("/v1/parse", json={"text": "a" * 70_000})
    assert api.status_code == 413
    assert api.json()["error"]["code"] == "payload_too_large"


def test_search_input_is_escaped(client: TestClient) -> None:
    page = client.get("/conditions", params={"q": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


@pytest.mark.parametrize("path", ["/check/AAAAAAAAAAAAAAAAAAAAAA", "/check/'%3B--", "/check/x/result", "/nope"])
def test_unknown_pages_and_sessions_get_a_404_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Error 404" in response.text


def test_a_database_that_cannot_be_reached_gets_a_503_page(checker: object) -> None:
    from anklecheck import Settings
    from anklecheck.api.app import create_app

    broken = Service(Settings(database_url="postgresql://nobody@127.0.0.1:9/none"), checker)  # type: ignore[arg-type]
    with TestClient(create_app(broken, purge_on_start=False), raise_server_exceptions=False) as client:
        token = form_token(client.get("/").text)
        response = client.post("/check", data={"csrf_token": token, "text": "sore ankle"})
    assert response.status_code == 503
    assert "cannot reach its database" in response.text


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (CsrfError(), 403),
        (InvalidInputError("age", "too old"), 422),
        (UnknownIdError("finding", "x"), 422),
        (NotFoundError("session", "x"), 404),
        (ConflictError("seq", "taken"), 409),
        (StorageError("down"), 503),
        (KnowledgePackError([Problem("a.yaml", "id", "missing")]), 500),
        (RuntimeError("a bug with a secret"), 500),
    ],
)
def test_every_error_of_the_tree_maps_to_one_page_shape(error: Exception, status: int) -> None:
    response = errors.for_error(error)
    text = bytes(response.body).decode()
    assert response.status_code == status
    assert f"Error {status}" in text
    assert "<h1>" in text
    assert 'class="hint"' in text
    assert "secret" not in text
    assert "a.yaml" not in text


def test_report_an_issue_is_stored_with_a_snapshot(client: TestClient, service: Service) -> None:
    path, token = start(client, SNAP)
    html = finish(client, path, token)
    session = path.rsplit("/", 1)[-1]
    data = {"csrf_token": form_token(html), "session": session, "kind": "wrong_result", "message": "not a rupture"}
    response = client.post("/report", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert client.get(response.headers["location"]).status_code == 200
    (stored,) = service.store.feedback()
    assert stored.kind == "wrong_result"
    assert stored.message == "not a rupture"
    assert stored.session_id == session
    assert stored.snapshot["result"]["assessment"]["conditions"][0]["id"] == "achilles_rupture"


def test_report_from_a_library_page_names_the_page(client: TestClient, service: Service) -> None:
    page = client.get("/report", params={"page": "/conditions/gout"}).text
    data = {"csrf_token": form_token(page), "page": "/conditions/gout", "kind": "content_error", "message": "typo"}
    response = client.post("/report", data=data, follow_redirects=False)
    assert response.headers["location"] == "/report/thanks?back=/conditions/gout"
    (stored,) = service.store.feedback()
    assert stored.page == "/conditions/gout"


def test_report_never_redirects_to_another_site(client: TestClient) -> None:
    page = client.get("/report/thanks", params={"back": "//evil.example/x"}).text
    assert "evil.example" not in page


def test_the_pdf_names_the_top_cause_with_its_code(client: TestClient) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    path, token = start(client, SNAP)
    finish(client, path, token)
    response = client.get(f"{path}/summary.pdf")
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Achilles tendon rupture" in text
    assert "S86.01" in text
    assert "Go to an emergency department now" in text


def test_the_result_page_links_a_fhir_record_that_validates(client: TestClient) -> None:
    from fhir.resources.R4B.bundle import Bundle

    path, token = start(client, SNAP)
    finish(client, path, token)
    link = re.search(r'href="(/v1/sessions/[^"]+/fhir)"', client.get(f"{path}/result").text)
    assert link is not None
    response = client.get(link.group(1))
    assert response.status_code == 200
    bundle = Bundle.model_validate_json(response.content)
    kinds = {entry.resource.__resource_type__ for entry in bundle.entry or []}
    assert {"QuestionnaireResponse", "Observation", "RiskAssessment"} <= kinds


def test_followup_worse_asks_the_warning_signs_again(client: TestClient) -> None:
    path, token = start(client, SNAP)
    finish(client, path, token)
    page = client.get(f"{path}/followup").text
    assert "How has it gone" in page
    data = {"csrf_token": token, "seq": hidden(page, "seq"), "progress": "worse"}
    response = client.post(f"{path}/followup", data=data, follow_redirects=False)
    assert response.headers["location"] == path
    assert hidden(client.get(path).text, "question_id") == "warning_signs"


def test_library_lists_every_condition_and_searches_names_and_other_names(client: TestClient, service: Service) -> None:
    page = client.get("/conditions").text
    assert all(f'href="/conditions/{c}"' in page for c in service.checker.conditions)
    found = client.get("/conditions", params={"q": "tendinitis"}).text  # an other name, not the title
    assert 'href="/conditions/achilles_tendinopathy"' in found
    assert 'href="/conditions/gout"' not in found


def test_a_condition_page_has_the_health_article_shape(client: TestClient) -> None:
    page = client.get("/conditions/achilles_tendinopathy").text
    for heading in ("What it is", "Symptoms", "What you can do", "When to see a doctor", "Prevention", "References"):
        assert f">{heading}</h2>" in page, heading
    assert 'href="/conditions/achilles_rupture"' in page  # read more
    assert "Report an issue with this page" in page
