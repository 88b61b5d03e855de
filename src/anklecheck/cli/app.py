"""The `anklecheck` command line.

Commands import the engine only when they run, so `anklecheck --help` stays fast. Every
:class:`~anklecheck.errors.AnklecheckError` becomes one error shape on stderr::

    error: <what is wrong>
    hint: <what to do about it>

with exit code 2 (1 when `kb check` finds problems).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from anklecheck.engine.checker import Checker
    from anklecheck.errors import AnklecheckError

app = typer.Typer(
    name="anklecheck",
    help="What is likely wrong with your ankle, foot or lower leg after exercise, how urgent it is, and what to do.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: Typer's rich formatting imports rich.markdown, rich.traceback
    # and more, which doubles the start-up time of `anklecheck --help` (target: 300 ms).
    rich_markup_mode=None,
)
kb_app = typer.Typer(help="Work with the knowledge pack.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(kb_app, name="kb")

EXIT_PROBLEMS = 1
EXIT_ERROR = 2


def _fail(error: AnklecheckError) -> NoReturn:
    typer.echo(f"error: {error.message}", err=True)
    if error.hint:
        typer.echo(f"hint: {error.hint}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _checker() -> Checker:
    from anklecheck.engine.checker import Checker

    return Checker.from_env()


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@app.command()
def assess(
    finding: Annotated[list[str], typer.Option("--finding", "-f", help="A finding that is present (repeatable).")] = [],  # noqa: B006
    absent: Annotated[list[str], typer.Option("--absent", "-a", help="A finding that is absent (repeatable).")] = [],  # noqa: B006
    age: Annotated[Optional[int], typer.Option(help="Age in years.")] = None,  # noqa: UP045 - Typer needs Optional
    sex: Annotated[Optional[str], typer.Option(help="female or male.")] = None,  # noqa: UP045
    text: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--text", "-t", help="What happened, in your own words (combinable with the options)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Assess a complaint from your own words and/or findings (ids from `anklecheck findings`)."""
    from anklecheck.errors import AnklecheckError

    try:
        checker = _checker()
        answers: dict[str, bool | None] = dict.fromkeys(finding, True)
        parsed = checker.parse(text) if text is not None else None  # read once: shown and assessed
        result = checker.assess(
            answers, evidence=_absent_evidence(absent), age=age, sex=sex.lower() if sex else None, text=parsed
        )
    except AnklecheckError as error:
        _fail(error)
    if as_json:
        data = result.to_dict()
        if parsed is not None:
            data["understood"] = parsed.to_dict()
        _print_json(data)
        return
    from anklecheck.cli.render import console, render_assessment, render_understood

    out = console()
    if parsed is not None:
        render_understood(out, parsed, checker)
    render_assessment(out, result, checker)


def _absent_evidence(ids: list[str]) -> list:  # type: ignore[type-arg]
    from anklecheck.engine.result import Evidence

    return [Evidence(i, False) for i in ids]


@app.command()
def check(
    save: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--save", help="Save the answers to this file after every answer (and on Ctrl-C)."),
    ] = None,
    resume: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--resume", help="Continue an interview saved with --save."),
    ] = None,
    answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--answers", help="Run without a terminal: a JSON file of question id -> answer."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result and the answers as JSON.")] = False,
) -> None:
    """Answer questions one at a time (arrow keys, Enter), then see likely causes and what to do."""
    from anklecheck.cli import check as interview
    from anklecheck.errors import AnklecheckError

    options = interview.Options(save=save, resume=resume, answers=answers, as_json=as_json)
    try:
        code = interview.run(_checker, options)
    except AnklecheckError as error:
        _fail(error)
    if code:
        raise typer.Exit(code)


