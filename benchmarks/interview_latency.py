"""How long `next_question` takes at every step of the simulated interviews, not just one state.

Run: .venv/bin/python benchmarks/interview_latency.py [vignettes]
Prints the median, 90th percentile and maximum over all states the simulated interviews pass
through, and the same for `assess` on those states (the ratio is steadier than the absolute
figures on a shared machine).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from anklecheck import Checker
from anklecheck.engine.interview import AGE, SEX, Interviewer, InterviewState
from anklecheck.evaluation import load_cases
from anklecheck.evaluation.simulate import answer_from_case


def states(interviewer: Interviewer, folder: Path) -> list[InterviewState]:
    """Every state after the opening questions in the simulated interviews of the cases."""
    seen = []
    for case in load_cases([folder]):
        findings = {e.id: e.present for e in interviewer.checker.assess(case.findings).evidence}
        state = InterviewState().answer(AGE, case.age).answer(SEX, case.sex)
        while (question := interviewer.next_question(state)) is not None:
            state = state.answer(question.id, answer_from_case(case, question, findings))
            if state.asked >= {AGE, SEX, *interviewer.opening_groups}:
                seen.append(state)
    return seen


def timed(call: Callable[[InterviewState], object], all_states: list[InterviewState]) -> list[float]:
    times = []
    for state in all_states:
        start = time.perf_counter()
        call(state)
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("vignettes")
    interviewer = Interviewer(Checker())
    all_states = states(interviewer, folder)
    print(f"{len(all_states)} interview states from {folder}\n")
    print("| call | median ms | p90 ms | max ms |")
    print("|---|---|---|---|")
    medians = {}
    for name, call in (("next_question", interviewer.next_question), ("assess", interviewer.assess)):
        times = timed(call, all_states)
        medians[name] = statistics.median(times)
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"| {name} | {medians[name]:.2f} | {p90:.2f} | {times[-1]:.2f} |")
    print(f"\nnext_question / assess (medians): {medians['next_question'] / medians['assess']:.1f}")


if __name__ == "__main__":
    main()
