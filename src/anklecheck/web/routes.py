"""The pages. Each form is a plain POST answered by a redirect (303), so that every page works
without JavaScript and a reload never sends an answer twice. Everything medical comes from
`Service` and `Sessions` (the same objects the REST API uses): the session link is the only key.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from anklecheck.api.models import MAX_TEXT, SessionCreate
from anklecheck.api.service import Service, question_json
from anklecheck.api.sessions import Replayed, Sessions
from anklecheck.engine.interview import AGE, SEX, AnswerValue
from anklecheck.errors import ConflictError, InvalidInputError, NotFoundError, UnknownIdError
from anklecheck.store.repository import FEEDBACK_KINDS
from anklecheck.web import csrf, views
from anklecheck.web.pages import render

router = APIRouter(include_in_schema=False)
MAX_MESSAGE = 4_000
PROGRESS = ("better", "same", "worse")


def get_sessions(request: Request) -> Sessions:
    service: Service = request.app.state.service
    return Sessions(service)


async def posted_form(request: Request) -> FormData:
    """The form of a POST, refused (403 page) unless it carries the visitor's token."""
    form = await request.form()
    csrf.check(request, form.get(csrf.FIELD))
    return form


S = Annotated[Sessions, Depends(get_sessions)]
Form = Annotated[FormData, Depends(posted_form)]


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# -- home and the start of a check ---------------------------------------------------------------


@router.get("/")
def home(request: Request, sessions: S) -> Response:
    checker = sessions.service.checker
    return render(request, "home.html", emergency=views.emergency_signs(checker), max_text=MAX_TEXT)


@router.post("/check")
def start(form: Form, sessions: S) -> Response:
    """A new session from the person's own words (read now, never stored)."""
    text = _text(form, "text", MAX_TEXT).strip()
    findings, age, sex = sessions.service.case_findings(SessionCreate(text=text or None))
    view = sessions.create(findings, age, sex, None)
    return see_other(f"/check/{view['id']}")


# -- the interview -------------------------------------------------------------------------------


@router.get("/check/{session_id}")
def question(request: Request, session_id: str, sessions: S) -> Response:
    current = sessions.replay(session_id)
    if current.step.question is None or current.step.should_stop:
        return see_other(f"/check/{session_id}/result")
    return _question_page(request, sessions, current)


def _question_page(request: Request, sessions: S, current: Replayed, error: str = "", status: int = 200) -> Response:
    asked = _asked(current)
    shown = question_json(current.step.question)
    assert shown is not None
    level = current.step.triage.level
    return render(
        request,
        "question.html",
        status=status,
        session_id=current.record.id,
        seq=current.record.next_seq,
        q=views.question_page(shown, asked + 1),
        can_go_back=asked > 0,
        # Already urgent on the answers so far: said at once, above the remaining questions.
        banner=views.banner(level) if views.banner(level).urgent else None,
        error=error,
    )


def _asked(current: Replayed) -> int:
    """Questions answered in this check (answers minus undos; the opening text is not counted)."""
    count = 0
    for event in current.record.events:
        count += {"answer": 1, "undo": -1}.get(event.kind, 0)
    return max(count, 0)


@router.post("/check/{session_id}/answer")
def answer(request: Request, session_id: str, form: Form, sessions: S) -> Response:
    question_id = _text(form, "question_id", 64)
    try:
        value = answer_value(form, question_id)
        sessions.answer(session_id, _seq(form), question_id, value)
    except ConflictError:
        pass  # an old page sent again (the browser's back button): show where the check is now
    except InvalidInputError as error:
        current = sessions.replay(session_id)
        if current.step.question is None or current.step.question.id != question_id:
            return see_other(f"/check/{session_id}")
        return _question_page(request, sessions, current, error=error.hint or error.message, status=422)
    return see_other(f"/check/{session_id}")


def answer_value(form: FormData, question_id: str) -> AnswerValue:
    """The answer a question's form gives, as the interview takes it (api docs: answers)."""
    choice = _text(form, "choice", 16)
    if choice == "unknown":
        return None
    if question_id == AGE:
        raw = _text(form, "age", 8).strip()
        if not raw.isdigit():
            hint = "Enter your age in whole years, or choose Don't know."
            raise InvalidInputError("age", "is not a whole number", hint=hint)
        return int(raw)
    if choice in ("yes", "no"):
        return choice == "yes"
    if choice == "none":
        return ()
    options = tuple(str(v) for v in form.getlist("option"))
    if not options:
        raise InvalidInputError(
            "option", "nothing chosen", hint="Choose what applies, or the option that says none of these apply."
        )
    return options[0] if question_id == SEX else options


@router.post("/check/{session_id}/back")
def back(session_id: str, form: Form, sessions: S) -> Response:
    current = sessions.replay(session_id)
    if _asked(current) > 0:  # the answers read from the opening text are not taken back one by one
        with suppress(ConflictError, InvalidInputError):  # an old page: show where the check is now
            sessions.undo(session_id, _seq(form))
    return see_other(f"/check/{session_id}")