@app.command()
def conditions(
    condition_id: Annotated[Optional[str], typer.Argument(help="Show this condition's page.")] = None,  # noqa: UP045
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the conditions anklecheck knows, or show one condition's page."""
    from anklecheck.errors import AnklecheckError

    try:
        checker = _checker()
        chosen = checker.condition(condition_id) if condition_id else None
    except AnklecheckError as error:
        _fail(error)
    from anklecheck.cli import render

    if chosen is not None:
        if as_json:
            _print_json(chosen.model_dump(mode="json"))
        else:
            render.render_condition(render.console(), chosen, checker)
        return
    if as_json:
        _print_json(
            [
                {"id": c.id, "name": c.name, "icd10": c.icd10, "triage": c.triage.level.name, "category": c.category}
                for c in checker.conditions.values()
            ]
        )
    else:
        render.render_conditions(render.console(), checker)


@app.command()
def findings(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """List the findings (symptoms, signs, history) that assessments use."""
    from anklecheck.errors import AnklecheckError

    try:
        checker = _checker()
    except AnklecheckError as error:
        _fail(error)
    if as_json:
        _print_json(
            [
                {"id": f.id, "kind": f.kind, "group": f.group, "question": f.question, "help": f.help}
                for f in checker.findings.values()
            ]
        )
        return
    from anklecheck.cli import render

    render.render_findings(render.console(), checker)


@kb_app.command("check")
def kb_check(
    path: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="A knowledge pack folder (default: the shipped pack)."),
    ] = None,
) -> None:
    """Validate the knowledge pack: every problem with its file and field; exit 1 if any."""
    from anklecheck.errors import AnklecheckError, KnowledgePackError
    from anklecheck.kb.codes import icd10_problems
    from anklecheck.kb.loader import load_pack
    from anklecheck.settings import Settings

    try:
        pack = load_pack(path or Settings.from_env().knowledge_path)
        problems = icd10_problems(pack)
    except KnowledgePackError as error:
        problems = list(error.problems)
    except AnklecheckError as error:
        _fail(error)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{len(problems)} problem(s) found.", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    typer.echo(
        f"ok: {len(pack.conditions)} conditions, {len(pack.findings)} findings, {len(pack.rules)} rules, "
        f"{len(pack.topics)} advice topics, {len(pack.sources)} sources"
    )


@app.command("eval")
def evaluate(
    paths: Annotated[list[Path], typer.Argument(help="Case files (.jsonl) or folders of them.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    report: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="Write an HTML report with plots to this folder."),
    ] = None,
    interview: Annotated[
        bool, typer.Option("--interview", help="Simulate an interview per case, answering from its findings.")
    ] = False,
    text_only: Annotated[
        bool, typer.Option("--text-only", help="Assess each case from its text alone, ignoring its findings.")
    ] = False,
    intake: Annotated[
        bool, typer.Option("--intake", help="Score the free-text intake: parsed text against the cases' findings.")
    ] = False,
) -> None:
    """Score anklecheck on evaluation cases (DESIGN.md format)."""
    from anklecheck.errors import AnklecheckError
    from anklecheck.evaluation import evaluate as run_evaluation
    from anklecheck.evaluation import load_cases

    try:
        checker = _checker()
        cases = load_cases(paths)
        from rich.progress import Progress

        with Progress(transient=True, console=_stderr_console()) as progress:
            task = progress.add_task("assessing cases", total=len(cases))
            if intake:
                from anklecheck.evaluation.intake import evaluate_intake

                figures = evaluate_intake(checker, cases, on_case=lambda _case: progress.advance(task))
            else:
                run = run_evaluation(
                    checker,
                    cases,
                    on_case=lambda _case: progress.advance(task),
                    interview=interview,
                    text_only=text_only,
                )
        if intake:
            _print_figures(figures, as_json)
            return
        page = None
        if report is not None:
            from anklecheck.evaluation.report import write_report

            page = write_report(run, checker, report)
    except AnklecheckError as error:
        _fail(error)
    if as_json:
        _print_json(run.to_dict())
    else:
        from anklecheck.cli.render import console, render_summary

        render_summary(console(), run.summary)
    if page is not None:
        typer.echo(f"report: {page}", err=True)


def _print_figures(figures: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _print_json(figures)
        return
    from anklecheck.cli.render import console, render_summary

    render_summary(console(), {k: v for k, v in figures.items() if k != "per_case"})


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def _register_service_commands() -> None:
    # serve, followup, feedback, sessions: in their own module to keep this one small.
    from anklecheck.cli.service import register

    register(app)


_register_service_commands()

EXIT_INTERNAL = 3


def main() -> None:
    """Console-script entry point: no traceback reaches the person, whatever happens."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so plainly
        typer.echo(f"error: internal error ({type(exc).__name__}: {exc})", err=True)
        typer.echo("hint: this is a bug in anklecheck; please report it with the command you ran.", err=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
