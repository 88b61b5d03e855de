"""Follow-up after an assessment: the time since the symptoms began and how they have gone since
(better, same or worse) become evidence in the pack's own terms, and the engine re-assesses.

Nothing medical is decided here. The time since onset answers the pack's duration findings by
the day limits the intake already uses for "for 4 days" (``durations`` in intake/rules.yaml: more
than 3 days is ``duration_over_72h``, and so on); "same" or "worse" answers the pack's
``not_improving`` and "better" denies it. The triage then comes from the pack's rules: pain not
easing after 72 hours meets ``pain_beyond_72_hours`` (at least ``consultation``), a rash not
settling meets ``rash_not_settling``. "Worse" also clears the answers to the warning-sign
screens (the groups asked first, apart from the main complaint) so that the interview asks them
again before it gives a result: getting worse is when a warning sign may have appeared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from anklecheck.engine.answers import replace_answers, with_findings
from anklecheck.engine.interview import MAIN_COMPLAINT, AnswerValue, Interviewer, InterviewState
from anklecheck.intake.rules import load_rules

Progress = Literal["better", "same", "worse"]
PROGRESS_FINDING = "not_improving"


@dataclass(frozen=True)
class FollowUp:
    state: InterviewState
    recheck: tuple[str, ...]  # questions whose answers were cleared, to be asked again
    days: float  # days since the symptoms began


def duration_limits(interviewer: Interviewer) -> list[tuple[str, float]]:
    """The pack's duration findings with their day limits, longest first."""
    limits = [(rule.finding, rule.more_than_days) for rule in load_rules().durations]
    return sorted(((f, d) for f, d in limits if f in interviewer.pack.findings), key=lambda item: -item[1])


def onset(interviewer: Interviewer, state: InterviewState, assessed_at: datetime) -> datetime:
    """When the symptoms began, as far as the answers tell: the assessment time minus the longest
    duration the person said they had then (the assessment time when they said none)."""
    present = interviewer.findings(state)
    days = max((d for f, d in duration_limits(interviewer) if present.get(f) is True), default=0.0)
    return assessed_at - timedelta(days=days)


def follow_up(
    interviewer: Interviewer,
    state: InterviewState,
    *,
    began: datetime,
    now: datetime,
    progress: Progress,
    findings: Mapping[str, bool | None] | None = None,
) -> FollowUp:
    """The state after a follow-up at ``now``: durations and progress updated, new evidence added
    (it wins over earlier answers), and the warning-sign screens cleared when it got worse."""
    days = max((now - began).total_seconds() / 86_400, 0.0)
    updates = _duration_answers(interviewer, days)
    if PROGRESS_FINDING in interviewer.pack.findings:
        updates[PROGRESS_FINDING] = progress != "better"
    recheck = _screens(interviewer, state) if progress == "worse" else ()
    changed = replace_answers(state, updates, clear=recheck)
    if findings:
        changed = with_findings(interviewer, changed, findings)
    return FollowUp(changed, recheck, days)


def _duration_answers(interviewer: Interviewer, days: float) -> dict[str, AnswerValue]:
    """Answers to the duration questions for this many days: the longest limit passed (its
    implications in the pack give the shorter ones), by group when the findings form one."""
    limits = duration_limits(interviewer)
    passed = [f for f, limit in limits if days > limit]
    findings = interviewer.pack.findings
    groups = {findings[f].group for f, _ in limits}
    if len(groups) == 1 and None not in groups:
        (group,) = groups
        return {str(group): tuple(passed[:1])}
    return {f: f in passed for f, _ in limits}


def _screens(interviewer: Interviewer, state: InterviewState) -> tuple[str, ...]:
    """The answered warning-sign screens: every group asked first apart from the main complaint."""
    return tuple(g for g in interviewer.opening_groups if g != MAIN_COMPLAINT and g in state.asked)
