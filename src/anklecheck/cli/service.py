"""Commands of the service: `serve`, `followup`, `export`, `feedback list|export`, `sessions purge`.

Like every command, they import their heavy parts (FastAPI, uvicorn, SQLAlchemy) only when they
run, so `anklecheck --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, cast

import typer

if TYPE_CHECKING:
    from anklecheck.api.sessions import Sessions
    from anklecheck.engine.followup import Progress

feedback_app = typer.Typer(
    help="Reports sent with 'report an issue', for whoever maintains the pack.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help, as for the main app (cli/app.py)
)
sessions_app = typer.Typer(help="Stored sessions.", no_args_is_help=True, rich_markup_mode=None)
PROGRESS = ("better", "same", "worse")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(followup)
    app.command("export")(export)
    app.add_typer(feedback_app, name="feedback")
    app.add_typer(sessions_app, name="sessions")
    feedback_app.command("list")(feedback_list)
    feedback_app.command("export")(feedback_export)
    sessions_app.command("purge")(sessions_purge)


@contextmanager
def _guard() -> Iterator[None]:
    """An AnklecheckError in the body becomes the CLI's one error shape (error:, hint:, exit 2)."""
    from anklecheck.cli.app import _fail
    from anklecheck.errors import AnklecheckError

    try:
        yield
    except AnklecheckError as error:
        _fail(error)


def _sessions() -> Sessions:
    from anklecheck.api.service import Service
    from anklecheck.api.sessions import Sessions

    return Sessions(Service())


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (each loads the pack once).")] = 1,
) -> None:
    """Run the web app (/) and the REST API (/v1, OpenAPI at /openapi.json, docs at /docs) with uvicorn."""
    import uvicorn

    with _guard():
        from anklecheck.settings import Settings

        Settings.from_env()  # a bad setting fails here, once, rather than in every worker
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"anklecheck: open http://{shown}:{port}/ in a browser (Ctrl-C stops)", err=True)
    uvicorn.run("anklecheck.api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


def followup(
    session_id: Annotated[str, typer.Argument(help="The session id (from POST /v1/sessions).")],
    progress: Annotated[
        Optional[str],  # noqa: UP045 - Typer needs Optional
        typer.Option(help="better, same or worse (asked when not given, in a terminal)."),
    ] = None,
    finding: Annotated[list[str], typer.Option("--finding", "-f", help="A new finding that is present.")] = [],  # noqa: B006
    absent: Annotated[list[str], typer.Option("--absent", "-a", help="A finding that is now absent.")] = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print the follow-up as JSON.")] = False,
) -> None:
    """Say how a stored session's complaint has gone since; re-assess it (worse: warning signs again)."""
    from anklecheck.errors import InvalidInputError

    with _guard():
        if progress is None:
            progress = _ask_progress()
        if progress not in PROGRESS:
            raise InvalidInputError("progress", f"{progress!r} is not one of {', '.join(PROGRESS)}")
        sessions = _sessions()
        findings: dict[str, bool | None] = {**dict.fromkeys(finding, True), **dict.fromkeys(absent, False)}
        findings = {sessions.service.checker.finding(f).id: v for f, v in findings.items()}
        data = sessions.followup(session_id, None, cast("Progress", progress), findings)
        if data["recheck"] and _interactive() and not as_json:
            _ask_again(sessions, session_id)
            data["session"] = sessions.view(session_id)
    if as_json:
        typer.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))
        return
    _show(sessions, session_id, data)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask_progress() -> str:
    from anklecheck.errors import InvalidInputError

    if not _interactive():
        raise InvalidInputError("progress", "is needed", hint="Pass --progress better, same or worse.")
    import questionary

    answer = questionary.select("Since the assessment, is it…", choices=list(PROGRESS)).ask()
    if answer is None:
        raise typer.Exit(130)
    return str(answer)


def _ask_again(sessions: Sessions, session_id: str) -> None:
    """Ask the questions the follow-up reopened (the warning signs), storing each answer."""
    from rich.console import Console

    from anklecheck.cli.check import Nav, TerminalUI, none_labels

    ui = TerminalUI(Console(), none_labels(sessions.service.checker))
    while (current := sessions.replay(session_id)).step.question is not None:
        question = current.step.question
        reply = ui.ask(question, current.state)
        if reply is Nav.BACK:
            sessions.undo(session_id, None)
            continue
        sessions.answer(session_id, current.record.next_seq, question.id, reply)


def _show(sessions: Sessions, session_id: str, data: dict[str, Any]) -> None:
    from anklecheck.cli.render import console, render_assessment

    typer.echo(f"Level before: {data['previous_level']}; {data['days_since_onset']:.1f} days since it began.")
    current = sessions.replay(session_id)
    render_assessment(console(), sessions.interviewer.assess(current.state), sessions.service.checker)
    if current.step.question is not None:
        typer.echo(f"More questions remain (next: {current.step.question.text}); answer them in the app or API.")


def export(
    session_id: Annotated[str, typer.Argument(help="The session id (from POST /v1/sessions).")],
    fhir: Annotated[bool, typer.Option("--fhir", help="An HL7 FHIR R4B Bundle (default: the result as JSON).")] = False,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write to this file (default: standard output)."),
    ] = None,
) -> None:
    """Export a stored session: its result as JSON, or with --fhir as a FHIR bundle (docs/fhir.md)."""
    with _guard():
        sessions = _sessions()
        if fhir:
            from anklecheck.fhir.session import session_bundle_json

            text = session_bundle_json(sessions, session_id)
        else:
            text = json.dumps(sessions.result(session_id), indent=2, default=str, ensure_ascii=False)
    if output is None:
        typer.echo(text)
        return
    output.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"written to {output}", err=True)


def feedback_list(
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 20,
) -> None:
    """List feedback reports, newest first."""
    with _guard():
        reports = _sessions().service.store.feedback(limit)
    for report in reports:
        about = f"session {report.session_id}" if report.session_id else f"page {report.page}"
        typer.echo(f"{report.created_at:%Y-%m-%d %H:%M} {report.kind:<14} {about}: {report.message}")
    if not reports:
        typer.echo("No feedback yet.")


def feedback_export(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write JSON Lines to this file (default: standard output)."),
    ] = None,
) -> None:
    """Export every feedback report with its snapshot, one JSON object a line."""
    with _guard():
        reports = _sessions().service.store.feedback()
    lines = "".join(json.dumps(r.to_dict(), ensure_ascii=False, default=str) + "\n" for r in reports)
    if output is None:
        typer.echo(lines, nl=False)
    else:
        output.write_text(lines, encoding="utf-8")
        typer.echo(f"{len(reports)} report(s) written to {output}", err=True)


def sessions_purge(
    days: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Erase sessions untouched for this many days (default: ANKLECHECK_RETENTION_DAYS)."),
    ] = None,
) -> None:
    """Erase sessions older than the retention period, with their answers and feedback."""
    from datetime import timedelta

    from anklecheck.store.repository import utcnow

    with _guard():
        service = _sessions().service
        keep = service.settings.retention_days if days is None else days
        erased = service.store.purge(utcnow() - timedelta(days=keep)) if keep > 0 else 0
    typer.echo(f"{erased} session(s) erased (kept: the last {keep} days)." if keep > 0 else "Retention is 0: kept all.")
