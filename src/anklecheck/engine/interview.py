"""The adaptive interview: which question to ask next, and when to stop.

Most findings belong to groups in the pack and are asked as one checklist screen ("Do you have
any of these?"); the rest (tests such as the calf squeeze, where "don't know" matters per item)
are yes/no questions. Order, as a careful clinician would ask:

1. age and sex, then every group marked ``ask_first`` in the pack: the main complaint and the
   warning signs (emergencies and must-not-miss signs such as fever or one swollen calf);
2. red flags: questions whose answer alone could make a warning rule fire (``red_flag`` or
   ``decision_rule``, above the current level) about a condition in view: an urgent one whose
   probability is at least `PLAUSIBLE_FRACTION` of its lowest urgent threshold, or the working
   diagnosis (at least `LEADING`);
3. otherwise the highest score: expected information gain over the condition posterior (bits,
   on a flattened posterior so that rarer causes get their questions), plus `URGENCY_WEIGHT`
   times the expected change in the probability of an urgent condition and the expected
   escalation (P(yes) times the triage levels a rule would add).

Answers are scored exactly for yes/no and choose-one questions. Checklist answers are simulated:
`CHECKLIST_SAMPLES` draws from the posterior predictive (fixed draws, so the same state always
gets the same question). "One answer away" from a rule is worked out on the rules' disjunctive
normal form, so a checklist that could supply two findings a rule needs counts.

Stop rule (`should_stop`), in order: not before the opening questions; never while red-flag
questions remain; stop after `MAX_QUESTIONS`, when nothing is left to ask, or when no remaining
answer has at least `MIN_CHANGE` chance of changing the advice (the top cause or the triage level)
and none is expected to add `MIN_ESCALATION` triage levels (a step to the emergency department
counts more than a step to a routine appointment).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import Any, Literal

import numpy as np

from anklecheck.engine.checker import Checker, Weighing
from anklecheck.engine.result import Assessment
from anklecheck.errors import InvalidInputError, UnknownIdError
from anklecheck.intake.parser import ParseResult
from anklecheck.kb.expressions import Context
from anklecheck.kb.model import Array
from anklecheck.kb.schema import Rule, TriageLevel

# The policy's thresholds (see the module docstring); measured on the development vignettes with
# `anklecheck eval vignettes --interview` (docs/interview.md).
MIN_CHANGE = 0.1  # chance that an answer changes the advice, below which questions stop
MIN_ESCALATION = 0.1  # ... and triage levels it is expected to add (missing urgency costs more)
MAX_QUESTIONS = 20
# An urgent condition counts as plausible from this fraction of its lowest urgent threshold.
PLAUSIBLE_FRACTION = 0.05
LEADING = 0.3  # a condition this likely is the working diagnosis: its red flags are checked too
WARNING_KINDS = ("red_flag", "decision_rule")
URGENCY_WEIGHT = 2.0  # how much one unit of expected urgency change counts against one bit
SELECTION_FLATTENING = 0.5  # exponent applied to the posterior when choosing questions
CHECKLIST_SAMPLES = 32  # simulated answers per checklist question when scoring it

AGE, SEX, MAIN_COMPLAINT = "age", "sex", "main_complaint"
OPENING_RATIONALE = {MAIN_COMPLAINT: "Asked of everyone first: it decides which causes to consider."}
SCREENING_RATIONALE = "Asked of everyone: signs that need urgent care are checked before anything else."
_Outcomes = Callable[[Array], tuple[Array, Array]]
QuestionType = Literal["number", "single", "group_single", "group_multiple"]
AnswerValue = bool | int | str | tuple[str, ...] | None


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    text: str
    help: str
    items: tuple[Item, ...]
    rationale: str
    none_option: str | None = None  # grouped questions: how "nothing applies" reads

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "type": self.type,
            "text": self.text,
            "help": self.help,
            "items": [{"id": i.id, "text": i.text} for i in self.items],
            "none_option": self.none_option,
            "rationale": self.rationale,
        }


@dataclass(frozen=True)
class StopDecision:
    stop: bool
    reason: str


@dataclass(frozen=True)
class InterviewState:
    """The answers so far, in the order given: a small value to save, resume and undo.

    An answer is True/False/None (don't know) for a yes/no question, a tuple of chosen option
    ids (or None) for a grouped question, an int for age and "female"/"male"/None for sex.
    ``told`` holds what the person's own words said before the first question (findings, age,
    sex): never asked again, and not undone; an answer to a question wins over it.
    """

    answers: tuple[tuple[str, AnswerValue], ...] = field(default=())
    told: tuple[tuple[str, AnswerValue], ...] = field(default=())

    @cached_property
    def asked(self) -> frozenset[str]:
        return frozenset(question for question, _ in self.answers)

    @property
    def age(self) -> int | None:
        value = dict(self.told + self.answers).get(AGE)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def sex(self) -> str | None:
        value = dict(self.told + self.answers).get(SEX)
        return value if isinstance(value, str) else None

    @cached_property
    def told_findings(self) -> dict[str, bool]:
        return {f: v for f, v in self.told if f not in (AGE, SEX) and isinstance(v, bool)}

    def answer(self, question_id: str, value: AnswerValue) -> InterviewState:
        if question_id in self.asked:
            raise InvalidInputError(question_id, "has already been answered", hint="Undo it first to change it.")
        return replace(self, answers=(*self.answers, (question_id, value)))

    def undo(self) -> InterviewState:
        return replace(self, answers=self.answers[:-1])

    def to_json(self) -> str:
        def listed(pairs: tuple[tuple[str, AnswerValue], ...]) -> list[list[object]]:
            return [[q, list(v) if isinstance(v, tuple) else v] for q, v in pairs]

        return json.dumps({"version": 1, "answers": listed(self.answers), "told": listed(self.told)})

    @classmethod
    def from_json(cls, text: str) -> InterviewState:
        def pairs(items: list[list[Any]]) -> tuple[tuple[str, AnswerValue], ...]:
            return tuple((str(q), tuple(str(i) for i in v) if isinstance(v, list) else v) for q, v in items)

        try:
            data = json.loads(text)
            answers, told = pairs(data["answers"]), pairs(data.get("told", []))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InvalidInputError(
                "interview", f"is not a saved interview ({exc})", hint="Use a file written by --save."
            ) from None
        for _, value in answers + told:
            if not (value is None or isinstance(value, (bool, int, str, tuple))):
                raise InvalidInputError("interview", f"{value!r} is not an answer")
        return cls(answers, told)


class Interviewer:
    """Chooses questions for a `Checker`; every answer goes back through the same checker."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.pack = checker.pack
        model = checker.model
        self.model = model
        self.group_of = {f.id: f.group for f in self.pack.findings.values() if f.group}
        self.opening_groups = tuple(g.id for g in self.pack.groups.values() if g.ask_first)
        # Candidate questions: ungrouped findings by column, and groups by their member columns.
        self.single_columns = np.array(
            [i for i, f in enumerate(model.finding_ids) if f not in self.group_of], dtype=np.int64
        )
        self.group_columns = {
            group: np.array([model.finding_index[m] for m in members], dtype=np.int64)
            for group, members in self.pack.group_members.items()
            if group not in self.opening_groups
        }
        steps = [
            (c.id, min((s.threshold for s in c.triage.steps if s.level >= TriageLevel.consultation_24), default=None))
            for c in self.pack.conditions.values()
        ]
        self.urgent_threshold = {c: t for c, t in steps if t is not None}
        self.urgent_rows = np.array([model.condition_index[c] for c in self.urgent_threshold], dtype=np.int64)
        # Each rule's terms with the findings they need grouped by the question that asks them.
        self._rule_terms = [
            (compiled, [(term, self._by_question(term.needs)) for term in compiled.terms])
            for compiled in self.pack.rules
        ]
        self._checklists = _Checklists.build(
            [(g, columns) for g, columns in self.group_columns.items() if self.pack.groups[g].select == "several"],
            model.likelihood,
        )

    def _by_question(self, findings: frozenset[str]) -> tuple[tuple[str, frozenset[str]], ...]:
        questions: dict[str, set[str]] = {}
        for finding in findings:
            questions.setdefault(self.group_of.get(finding, finding), set()).add(finding)
        return tuple((question, frozenset(members)) for question, members in sorted(questions.items()))

    def start(self, text: str | ParseResult | None = None) -> InterviewState:
        """A new interview; with the person's own words, what they said is not asked again."""
        if text is None or (isinstance(text, str) and not text.strip()):
            return InterviewState()
        parsed = self.checker.parse(text) if isinstance(text, str) else text
        told: list[tuple[str, AnswerValue]] = [(e.id, e.present) for e in parsed.evidence if e.present is not None]
        if parsed.age is not None:
            told.append((AGE, parsed.age))
        if parsed.sex is not None:
            told.append((SEX, parsed.sex))
        return InterviewState(told=tuple(told))

    # -- evidence --------------------------------------------------------------------------

    def findings(self, state: InterviewState) -> dict[str, bool | None]:
        """The evidence the answers give (grouped answers expanded to their options), over what
        the person's own words told (a grouped question offered only the options not told)."""
        told = state.told_findings
        # A grouped question offers only the options not yet settled, so its answer ("none of
        # these") says nothing of a finding told or answered on its own ("felt a snap" from the
        # text, as the API records it) -- that answer stands.
        settled = {*told, *(q for q, _ in state.answers if q not in self.pack.groups and q not in (AGE, SEX))}
        evidence: dict[str, bool | None] = dict(told)
        for question, value in state.answers:
            if question in (AGE, SEX):
                continue
            if question in self.pack.groups:
                evidence.update((f, v) for f, v in self._group_evidence(question, value).items() if f not in settled)
            else:
                evidence[question] = value if isinstance(value, bool) else None
        return evidence

    def _group_evidence(self, group_id: str, value: AnswerValue) -> dict[str, bool | None]:
        members = self.pack.group_members[group_id]
        if not isinstance(value, tuple):
            return dict.fromkeys(members, None)
        unknown = [m for m in value if m not in members]
        if unknown:
            raise UnknownIdError("finding", unknown[0], members)
        unselected: bool | None = None if self.pack.groups[group_id].unselected == "unknown" else False
        # "More than 6 weeks" also means "more than 2 weeks": options a choice implies are not absent.
        implied = frozenset().union(*(self.pack.implications[m] for m in value))
        return {m: True if m in value else None if m in implied else unselected for m in members}

    def assess(self, state: InterviewState) -> Assessment:
        return self.checker.assess(self.findings(state), age=state.age, sex=state.sex)

    # -- choosing --------------------------------------------------------------------------

    def next_question(self, state: InterviewState) -> Question | None:
        """The question to ask now, or None when the interview should stop."""
        opening = self._opening(state)
        if opening is not None:
            return opening
        view = self._view(state)  # built once: both the stop rule and the choice read it
        if self._stop(state, view).stop:
            return None
        return self._best(state, view)

    def should_stop(self, state: InterviewState) -> StopDecision:
        if self._opening(state) is not None:
            return StopDecision(False, "the opening questions come first")
        return self._stop(state, self._view(state))

    def _stop(self, state: InterviewState, view: _View) -> StopDecision:
        if view.red_flags:
            return StopDecision(False, "warning signs of an urgent condition remain to be checked")
        asked = len([q for q, _ in state.answers if q not in (AGE, SEX)])
        if asked >= MAX_QUESTIONS:
            return StopDecision(True, f"{MAX_QUESTIONS} questions asked")
        if not view.scores:
            return StopDecision(True, "nothing left to ask")
        if view.max_change < MIN_CHANGE and view.max_escalation < MIN_ESCALATION:
            return StopDecision(True, "no remaining answer is likely to change the advice")
        return StopDecision(False, "an answer may still change the advice")

    def _opening(self, state: InterviewState) -> Question | None:
        asked = state.asked
        if state.age is None and AGE not in asked:
            return Question(
                AGE,
                "number",
                "How old are you?",
                "Age changes which causes are likely.",
                (),
                "Asked first: age changes which causes are likely.",
            )
        if state.sex is None and SEX not in asked:
            items = (Item("female", "Female"), Item("male", "Male"))
            return Question(
                SEX,
                "group_single",
                "What is your sex?",
                "Sex at birth; some causes are more common in one sex.",
                items,
                "Asked first: some causes are more common in women or in men.",
            )
        for group in self.opening_groups:
            if group not in asked and self._open_items(group, state):
                return self._group_question(group, OPENING_RATIONALE.get(group, SCREENING_RATIONALE), state)
        return None

    def _open_items(self, group_id: str, state: InterviewState) -> list[str]:
        """The options of a group not yet settled, by the person's words or by an answer given to
        the option on its own (as evidence per finding arrives through the API): none when one
        option of a choose-one group or the problem itself (the main complaint) is settled as
        present, else the options not settled (warning signs not mentioned are still asked)."""
        members = self.pack.group_members[group_id]
        settled = state.told_findings | {q: v for q, v in state.answers if q in members}
        settles = self.pack.groups[group_id].select == "one" or group_id == MAIN_COMPLAINT
        if settles and any(settled.get(m) is True for m in members):
            return []
        return [m for m in members if m not in settled]

    def _best(self, state: InterviewState, view: _View) -> Question | None:
        pool = view.red_flags or view.scores
        if not pool:
            return None
        chosen = max(pool, key=lambda q: (view.scores.get(q, 0.0), q))
        rationale = view.red_flags[chosen] if chosen in view.red_flags else self._separating(chosen, view)
        if chosen in self.pack.groups:
            return self._group_question(chosen, rationale, state)
        finding = self.pack.findings[chosen]
        return Question(chosen, "single", finding.question, finding.help, (), rationale)

    def _group_question(self, group_id: str, rationale: str, state: InterviewState) -> Question:
        group = self.pack.groups[group_id]
        members = (self.pack.findings[m] for m in self._open_items(group_id, state))
        items = tuple(Item(f.id, f.option or f.label or f.question) for f in members)
        kind: QuestionType = "group_multiple" if group.select == "several" else "group_single"
        return Question(group_id, kind, group.question, group.help, items, rationale, group.none_option)

    def _separating(self, question: str, view: _View) -> str:
        columns = self.group_columns.get(question)
        column = (
            int(columns[np.argmax(np.var(self.model.likelihood[view.plausible][:, columns], axis=0))])
            if columns is not None
            else self.model.finding_index[question]
        )
        values = self.model.likelihood[view.plausible, column]
        high, low = view.plausible[int(np.argmax(values))], view.plausible[int(np.argmin(values))]
        if high == low or high >= len(self.model.condition_ids) or low >= len(self.model.condition_ids):
            return "Asked because it is the most informative question left."
        names = [self.pack.conditions[self.model.condition_ids[r]].name for r in (high, low)]
        return f"Asked because it separates {names[0]} from {names[1]}."

    # -- scoring ---------------------------------------------------------------------------

    def _view(self, state: InterviewState) -> _View:
        findings = self.findings(state)
        result = self.checker.weigh(findings, age=state.age, sex=state.sex)
        known = {e.id for e in result.evidence if e.present is not None} | {f for f, v in findings.items() if v is None}
        probabilities = result.probabilities
        # Questions are chosen on a flattened posterior so that less common but possible causes
        # still get their discriminating questions asked (ranking and triage use the real one).
        breadth = probabilities**SELECTION_FLATTENING
        breadth /= breadth.sum()
        escalation = self._escalation(state, result, known, probabilities)
        scores: dict[str, float] = {}
        max_change = max_escalation = 0.0
        # Rules that fire now keep firing as answers are added; conditions may cross thresholds.
        rules_level = max((int(r.level) for r in result.triage.reasons if r.kind != "condition"), default=0)
        for questions, outcomes in self._batches(state, known):
            gain, urgency = self._information(breadth, *outcomes(breadth))
            # The stop rule reads the real posterior: how likely is an answer to change the advice?
            changed, raised = self._changes(probabilities, *outcomes(probabilities), rules_level)
            for i, question in enumerate(questions):
                if question in escalation:
                    way = escalation[question]
                    urgency[i] += way.jump * float(breadth @ self.model.likelihood[:, way.columns].prod(axis=1))
                    raised[i] = max(raised[i], way.jump * way.p_yes)
                scores[question] = float(gain[i] + URGENCY_WEIGHT * urgency[i])
            max_change = max(max_change, float(changed.max()))
            max_escalation = max(max_escalation, float(raised.max()))
        plausible = np.flatnonzero(probabilities >= 0.03)
        if plausible.size < 2:
            plausible = np.argsort(-probabilities)[:2]
        return _View(
            scores=scores,
            red_flags=self._red_flags(result, escalation),
            max_change=max_change,
            max_escalation=max_escalation,
            plausible=plausible,
        )

    def _batches(self, state: InterviewState, known: set[str]) -> Iterator[tuple[list[str], _Outcomes]]:
        """Open questions in batches scored together (all yes/no questions; each choose-one
        question; all checklists), each with a function giving its outcomes under a posterior."""
        ids = self.model.finding_ids
        singles = np.array([c for c in self.single_columns if ids[c] not in known], dtype=np.int64)
        if singles.size:
            yield [ids[c] for c in singles], partial(self._yes_no_outcomes, columns=singles)
        lists = self._checklists
        open_options = lists.real & ~np.isin(lists.columns, [self.model.finding_index[f] for f in known])
        checklists = [i for i, group in enumerate(lists.ids) if group not in state.asked and open_options[i].any()]
        if checklists:
            rows = np.array(checklists, dtype=np.int64)
            yield (
                [lists.ids[i] for i in checklists],
                partial(self._checklist_outcomes, checklists=rows, open_options=open_options[rows]),
            )
        for group, members in self.group_columns.items():
            open_members = np.array([m for m in members if ids[m] not in known], dtype=np.int64)
            if (
                self.pack.groups[group].select == "one"
                and group not in state.asked
                and open_members.size
                and self._open_items(group, state)
            ):
                yield [group], partial(self._choice_outcomes, columns=open_members)

    def _yes_no_outcomes(self, posterior: Array, columns: Array) -> tuple[Array, Array]:
        likelihood = self.model.likelihood[:, columns]
        return _after(posterior, np.stack([likelihood, 1 - likelihood], axis=1))

    def _choice_outcomes(self, posterior: Array, columns: Array) -> tuple[Array, Array]:
        """A choose-one question: an option is chosen when it applies and no option it does not
        imply applies ("2 to 6 weeks" excludes "more than 6 weeks"); or none is chosen."""
        likelihood = self.model.likelihood[:, columns]
        ids = [self.model.finding_ids[c] for c in columns]
        answers = np.empty((likelihood.shape[0], len(ids) + 1))
        for i, option in enumerate(ids):
            others = [j for j, other in enumerate(ids) if j != i and other not in self.pack.implications[option]]
            answers[:, i] = likelihood[:, i] * np.prod(1 - likelihood[:, others], axis=1)
        answers[:, -1] = np.prod(1 - likelihood, axis=1)
        return _after(posterior, (answers / answers.sum(axis=1, keepdims=True))[:, :, None])

    def _checklist_outcomes(self, posterior: Array, checklists: Array, open_options: Array) -> tuple[Array, Array]:
        """Answers to several checklists at once, drawn from the posterior predictive (conditions
        at fixed quantiles, each open option ticked with its likelihood), each with equal weight."""
        lists = self._checklists
        rows = np.minimum(np.searchsorted(np.cumsum(posterior), lists.quantiles), posterior.size - 1)
        likelihood = lists.likelihood[rows][:, checklists] * open_options  # samples x lists x options
        ticked = (lists.draws[:, None, :] < likelihood).transpose(1, 0, 2).astype(np.float64)
        # log P(answers | condition) = sum of log L for ticked + log(1 - L) for the other open options.
        log_after = ticked @ lists.log_ratio[checklists]  # lists x samples x conditions
        log_after += open_options[:, None, :] @ lists.log_unticked[checklists]
        log_after += np.log(np.maximum(posterior, 1e-300))
        after = np.exp(log_after - log_after.max(axis=2, keepdims=True))
        after /= after.sum(axis=2, keepdims=True)
        return np.full((CHECKLIST_SAMPLES, checklists.size), 1 / CHECKLIST_SAMPLES), after.transpose(2, 1, 0)

    def _information(self, posterior: Array, weights: Array, after: Array) -> tuple[Array, Array]:
        """Per question: expected information gain (bits) and expected change of P(urgent)."""
        gain = _entropy(posterior) - (weights * _entropy(after)).sum(axis=0)
        urgent_now = posterior[self.urgent_rows].sum()
        urgency = (weights * np.abs(after[self.urgent_rows].sum(axis=0) - urgent_now)).sum(axis=0)
        return gain, urgency

    def _changes(self, posterior: Array, weights: Array, after: Array, rules_level: int) -> tuple[Array, Array]:
        """Per question: the chance that its answer changes the top cause or the triage level, and
        the triage levels it is expected to add (a step to the emergency department counts more
        than a step to a routine appointment)."""
        level = np.maximum(self._condition_level(posterior), rules_level)
        new_level = np.maximum(self._condition_level(after), rules_level)
        moved = (np.argmax(after[:-1], axis=0) != np.argmax(posterior[:-1])) | (new_level != level)
        return (weights * moved).sum(axis=0), (weights * np.maximum(new_level - level, 0)).sum(axis=0)

    def _condition_level(self, posteriors: Array) -> Array:
        """Triage level from condition thresholds alone, for posteriors along the first axis."""
        model = self.model
        shape = (-1,) + (1,) * (posteriors.ndim - 1)
        reached = posteriors[model.step_rows] >= model.step_thresholds.reshape(shape)
        result: Array = np.where(reached, model.step_levels.reshape(shape), 0).max(axis=0)
        return result

    def _escalation(
        self, state: InterviewState, result: Weighing, known: set[str], posterior: Array
    ) -> dict[str, _Escalation]:
        """Per open question: the most urgent rule its answer alone could make fire, with the
        findings that would have to be present (ticked together, for a checklist); among rules as
        urgent, the likeliest way."""
        present = frozenset(e.id for e in result.evidence if e.present is True)
        ctx = Context(present, state.age, state.sex)
        current = int(result.triage.level)
        best: dict[str, _Escalation] = {}
        for compiled, terms in self._rule_terms:
            jump = int(compiled.rule.level) - current
            if jump <= 0:
                continue
            for term, needs_by_question in terms:
                unmet = [(question, needs - present) for question, needs in needs_by_question if not needs <= present]
                if len(unmet) != 1:
                    continue
                ((question, missing),) = unmet
                if missing & known or missing & term.excludes or not term.allows(ctx):
                    continue
                earlier = best.get(question)
                if question in state.asked or (earlier is not None and jump < earlier.jump):
                    continue
                columns = np.array(sorted(self.model.finding_index[f] for f in missing), dtype=np.int64)
                p_yes = float(posterior @ self.model.likelihood[:, columns].prod(axis=1))
                if earlier is None or (jump, p_yes) > (earlier.jump, earlier.p_yes):
                    best[question] = _Escalation(columns, jump, p_yes, compiled.rule)
        return best

    def _red_flags(self, result: Weighing, escalation: Mapping[str, _Escalation]) -> dict[str, str]:
        """Questions whose answer could make a warning rule fire about a condition in view: an
        urgent one that is plausible, or the leading one (a clinician checks the red flags of the
        working diagnosis) -> the reason to ask them."""
        probability = {c: float(result.probabilities[i]) for c, i in self.model.condition_index.items()}
        in_view = {c for c, p in probability.items() if p >= LEADING} | {
            c for c, threshold in self.urgent_threshold.items() if probability[c] >= PLAUSIBLE_FRACTION * threshold
        }
        questions: dict[str, str] = {}
        for question, way in escalation.items():
            about = [c for c in way.rule.about if c in in_view]
            if way.rule.kind in WARNING_KINDS and about:
                name = self.pack.conditions[max(about, key=probability.__getitem__)].name
                questions[question] = f"Asked because {name} is possible and this is a warning sign."
        return questions


