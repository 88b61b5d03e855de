"""`anklecheck check`: the adaptive interview in the terminal, one question per screen.

The interviewer (`engine/interview.py`) chooses each question; this module only asks it and
records the answer. Keys: ↑/↓ (or j/k) move, Enter chooses, Space ticks a checklist option.
Every screen offers "Why are you asking?" and "← Back" (undo the last answer). Ctrl-C leaves with
exit code 130, after saving with ``--save``.

The interview opens with the person's own words ("What's going on?"): what they say there (as
read by the intake) is not asked again. ``--answers FILE`` runs without a terminal: a JSON object
mapping question id to answer (a number for age, "female"/"male" for sex, true/false for yes/no
questions, a list of option ids for grouped questions; null or missing means "don't know"), and
optionally ``"text"``, the opening words.

Imported only when the command runs, so questionary and the engine stay out of `--help`.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from anklecheck.engine.checker import MAX_AGE, Checker
from anklecheck.engine.interview import AGE, SEX, AnswerValue, Interviewer, InterviewState, Question
from anklecheck.errors import AnklecheckError, InvalidInputError

if TYPE_CHECKING:
    from questionary import Choice
    from rich.console import Console, RenderableType

EXIT_INTERRUPTED = 130
NEEDS_TERMINAL = "anklecheck check needs an interactive terminal; use --answers FILE for a non-interactive run"
ANSWERS_EXAMPLE = '{"age": 42, "sex": "male", "pain_location": ["pain_back_of_ankle"], "fever": false}'
TEXT = "text"  # the answers file's key for the opening words
STORY_PROMPT = "What's going on with your ankle, foot or leg? Say it in your own words"


class Nav(Enum):
    """Menu entries that are not answers."""

    BACK = "back"
    HELP = "help"
    DONT_KNOW = "dont_know"
    NONE = "none_of_these"
    CHOOSE = "choose"


Reply = AnswerValue | Nav  # an answer, or a menu entry that is not one


@dataclass(frozen=True)
class Options:
    save: Path | None = None
    resume: Path | None = None
    answers: Path | None = None
    as_json: bool = False


def run(make_checker: Callable[[], Checker], options: Options) -> int:
    """Run the interview (interactive, or from ``options.answers``); return the exit code."""
    given = read_answers(options.answers) if options.answers is not None else None
    if given is None and not is_interactive():
        raise AnklecheckError(NEEDS_TERMINAL, hint="Run it in a terminal, or pass --answers FILE (a JSON file).")
    interviewer = Interviewer(make_checker())
    state = load_state(options.resume, interviewer) if options.resume is not None else None
    save_state(options.save, state or InterviewState())  # early: an unwritable --save fails before any question
    if given is not None:
        return run_from_answers(interviewer, state or interviewer.start(_story(given)), given, options)
    return run_interactive(interviewer, state, options)


def _story(given: Mapping[str, Any]) -> str | None:
    story = given.get(TEXT)
    if story is None or isinstance(story, str):
        return story
    raise InvalidInputError(
        TEXT, f"must be a string (what happened, in your own words), not {json.dumps(story)}", hint=ANSWERS_EXAMPLE
    )


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


# -- files -----------------------------------------------------------------------------------


def load_state(path: Path, interviewer: Interviewer) -> InterviewState:
    """A state saved by ``--save``; checked against the current questions."""
    state = InterviewState.from_json(_read(path, "--resume"))
    try:
        answers = dict(state.answers)
        if answers.get(AGE) is not None and state.age is None:
            raise InvalidInputError(AGE, f"{answers[AGE]!r} is not an age in whole years")
        interviewer.assess(state)  # validates the age range, sex and every finding and option id
    except AnklecheckError as error:
        raise InvalidInputError(
            "--resume",
            f"{path} does not fit the current questions ({error.message})",
            hint="Start a new interview without --resume.",
        ) from None
    return state


def save_state(path: Path | None, state: InterviewState) -> None:
    if path is None:
        return
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(state.to_json() + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        raise InvalidInputError(
            "--save", f"cannot write {path} ({exc.strerror})", hint="Choose a file in a folder you can write to."
        ) from None


def read_answers(path: Path) -> dict[str, Any]:
    text = _read(path, "--answers")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            "--answers",
            f"{path} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            hint=f"Write one JSON object of question id to answer, e.g. {ANSWERS_EXAMPLE}",
        ) from None
    if not isinstance(data, dict):
        raise InvalidInputError(
            "--answers",
            f"{path} holds a JSON {type(data).__name__}, not an object",
            hint=f"Write one JSON object of question id to answer, e.g. {ANSWERS_EXAMPLE}",
        )
    return data


def _read(path: Path, option: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InvalidInputError(option, f"cannot read {path} ({reason})", hint="Check the file name.") from None


# -- non-interactive -------------------------------------------------------------------------


def run_from_answers(
    interviewer: Interviewer, state: InterviewState, given: Mapping[str, Any], options: Options
) -> int:
    checker = interviewer.checker
    check_question_ids(checker, given)
    questions: dict[str, Question] = {}
    used: set[str] = set()
    while (question := interviewer.next_question(state)) is not None:
        questions[question.id] = question
        raw, from_options = raw_answer(question, given)
        used.update(from_options)
        state = state.answer(question.id, answer_from_file(question, raw))
        save_state(options.save, state)
    unused = [key for key in given if key not in state.asked and key not in used and key != TEXT]
    for key in unused:
        print(f"warning: {_unused_text(checker, key)}", file=sys.stderr)
    _show_result(interviewer, state, questions, options, unused)
    return 0


def raw_answer(question: Question, given: Mapping[str, Any]) -> tuple[object, list[str]]:
    """The file's answer to a question, and the option ids it was read from (if any).

    A grouped question may also be answered by its options given as yes/no findings
    (``"felt_pop_or_snap": true``), as in files written before the question became a checklist:
    options given true are ticked; all options given false is "none of these"; anything less
    leaves the question unknown.
    """
    if question.id in given or question.type in ("number", "single") or question.id == SEX:
        return given.get(question.id), []
    options = [item.id for item in question.items if item.id in given]
    for option in options:
        if not (given[option] is None or isinstance(given[option], bool)):
            raise InvalidInputError(
                option,
                f"the answer must be true, false or null (don't know), not {json.dumps(given[option])}",
                hint=f"It is an option of question {question.id!r}: {question.text}",
            )
    ticked = [option for option in options if given[option] is True]
    if ticked:
        return ticked, options
    if options and len(options) == len(question.items) and all(given[o] is False for o in options):
        return [], options
    return None, []


def check_question_ids(checker: Checker, given: Mapping[str, Any]) -> None:
    known = {TEXT, AGE, SEX, *checker.pack.groups, *checker.pack.findings}
    for key in given:
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=3)
            hint = "Did you mean: " + ", ".join(close) + "?" if close else "See the ids with `anklecheck findings`."
            raise InvalidInputError(key, "is not a question id", hint=hint)


def _unused_text(checker: Checker, key: str) -> str:
    finding = checker.pack.findings.get(key)
    if finding is not None and finding.group:
        return (
            f"{key} was not used: it is an option of question {finding.group}; answer that question with a list "
            f'(e.g. "{finding.group}": [] for none of these)'
        )
    return f"{key} was not used: the interview did not ask it"


def answer_from_file(question: Question, raw: object) -> AnswerValue:
    """The answer in the file for one question, checked against its type (None = don't know)."""
    if raw is None:
        return None
    if question.type == "number":
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= MAX_AGE:
            return raw
        raise _bad(question, raw, f"a whole number from 0 to {MAX_AGE}")
    ids = [item.id for item in question.items]
    if question.id == SEX:
        if isinstance(raw, str) and raw.lower() in ids:
            return raw.lower()
        raise _bad(question, raw, " or ".join(f'"{i}"' for i in ids))
    if question.type == "single":
        if isinstance(raw, bool):
            return raw
        raise _bad(question, raw, "true or false")
    return _group_answer(question, raw, ids)


def _group_answer(question: Question, raw: object, ids: list[str]) -> tuple[str, ...]:
    chosen = [raw] if isinstance(raw, str) else raw
    if not isinstance(chosen, list) or not all(isinstance(item, str) for item in chosen):
        raise _bad(question, raw, "a list of option ids ([] for none of these)")
    unknown = [item for item in chosen if item not in ids]
    if unknown:
        raise InvalidInputError(
            question.id, f"{unknown[0]!r} is not one of its options", hint="Options: " + ", ".join(ids) + "."
        )
    if question.type == "group_single" and len(chosen) > 1:
        raise _bad(question, raw, "one option id (it is a single-choice question)")
    return tuple(chosen)


def _bad(question: Question, raw: object, expected: str) -> InvalidInputError:
    return InvalidInputError(
        question.id,
        f"the answer must be {expected} or null (don't know), not {json.dumps(raw)}",
        hint=f"Question {question.id!r}: {question.text}",
    )


# -- output ----------------------------------------------------------------------------------


def _show_result(
    interviewer: Interviewer,
    state: InterviewState,
    questions: Mapping[str, Question],
    options: Options,
    unused: list[str],
) -> None:
    result = interviewer.assess(state)
    if options.as_json:
        data = {**result.to_dict(), "questions": answered(state, questions), "unused_answers": unused}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from anklecheck.cli.render import console, render_assessment

    render_assessment(console(), result, interviewer.checker)


def answered(state: InterviewState, questions: Mapping[str, Question]) -> list[dict[str, object]]:
    """Every answer in order, with its question where it was asked in this run."""
    rows: list[dict[str, object]] = []
    for question_id, value in state.answers:
        shown = list(value) if isinstance(value, tuple) else value
        asked = questions.get(question_id)
        rows.append({**asked.to_dict(), "answer": shown} if asked else {"id": question_id, "answer": shown})
    return rows


# -- interactive -----------------------------------------------------------------------------


def run_interactive(interviewer: Interviewer, state: InterviewState | None, options: Options) -> int:
    from rich.console import Console
    from rich.text import Text

    out = Console()
    ui = TerminalUI(out, none_labels(interviewer.checker))
    questions: dict[str, Question] = {}
    if state is not None:
        ui.note = f"Resumed {len(state.answers)} answer(s) from {options.resume}."
    try:
        with _keys_between_questions_kept():
            if state is None:
                state = _opening_words(interviewer, ui)
                save_state(options.save, state)
            while (question := interviewer.next_question(state)) is not None:
                questions[question.id] = question
                reply = ui.ask(question, state)
                state = state.undo() if reply is Nav.BACK else state.answer(question.id, reply)
                save_state(options.save, state)
    except (KeyboardInterrupt, EOFError):
        return _interrupted(state or InterviewState(), options.save)
    if not options.as_json:
        out.clear()
    _show_result(interviewer, state, questions, options, [])
    if options.save is not None:
        out.print(Text(f"Your answers are saved in {options.save}.", style="dim"))
    return 0


def _keys_between_questions_kept() -> AbstractContextManager[None]:
    """The terminal stays in raw mode from the first question to the last.

    Each question is its own prompt_toolkit application, which restores the terminal's cooked mode
    when it ends. A key pressed in the moment before the next one starts would then be handled by
    the terminal: Ctrl-C became a SIGINT that asyncio, starting the next prompt, could swallow, and
    the interview hung. In raw mode the key waits as input and the next question reads it.
    """
    from prompt_toolkit.input import create_input

    return create_input().raw_mode()


def _opening_words(interviewer: Interviewer, ui: TerminalUI) -> InterviewState:
    """The person's own words first; what they said is shown back and not asked again."""
    from anklecheck.cli.render import understood_panel

    while True:
        story = ui.story()
        if not story.strip():
            return InterviewState()
        try:
            parsed = interviewer.checker.parse(story)
        except InvalidInputError as error:  # e.g. too long: say so and ask again
            ui.out.print(f"[yellow]{error.message}. {error.hint}[/yellow]")
            continue
        ui.note = understood_panel(parsed, interviewer.checker)  # shown above the first question
        return interviewer.start(parsed)


def _interrupted(state: InterviewState, save: Path | None) -> int:
    if save is None:
        print("\nStopped; nothing was saved (use --save FILE to keep your answers).", file=sys.stderr)
    else:
        save_state(save, state)
        print(f"\nStopped; your answers are saved in {save} (continue with --resume {save}).", file=sys.stderr)
    return EXIT_INTERRUPTED


def none_labels(checker: Checker) -> dict[str, str]:
    """How "none of these" reads for each grouped question (a pack may name it, e.g. "Less than 3 days")."""
    return {
        group_id: str(getattr(group, "none_option", "") or "None of these")
        for group_id, group in checker.pack.groups.items()
    }


class TerminalUI:
    """Asks one `Question` with questionary; returns the answer value or `Nav.BACK`."""

    def __init__(self, out: Console, none_labels: Mapping[str, str]) -> None:
        self.out = out
        self.none_labels = none_labels
        self.note: RenderableType = ""  # shown once, on the next screen

    def ask(self, question: Question, state: InterviewState) -> AnswerValue | Literal[Nav.BACK]:
        from rich.text import Text

        from anklecheck.cli.render import render_question, render_why

        can_go_back = bool(state.answers)
        self.out.clear()
        if self.note:
            self.out.print(Text(self.note, style="dim") if isinstance(self.note, str) else self.note)
            self.note = ""
        render_question(self.out, question, len(state.answers) + 1)
        while True:
            reply = self._prompt(question, can_go_back)
            if reply is Nav.HELP:
                render_why(self.out, question)
            elif reply is Nav.BACK:
                if can_go_back:
                    return Nav.BACK
                self.out.print(Text("This is the first question; there is nothing to go back to.", style="yellow"))
            elif isinstance(reply, Nav):
                raise TypeError(f"unexpected menu entry {reply}")
            else:
                return reply

    def story(self) -> str:
        import questionary

        self.out.clear()
        text: str = questionary.text(
            STORY_PROMPT, instruction="(one or two sentences; Enter on its own to skip)"
        ).unsafe_ask()
        return text

    def _prompt(self, question: Question, can_go_back: bool) -> Reply:
        if question.type == "number":
            return self._number(can_go_back)
        if question.type == "single":
            return self._yes_no()
        if question.type == "group_multiple":
            return self._many(question)
        return self._one(question)

    def _number(self, can_go_back: bool) -> Reply:
        import questionary

        keys = "? = why we ask, < = back" if can_go_back else "? = why we ask"
        text: str = questionary.text(
            "Your age in years", validate=_number_problem, instruction=f"({keys})"
        ).unsafe_ask()
        text = text.strip()
        if text in ("?", "<"):
            return Nav.HELP if text == "?" else Nav.BACK
        return int(text)

    def _yes_no(self) -> Reply:
        from questionary import Choice

        return _dont_know(self._select("Your answer", [Choice("Yes", True), Choice("No", False)]))

    def _one(self, question: Question) -> Reply:
        from questionary import Choice

        choices = [Choice(item.text, item.id) for item in question.items]
        if question.id == SEX:  # the answer is the item id itself, not a tuple
            return _dont_know(self._select("Your answer", choices, dont_know="Prefer not to say"))
        choices.append(Choice(self.none_labels.get(question.id, "None of these"), Nav.NONE))
        reply = _dont_know(self._select("Choose one", choices))
        if isinstance(reply, Nav) or reply is None:
            return () if reply is Nav.NONE else reply
        return (str(reply),)

    def _many(self, question: Question) -> Reply:
        import questionary
        from questionary import Choice

        while True:
            none = self.none_labels.get(question.id, "None of these")
            menu = [Choice("Choose from the list…", Nav.CHOOSE), Choice(none, Nav.NONE)]
            reply = _dont_know(self._select("Your answer", menu))
            if reply is Nav.NONE:
                return ()
            if reply is not Nav.CHOOSE:
                return reply
            ticked: list[str] = questionary.checkbox(
                "Tick all that apply",
                choices=[Choice(item.text, item.id) for item in question.items],
                instruction="(Space to tick, Enter to confirm; nothing ticked goes back to the menu)",
            ).unsafe_ask()
            if ticked:
                return tuple(ticked)

    def _select(self, message: str, choices: list[Choice], dont_know: str = "Don't know") -> object:
        import questionary
        from questionary import Choice, Separator

        extras = [
            Choice(dont_know, Nav.DONT_KNOW),
            Separator(),
            Choice("Why are you asking?", Nav.HELP),
            Choice("← Back", Nav.BACK),
        ]
        value: object = questionary.select(
            message, choices=[*choices, *extras], instruction="(↑/↓ to move, Enter to choose)"
        ).unsafe_ask()
        return value


def _dont_know(value: object) -> Reply:
    if value is Nav.DONT_KNOW:
        return None
    if isinstance(value, (bool, int, str, tuple, Nav)) or value is None:
        return value
    raise TypeError(f"unexpected menu value {value!r}")


def _number_problem(text: str) -> bool | str:
    """questionary's validator: True, or the message shown under the input."""
    value = text.strip()
    if value in ("?", "<") or (value.isascii() and value.isdigit() and int(value) <= MAX_AGE):
        return True
    return f"Please type your age as a whole number from 0 to {MAX_AGE} (or ? to see why we ask)."
