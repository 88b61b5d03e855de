"""`anklecheck check`: the terminal interview, from an answers file and through a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from anklecheck.cli.app import app
from anklecheck.cli.check import NEEDS_TERMINAL, answer_from_file, raw_answer
from anklecheck.engine.checker import Checker
from anklecheck.engine.interview import AGE, SEX, AnswerValue, Interviewer, InterviewState, Item, Question
from anklecheck.engine.triage import LEVEL_TEXT
from anklecheck.errors import InvalidInputError

runner = CliRunner()
ACHILLES = {
    "age": 42,
    "sex": "male",
    "main_complaint": ["complaint_pain"],
    "pain_location": ["pain_back_of_ankle"],
    "felt_pop_or_snap": True,
    "cannot_tiptoe_single_leg": True,
    "fever": False,
}
DOWN, UP, ENTER = "\x1b[B", "\x1b[A", "\r"
MAX_SCREENS = 40
TIMEOUT = 20


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, data: object) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def interviewer() -> Interviewer:
    return Interviewer(Checker.from_env())  # what the command itself uses


# -- non-interactive: --answers ----------------------------------------------------------------


def test_answers_file_names_achilles_rupture_as_a_likely_cause(tmp_path: Path) -> None:
    code, out, err = run("--answers", str(write(tmp_path / "a.json", ACHILLES)), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert "achilles_rupture" in [c["id"] for c in data["conditions"][:3]]
    assert data["triage"]["level"] in {"emergency_ambulance", "emergency", "consultation_24"}
    asked = [q["id"] for q in data["questions"]]
    assert asked[:2] == [AGE, SEX]
    assert data["questions"][0]["answer"] == 42
    assert data["patient"] == {"age": 42, "sex": "male"}
    assert all(q["type"] in {"number", "single", "group_single", "group_multiple"} for q in data["questions"])


def test_answers_file_screen_is_the_assess_screen(tmp_path: Path) -> None:
    code, out, err = run("--answers", str(write(tmp_path / "a.json", ACHILLES)))
    assert code == 0, err
    assert "How urgent" in out
    assert "Possible causes" in out
    assert "Achilles tendon rupture" in out


def test_answers_file_missing_answers_mean_dont_know(tmp_path: Path) -> None:
    code, out, err = run("--answers", str(write(tmp_path / "a.json", {"age": 30})), "--json")
    assert code == 0, err
    data = json.loads(out)
    answers = {q["id"]: q["answer"] for q in data["questions"]}
    assert answers.pop(AGE) == 30
    assert set(answers.values()) == {None}


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('{"age": 42, ', "not valid JSON"),
        ("[1, 2]", "not an object"),
        ({"age": "forty"}, "age:"),
        ({"age": 300}, "age:"),
        ({"sex": "robot"}, "sex:"),
        ({"main_complaint": "not_an_option"}, "main_complaint:"),
        ({"main_complaint": 5}, "main_complaint:"),
        ({"agee": 42}, "Did you mean: age?"),
    ],
)
def test_bad_answers_file_gives_the_error_shape(tmp_path: Path, content: object, named: str) -> None:
    code, out, err = run("--answers", str(write(tmp_path / "a.json", content)))
    assert code == 2
    assert err.startswith("error: ")
    assert "hint: " in err
    assert named in err
    assert "Traceback" not in out + err


def test_wrong_type_for_a_yes_no_question_names_it(tmp_path: Path) -> None:
    code, out, _ = run("--answers", str(write(tmp_path / "a.json", ACHILLES)), "--json")
    single = next(q["id"] for q in json.loads(out)["questions"] if q["type"] == "single")
    code, _, err = run("--answers", str(write(tmp_path / "b.json", {**ACHILLES, single: "yes"})))
    assert code == 2
    assert err.startswith(f"error: {single}: the answer must be true or false")


def test_missing_answers_file_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("--answers", str(tmp_path / "nowhere.json"))
    assert code == 2
    assert err.startswith("error: --answers: cannot read")


def test_without_a_terminal_and_without_answers_says_so() -> None:
    code, out, err = run()
    assert code == 2
    assert err.splitlines()[0] == f"error: {NEEDS_TERMINAL}"
    assert "Traceback" not in out + err


def test_without_a_terminal_the_console_script_says_so_too() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "anklecheck.cli.app", "check"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert NEEDS_TERMINAL in done.stderr
    assert "Traceback" not in done.stderr


def test_save_then_resume_gives_the_same_result(tmp_path: Path, interviewer: Interviewer) -> None:
    saved = tmp_path / "saved.json"
    code, out, err = run("--answers", str(write(tmp_path / "a.json", ACHILLES)), "--save", str(saved), "--json")
    assert code == 0, err
    state = InterviewState.from_json(saved.read_text(encoding="utf-8"))
    assert [q for q, _ in state.answers] == [q["id"] for q in json.loads(out)["questions"]]
    assert interviewer.next_question(state) is None  # the saved interview is complete

    code, again, err = run("--resume", str(saved), "--answers", str(write(tmp_path / "none.json", {})), "--json")
    assert code == 0, err
    assert json.loads(again)["conditions"] == json.loads(out)["conditions"]


def test_resume_of_a_partial_interview_continues_where_it_stopped(tmp_path: Path, interviewer: Interviewer) -> None:
    saved = write(tmp_path / "saved.json", InterviewState().answer(AGE, 42).answer(SEX, "male").to_json())
    expected = interviewer.next_question(InterviewState.from_json(saved.read_text(encoding="utf-8")))
    assert expected is not None
    code, out, err = run("--resume", str(saved), "--answers", str(write(tmp_path / "none.json", {})), "--json")
    assert code == 0, err
    questions = json.loads(out)["questions"]
    assert questions[0] == {"id": AGE, "answer": 42}  # resumed: not asked again
    assert questions[2]["id"] == expected.id


@pytest.mark.parametrize(
    "content",
    ["not json", '{"answers": 3}', '{"version": 1, "answers": [["age", "old"]]}', '{"answers": [["nope", true]]}'],
)
def test_bad_resume_file_gives_the_error_shape(tmp_path: Path, content: str) -> None:
    code, out, err = run(
        "--resume", str(write(tmp_path / "bad.json", content)), "--answers", str(write(tmp_path / "a.json", {}))
    )
    assert code == 2
    assert err.startswith("error: ")
    assert "hint: " in err
    assert "Traceback" not in out + err


def test_answer_values_from_a_file_follow_the_question_type() -> None:
    group = Question("where", "group_multiple", "Where?", "", (Item("a", "A"), Item("b", "B")), "")
    one = Question("when", "group_single", "When?", "", (Item("a", "A"), Item("b", "B")), "")
    sex = Question(SEX, "group_single", "Sex?", "", (Item("female", "Female"), Item("male", "Male")), "")
    assert answer_from_file(group, ["a", "b"]) == ("a", "b")
    assert answer_from_file(group, []) == ()
    assert answer_from_file(group, None) is None
    assert answer_from_file(one, "b") == ("b",)
    assert answer_from_file(sex, "Female") == "female"
    with pytest.raises(InvalidInputError, match="one option id"):
        answer_from_file(one, ["a", "b"])
    with pytest.raises(InvalidInputError, match="'c' is not one of its options"):
        answer_from_file(group, ["c"])


def test_checklist_options_given_on_their_own_answer_their_question() -> None:
    group = Question("where", "group_multiple", "Where?", "", (Item("a", "A"), Item("b", "B")), "")
    assert raw_answer(group, {"where": ["b"], "a": True}) == (["b"], [])  # the question's own answer wins
    assert raw_answer(group, {"a": True, "b": False}) == (["a"], ["a", "b"])  # ticked
    assert raw_answer(group, {"a": False, "b": False}) == ([], ["a", "b"])  # none of these
    assert raw_answer(group, {"a": False}) == (None, [])  # not enough to say: don't know
    with pytest.raises(InvalidInputError, match=r"^a: the answer must be true, false or null"):
        raw_answer(group, {"a": "yes"})


# -- through a pseudo-terminal -------------------------------------------------------------------

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def spawn(tmp_path: Path, *args: str, story: str | None = "") -> pexpect.spawn:
    """The command in a pseudo-terminal, past its opening free-text prompt (`story` typed there;
    None when the command does not ask it, as on --resume)."""
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "anklecheck.cli.app", "check", *args],
        cwd=str(tmp_path),
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    child.logfile_read = (tmp_path / "screen.log").open("a", encoding="utf-8")
    if story is not None:
        child.expect_exact("own words")
        child.send(story + ENTER)
    return child


def screen_log(tmp_path: Path) -> str:
    return (tmp_path / "screen.log").read_text(encoding="utf-8")


def expect_screen(child: pexpect.spawn, number: int, question: Question) -> None:
    """The screen of question `number`: counter, question text, then the prompt ready for keys."""
    child.expect_exact(f"Question {number}")
    child.expect_exact(question.text[:40])
    child.expect_exact("why we ask" if question.type == "number" else "to move")


def policy_keys(question: Question) -> tuple[str, AnswerValue]:
    """Keys for a fixed policy (age 42, male, No, none of these) and the answer they give."""
    if question.type == "number":
        return "42" + ENTER, 42
    if question.id == SEX:
        return DOWN + ENTER, "male"
    if question.type == "single":
        return DOWN + ENTER, False
    if question.type == "group_single":
        return DOWN * len(question.items) + ENTER, ()  # past the options to "None of these"
    return DOWN + ENTER, ()  # the menu before a checklist: "None of these"


def finish(child: pexpect.spawn) -> None:
    child.expect(pexpect.EOF)
    child.close()


@pytest.mark.slow
@posix_only
def test_interview_in_a_terminal_with_help_back_and_result(tmp_path: Path, interviewer: Interviewer) -> None:
    child = spawn(tmp_path)
    state = InterviewState()
    done: set[str] = set()  # the detours taken once each

    def once(name: str) -> bool:
        first = name not in done
        done.add(name)
        return first

    for _ in range(MAX_SCREENS):
        question = interviewer.next_question(state)
        if question is None:
            break
        number = len(state.answers) + 1
        expect_screen(child, number, question)
        if question.type == "number" and once("bad age"):
            child.send("forty" + ENTER)  # not a number: explained, asked again
            child.expect_exact("whole number from 0 to 120")
            child.send("\x7f" * 5 + "?" + ENTER)  # then "?": why we ask
            child.expect_exact("Why we ask")
            child.expect_exact("why we ask")
        if question.id == SEX and once("back to age"):
            child.send(UP + ENTER)  # up from the top wraps to "← Back": the age is asked again
            state = state.undo()
            continue
        if question.type == "single" and once("help"):
            child.send(UP + UP + ENTER)  # "Why are you asking?", then the same question again
            child.expect_exact("Why we ask")
            child.expect_exact("to move")
        if number == 6 and once("back later"):
            child.send(UP + ENTER)
            state = state.undo()
            continue
        if question.type == "group_multiple" and number > 2 and once("tick"):
            child.send(ENTER)  # "Choose from the list…" opens the checklist
            child.expect_exact("Space to tick")
            child.send(" " + ENTER)  # tick the first option
            state = state.answer(question.id, (question.items[0].id,))
            continue
        keys, value = policy_keys(question)
        child.send(keys)
        state = state.answer(question.id, value)
    else:
        pytest.fail(f"no result after {MAX_SCREENS} screens")
    assert done == {"bad age", "back to age", "help", "back later", "tick"}
    child.expect_exact("How urgent")
    child.expect_exact("Possible causes")
    finish(child)
    assert child.exitstatus == 0
    screen = screen_log(tmp_path)
    assert "Traceback" not in screen
    assert LEVEL_TEXT[interviewer.assess(state).triage.level] in screen


@pytest.mark.slow
@posix_only
def test_back_is_not_possible_at_the_first_question(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect_exact("why we ask")
    child.send("<" + ENTER)
    child.expect_exact("nothing to go back to")
    child.sendcontrol("c")
    finish(child)
    assert child.exitstatus == 130


@pytest.mark.slow
@posix_only
def test_ctrl_c_leaves_with_130_and_no_traceback(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Question 1")
    child.expect_exact("why we ask")
    child.sendcontrol("c")
    child.expect_exact("Stopped")
    finish(child)
    assert child.exitstatus == 130
    assert "Traceback" not in screen_log(tmp_path)


@pytest.mark.slow
@posix_only
def test_ctrl_c_typed_right_behind_an_answer_still_stops(tmp_path: Path) -> None:
    """A key pressed before the next question is drawn is kept for it, Ctrl-C included."""
    child = spawn(tmp_path)
    child.expect_exact("why we ask")
    child.send("42" + ENTER + "\x03")
    child.expect_exact("Stopped")
    finish(child)
    assert child.exitstatus == 130


@pytest.mark.slow
@posix_only
def test_ctrl_c_saves_and_resume_asks_the_next_question(tmp_path: Path, interviewer: Interviewer) -> None:
    saved = tmp_path / "saved.json"
    child = spawn(tmp_path, "--save", str(saved))
    state = InterviewState()
    for number in (1, 2):
        question = interviewer.next_question(state)
        assert question is not None
        expect_screen(child, number, question)
        keys, value = policy_keys(question)
        child.send(keys)
        state = state.answer(question.id, value)
    child.expect_exact("Question 3")
    child.expect_exact("to move")
    child.sendcontrol("c")
    child.expect_exact(f"saved in {saved}")
    finish(child)
    assert child.exitstatus == 130

    restored = InterviewState.from_json(saved.read_text(encoding="utf-8"))
    assert restored == state
    expected = interviewer.next_question(restored)
    assert expected is not None
    child = spawn(tmp_path, "--resume", str(saved), story=None)
    child.expect_exact("Resumed 2 answer(s)")
    expect_screen(child, 3, expected)
    child.sendcontrol("c")
    finish(child)
    assert child.exitstatus == 130


@pytest.mark.slow
@posix_only
def test_opening_words_are_shown_back_and_not_asked_again(tmp_path: Path, interviewer: Interviewer) -> None:
    story = "I'm 42, male. Felt a pop at the back of my ankle at squash and now I can't stand on tiptoe on that leg"
    child = spawn(tmp_path, story=story)
    state = interviewer.start(story)
    question = interviewer.next_question(state)
    assert question is not None
    assert question.id not in (AGE, SEX)
    child.expect_exact("What I understood")
    expect_screen(child, 1, question)
    child.sendcontrol("c")
    finish(child)
    assert child.exitstatus == 130
    told = dict(state.told)
    assert told[AGE] == 42
    assert told["felt_pop_or_snap"] is True


def test_answers_file_text_is_read_first(tmp_path: Path) -> None:
    answers = {"text": "I'm 42, male. Felt a pop at the back of my ankle and can't stand on tiptoe on that leg"}
    code, out, err = run("--answers", str(write(tmp_path / "a.json", answers)), "--json")
    assert code == 0, err
    data = json.loads(out)
    asked = [q["id"] for q in data["questions"]]
    assert AGE not in asked
    assert SEX not in asked
    assert data["patient"] == {"age": 42, "sex": "male"}
    assert "achilles_rupture" in [c["id"] for c in data["conditions"][:3]]


def test_answers_file_text_must_be_a_string(tmp_path: Path) -> None:
    code, _, err = run("--answers", str(write(tmp_path / "a.json", {"text": 42})))
    assert code == 2
    assert "text" in err
    assert "Traceback" not in err