@dataclass(frozen=True)
class _Checklists:
    """The choose-several groups padded to one width, so that all are scored in one go."""

    ids: list[str]
    columns: Array  # lists x options: model columns (padding: 0)
    real: Array  # lists x options: False for padding
    likelihood: Array  # conditions x lists x options (padding: 0, never ticked)
    log_ratio: Array  # lists x options x conditions: log L - log(1 - L) (padding: 0)
    log_unticked: Array  # lists x options x conditions: log(1 - L) (padding: 0)
    draws: Array  # samples x options: fixed uniform draws, so a state always gets the same question
    quantiles: Array  # samples: where the conditions of the draws sit in the posterior

    @classmethod
    def build(cls, lists: list[tuple[str, Array]], likelihood: Array) -> _Checklists:
        width = max((columns.size for _, columns in lists), default=1)
        columns = np.zeros((len(lists), width), dtype=np.int64)
        real = np.zeros((len(lists), width), dtype=bool)
        for i, (_, members) in enumerate(lists):
            columns[i, : members.size] = members
            real[i, : members.size] = True
        padded = likelihood[:, columns]
        log_unticked = np.log1p(-padded).transpose(1, 2, 0)
        return cls(
            ids=[group for group, _ in lists],
            columns=columns,
            real=real,
            likelihood=np.where(real, padded, 0.0),
            log_ratio=np.where(real[:, :, None], np.log(padded).transpose(1, 2, 0) - log_unticked, 0.0),
            log_unticked=np.where(real[:, :, None], log_unticked, 0.0),
            draws=np.random.default_rng(0).random((CHECKLIST_SAMPLES, width)),
            quantiles=(np.arange(CHECKLIST_SAMPLES) + 0.5) / CHECKLIST_SAMPLES,
        )


@dataclass(frozen=True)
class _Escalation:
    columns: Array  # findings that must be present for the rule to fire
    jump: int  # triage levels it would add
    p_yes: float  # how likely they are all present, under the real posterior
    rule: Rule


@dataclass(frozen=True)
class _View:
    scores: Mapping[str, float]
    red_flags: Mapping[str, str]
    max_change: float  # the highest chance that one answer changes the top cause or the triage level
    max_escalation: float  # the most triage levels one answer is expected to add
    plausible: Array


def _after(posterior: Array, answers: Array) -> tuple[Array, Array]:
    """From P(answer | condition) as (conditions, answers, questions): the probability of each
    answer (answers, questions) and the posterior after it (conditions, answers, questions)."""
    weights = np.einsum("c,can->an", posterior, answers)
    return weights, posterior[:, None, None] * answers / np.maximum(weights, 1e-300)


def _entropy(p: Array) -> Array:
    """Entropy in bits along the first axis."""
    safe = np.clip(p, 1e-300, 1.0)
    result: Array = -(p * np.log2(safe)).sum(axis=0)
    return result