# -- the result ----------------------------------------------------------------------------------


def _result_context(request: Request, sessions: S, session_id: str) -> dict[str, Any]:
    current = sessions.replay(session_id)
    checker = sessions.service.checker
    assessment = sessions.interviewer.assess(current.state)
    return {
        "session_id": current.record.id,
        "complete": current.step.should_stop or current.step.question is None,
        "result": views.result(assessment, checker),
        "answers": views.answer_lines(checker, current.state.answers),
        "link": str(request.url_for("question", session_id=current.record.id)),
        "followup_link": str(request.url_for("followup_form", session_id=current.record.id)),
        "created": current.record.created_at,
        "now": datetime.now(UTC),
        "kinds": FEEDBACK_KINDS,
    }


@router.get("/check/{session_id}/result")
def result(request: Request, session_id: str, sessions: S) -> Response:
    return render(request, "result.html", **_result_context(request, sessions, session_id))


@router.get("/check/{session_id}/summary")
def summary(request: Request, session_id: str, sessions: S) -> Response:
    """The clinician summary as a printable page (the same content as the PDF)."""
    return render(request, "summary.html", **_result_context(request, sessions, session_id))


@router.get("/check/{session_id}/summary.pdf")
def summary_pdf(request: Request, session_id: str, sessions: S) -> Response:
    from anklecheck.web.pdf import clinician_pdf

    context = _result_context(request, sessions, session_id)
    content = clinician_pdf(context["result"], context["answers"], context["now"])
    headers = {"content-disposition": 'inline; filename="anklecheck-summary.pdf"'}
    return Response(content, media_type="application/pdf", headers=headers)


# -- follow-up -----------------------------------------------------------------------------------


@router.get("/check/{session_id}/followup")
def followup_form(request: Request, session_id: str, sessions: S) -> Response:
    current = sessions.replay(session_id)
    level = current.step.triage.level
    return render(
        request,
        "followup.html",
        session_id=current.record.id,
        seq=current.record.next_seq,
        created=current.record.created_at,
        banner=views.banner(level),
    )


@router.post("/check/{session_id}/followup")
def followup(session_id: str, form: Form, sessions: S) -> Response:
    progress = _text(form, "progress", 8)
    if progress not in PROGRESS:
        raise InvalidInputError("progress", "choose better, the same or worse", hint="Go back and choose one answer.")
    with suppress(ConflictError):  # sent twice: the first one counts
        sessions.followup(session_id, _seq(form), progress, {})  # type: ignore[arg-type]  # checked above
    # Worse reopens the warning signs: the check page asks them before showing the result.
    return see_other(f"/check/{session_id}")


# -- report an issue -----------------------------------------------------------------------------


@router.get("/report")
def report_form(request: Request, page: str = "/", session: str = "") -> Response:
    return render(request, "report.html", page=_local(page), session=session[:64], kinds=FEEDBACK_KINDS)


@router.post("/report")
def report(form: Form, sessions: S) -> Response:
    kind = _text(form, "kind", 32)
    message = _text(form, "message", MAX_MESSAGE).strip()
    if not message:
        raise InvalidInputError("message", "is empty", hint="Go back and say what is wrong.")
    session_id = _text(form, "session", 64) or None
    page = None if session_id else _local(_text(form, "page", 300))
    sessions.feedback(kind=kind, message=message, session_id=session_id, page=page, seen={"page": page})
    back = f"/check/{session_id}/result" if session_id else page or "/"
    return see_other(f"/report/thanks?back={quote(back)}")


@router.get("/report/thanks")
def report_thanks(request: Request, back: str = "/") -> Response:
    return render(request, "thanks.html", back=_local(back))


# -- condition library ---------------------------------------------------------------------------


@router.get("/conditions")
def library(request: Request, sessions: S, q: str = "") -> Response:
    query = q[:100]
    entries = views.library(sessions.service.checker, query)
    return render(request, "library.html", entries=entries, query=query, total=len(sessions.service.checker.conditions))


@router.get("/conditions/{condition_id}")
def condition(request: Request, condition_id: str, sessions: S) -> Response:
    checker = sessions.service.checker
    try:
        found = checker.condition(condition_id[:64])
    except UnknownIdError:
        raise NotFoundError("condition page", condition_id[:64]) from None
    return render(request, "condition.html", page=views.condition_page(checker, found))


# -- helpers -------------------------------------------------------------------------------------


def _text(form: FormData, name: str, limit: int) -> str:
    value = form.get(name, "")
    if not isinstance(value, str):
        raise InvalidInputError(name, "is not text", hint="Send the form from the page.")
    if len(value) > limit:
        message = f"is {len(value):,} characters long; anklecheck reads up to {limit:,}"
        raise InvalidInputError(name, message, hint="Shorten it and try again.")
    return value.replace("\x00", "")


def _seq(form: FormData) -> int | None:
    raw = _text(form, "seq", 12)
    return int(raw) if raw.isdigit() and 0 < int(raw) < 1_000_000 else None


def _local(path: str) -> str:
    """A path on this site only (never a redirect to another one)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path[:300]
