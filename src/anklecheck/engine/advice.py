"""What to do: the pack's advice for the likely causes, shaped by the triage level.

At `consultation_24` or above the person needs care, so no home-treatment plan is offered: only
safety advice for while they wait.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from anklecheck.engine.result import Advice, AdviceText, Triage
from anklecheck.kb.loader import KnowledgePack
from anklecheck.kb.schema import SourcedText

WAITING_TOPIC = "while_waiting_for_care"
MAX_ITEMS = 8
PLAUSIBLE = 0.05
FIELDS = ("self_care", "while_you_wait", "see_doctor_if", "prevention")


def _texts(about: str, texts: Sequence[SourcedText]) -> tuple[AdviceText, ...]:
    return tuple(AdviceText(text.text, tuple(text.source), about) for text in texts)


def _first_unique(groups: Iterable[tuple[AdviceText, ...]]) -> tuple[AdviceText, ...]:
    seen: set[str] = set()
    result = []
    for group in groups:
        for item in group:
            if item.text not in seen:
                seen.add(item.text)
                result.append(item)
    return tuple(result[:MAX_ITEMS])


class AdvicePlanner:
    """Chooses advice; the pack's texts are converted once, when the checker is built."""

    def __init__(self, pack: KnowledgePack) -> None:
        self.pack = pack
        self.condition_texts = {
            (c.id, field): _texts(c.id, getattr(c, field)) for c in pack.conditions.values() for field in FIELDS
        }
        self.topic_texts = {t.id: _texts(t.id, t.items) for t in pack.topics.values()}
        self.rule_about = {compiled.rule.id: tuple(compiled.rule.about) for compiled in pack.rules}

    def advise(self, likely: Sequence[str], triage: Triage, probabilities: Mapping[str, float]) -> Advice:
        # A rule names every condition it is about; its advice applies to those still plausible.
        flagged = [
            condition_id
            for reason in triage.reasons
            if reason.level == triage.level
            for condition_id in ([reason.id] if reason.kind == "condition" else self.rule_about.get(reason.id, ()))
            if probabilities.get(condition_id, 0.0) >= PLAUSIBLE
        ]
        # The conditions that set the level come first, then the likely ones.
        focus = list(dict.fromkeys([*flagged, *likely]))
        topics = [t.id for t in self.pack.topics.values() if any(c in t.applies_to for c in focus)]

        def gather(field: str) -> list[tuple[AdviceText, ...]]:
            return [self.condition_texts[(c, field)] for c in focus]

        if triage.urgent:
            plan: tuple[AdviceText, ...] = ()
            wait = _first_unique([*gather("while_you_wait"), self.topic_texts.get(WAITING_TOPIC, ())])
        else:
            plan = _first_unique(gather("self_care"))
            wait = ()
        return Advice(
            plan=plan,
            while_you_wait=wait,
            see_doctor_if=_first_unique(gather("see_doctor_if")),
            prevention=_first_unique([*gather("prevention"), *(self.topic_texts[t] for t in topics)]),
        )
