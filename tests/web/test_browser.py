"""Journeys in a real browser (Debian's chromium) against a real server and SQLite file.

Each journey saves a screenshot under test-results/screenshots/. The pages run under their real
Content-Security-Policy, and a journey fails if the browser reports a CSP violation. axe-core
(vendored from npm) is injected only in a context that bypasses the CSP, for the accessibility
checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pytest

from anklecheck import Checker, Settings
from anklecheck.api.models import SessionCreate
from anklecheck.api.service import Service
from anklecheck.api.sessions import Sessions

from .browser import AXE, CHROMIUM_ARGS, SCREENSHOTS, require_chromium, running_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.slow

EMERGENCY = "felt a snap at the back of my ankle playing squash, can't stand on tiptoe, I'm 42, male"
CONSULTATION = (
    "Pain at the back of my ankle for 2 months, worse in the morning, not improving despite rest. I'm 45, male."
)
SELF_CARE = "Red itchy spots on my ankles where my socks rub after running yesterday. I'm 30, female."
SELF_CARE_TICKS = {"rash_where": ["rash_at_rub_sites"]}


@pytest.fixture(scope="module")
def server_service(checker: Checker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    database = tmp_path_factory.mktemp("web") / "browser.db"
    service = Service(Settings(database_url=f"sqlite:///{database}"), checker)
    yield service
    service.close()


@pytest.fixture(scope="module")
def base_url(server_service: Service) -> Iterator[str]:
    require_chromium()
    with running_server(server_service) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page under the real CSP; CSP violations reported by the browser fail the test."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    opened = context.new_page()
    violations: list[str] = []
    opened.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield opened
    context.close()
    assert violations == []


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 0


def submit(page: Page, button: Locator) -> None:
    """Click a button of a question form and wait for the next screen (a full page load without
    JavaScript, an htmx swap with it)."""
    seq = page.locator("input[name=seq]").first.input_value()
    button.click()
    page.wait_for_function(
        "seq => { const s = document.querySelector('input[name=seq]'); return !s || s.value !== seq; }", arg=seq
    )


def question_id(page: Page) -> str:
    return page.locator("input[name=question_id]").input_value()


def run_check(page: Page, base_url: str, text: str, ticks: dict[str, list[str]] | None = None) -> int:
    """From the home page to the result, ticking the given options and otherwise answering "none
    of these" / "no"; the number of questions answered."""
    page.goto(base_url + "/")
    page.get_by_label("What's going on with your ankle?").fill(text)
    page.get_by_role("button", name="Start the check").click()
    page.wait_for_selector("form.question, ol.causes")
    asked = 0
    while page.locator("form.question").count():
        question = question_id(page)
        wanted = (ticks or {}).get(question, [])
        if question == "age":
            page.get_by_label("Age in years").fill("40")
            button = page.get_by_role("button", name="Next")
        elif wanted:
            for option in wanted:
                page.locator(f"#o-{option}").check()
            button = page.get_by_role("button", name="Next")
        elif page.get_by_role("button", name="Yes").count():
            button = page.get_by_role("button", name="No", exact=True)
        else:
            button = page.locator("button[name=choice][value=none]")
        submit(page, button)
        asked += 1
        assert asked < 30, "the check did not end"
    page.wait_for_url("**/result")
    return asked


def test_emergency_journey_stops_early_without_a_self_care_plan(page: Page, base_url: str) -> None:
    asked = run_check(page, base_url, EMERGENCY)
    assert asked <= 4
    banner = page.locator(".banner")
    assert "Go to an emergency department now" in banner.inner_text()
    assert "level-emergency" in (banner.get_attribute("class") or "")
    assert page.get_by_role("heading", name="What you can do now").count() == 0
    assert page.get_by_role("heading", name="While you wait for care").count() == 1
    assert "Achilles tendon rupture" in page.locator(".causes li").first.inner_text()
    screenshot(page, "journey-emergency")


def test_consultation_journey(page: Page, base_url: str) -> None:
    run_check(page, base_url, CONSULTATION)
    assert "See a doctor or physiotherapist soon" in page.locator(".banner").inner_text()
    assert page.get_by_role("heading", name="When to see a doctor").count() == 1
    assert page.locator(".causes meter").count() >= 3
    screenshot(page, "journey-consultation")


def test_self_care_journey_works_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        run_check(page, base_url, SELF_CARE, SELF_CARE_TICKS)
        assert "Manage at home" in page.locator(".banner").inner_text()
        assert page.get_by_role("heading", name="What you can do now").count() == 1
        assert page.get_by_role("heading", name="Preventing it next time").count() == 1
        assert "contact dermatitis" in page.locator(".causes li").first.inner_text()
        screenshot(page, "journey-self-care-no-js")
    finally:
        context.close()


def test_why_back_and_dont_know_on_a_question(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("button", name="Start the check").click()  # no text: starts with the age
    page.wait_for_selector("form.question")
    page.get_by_label("Age in years").fill("35")
    submit(page, page.get_by_role("button", name="Next"))
    assert question_id(page) == "sex"
    page.get_by_text("Why are you asking?").click()
    assert page.locator("details.why p").is_visible()
    submit(page, page.get_by_role("button", name="Back to the previous question"))
    assert question_id(page) == "age"
    page.get_by_label("Age in years").fill("36")
    submit(page, page.get_by_role("button", name="Next"))
    submit(page, page.get_by_role("button", name="Don't know"))  # sex: not said
    assert question_id(page) not in ("age", "sex")
    screenshot(page, "journey-question")


def test_the_whole_check_works_by_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.locator("#text").focus()
    page.keyboard.type("my ankle hurts")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("form.question")
    assert question_id(page) == "age"


def test_library_and_search(page: Page, base_url: str) -> None:
    page.goto(base_url + "/conditions")
    total = page.locator("ul.library li").count()
    assert total >= 49
    page.get_by_label("Search conditions").fill("tendinitis")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/conditions?q=tendinitis")
    links = page.locator("ul.library li a")
    assert 0 < links.count() < total
    page.get_by_role("link", name="Achilles tendinopathy").click()
    page.wait_for_url("**/conditions/achilles_tendinopathy")
    for heading in ("What it is", "Symptoms", "What you can do", "When to see a doctor", "Prevention", "References"):
        assert page.get_by_role("heading", name=heading, exact=True).count() == 1, heading
    page.get_by_role("link", name="Achilles tendon rupture").last.click()
    page.wait_for_url("**/conditions/achilles_rupture")
    screenshot(page, "journey-library")


def test_report_an_issue_is_stored(page: Page, base_url: str, server_service: Service) -> None:
    page.goto(base_url + "/conditions/gout")
    page.get_by_role("link", name="Report an issue with this page").click()
    page.get_by_label("What kind of issue?").select_option("content_error")
    page.get_by_label("What happened?").fill("The page could say more about diet.")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_selector("text=your report has been saved")
    stored = [f for f in server_service.store.feedback() if f.page == "/conditions/gout"]
    assert [f.message for f in stored] == ["The page could say more about diet."]
    screenshot(page, "journey-report")


def test_followup_and_the_pdf_names_the_top_cause(page: Page, base_url: str) -> None:
    from pypdf import PdfReader

    run_check(page, base_url, EMERGENCY)
    top = page.locator(".causes li h3").first.inner_text()
    pdf = page.request.get(page.url.replace("/result", "/summary.pdf"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert top in PdfReader(BytesIO(pdf.body())).pages[0].extract_text()
    page.locator("a.session-link").click()
    page.wait_for_url("**/followup")
    page.get_by_label("Worse").check()
    page.get_by_role("button", name="Update my advice").click()
    page.wait_for_selector("form.question")
    assert question_id(page) == "warning_signs"
    screenshot(page, "journey-followup")


# -- accessibility -------------------------------------------------------------------------------


def _finished_session(service: Service, text: str, ticks: dict[str, list[str]] | None = None) -> str:
    """A stored check answered to the end (as run_check answers it), made through the same Sessions."""
    sessions = Sessions(service)
    findings, age, sex = service.case_findings(SessionCreate(text=text))
    view: dict[str, Any] = sessions.create(findings, age, sex, None)
    while view["question"]:
        question = view["question"]
        value: Any = (ticks or {}).get(question["id"], [])
        if question["id"] == "age":
            value = 40
        elif question["type"] == "single":
            value = False
        view = sessions.answer(view["id"], view["next_seq"], question["id"], value)
    return str(view["id"])


def _axe_pages(service: Service) -> list[str]:
    emergency = _finished_session(service, EMERGENCY)
    consultation = _finished_session(service, CONSULTATION)
    self_care = _finished_session(service, SELF_CARE, SELF_CARE_TICKS)
    started = Sessions(service).create({}, None, None, None)["id"]
    return [
        "/",
        f"/check/{started}",
        f"/check/{emergency}/result",
        f"/check/{consultation}/result",
        f"/check/{self_care}/result",
        f"/check/{self_care}/summary",
        f"/check/{self_care}/followup",
        "/conditions",
        "/conditions?q=rash",
        "/conditions/achilles_tendinopathy",
        "/report?page=/conditions/gout",
        "/no-such-page",
    ]


AXE_RUN = """async () => {
  const r = await axe.run();
  const violations = r.violations.map(
    v => ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' '))}));
  return {passes: r.passes.length, violations};
}"""


def test_axe_finds_no_serious_or_critical_violation(browser: Browser, base_url: str, server_service: Service) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for path in _axe_pages(server_service):
            page.goto(base_url + path)
            page.add_script_tag(path=str(AXE))
            checked = page.evaluate(AXE_RUN)
            assert checked["passes"] > 10, path  # axe really ran over the page
            serious = [
                f"{v['id']} ({v['impact']}): {v['targets'][:3]}"
                for v in checked["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[path] = serious
    finally:
        context.close()
    assert found == {}
