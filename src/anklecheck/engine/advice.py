"""What to do: the pack's advice for the likely causes, shaped by the triage level.

At `consultation_24` or above the person needs care, so no home-treatment plan is offered: only
safety advice for while they wait.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from anklecheck.engine.result import Advice, AdviceText, Triage
from anklecheck.kb.loader import KnowledgePack
from anklecheck.kb.schema import Condition, SourcedText

WAITING_TOPIC = "while_waiting_for_care"
MAX_ITEMS = 8


def _collect(pairs: Iterable[tuple[str, Sequence[SourcedText]]]) -> tuple[AdviceText, ...]:
    seen: set[str] = set()
    result = []
    for about, texts in pairs:
        for text in texts:
            if text.text not in seen:
                seen.add(text.text)
                result.append(AdviceText(text.text, tuple(text.source), about))
    return tuple(result[:MAX_ITEMS])


def build_advice(pack: KnowledgePack, likely: Sequence[Condition], triage: Triage) -> Advice:
    flagged = [
        condition_id
        for reason in triage.reasons
        if reason.level == triage.level
        for condition_id in ([reason.id] if reason.kind == "condition" else _rule_about(pack, reason.id))
        if condition_id in pack.conditions
    ]
    # The conditions that set the level come first, then the likely ones.
    focus = [pack.conditions[c] for c in dict.fromkeys([*flagged, *(c.id for c in likely)])]
    topics = [t for t in pack.topics.values() if any(c.id in t.applies_to for c in focus)]
    if triage.urgent:
        plan: tuple[AdviceText, ...] = ()
        waiting = pack.topics.get(WAITING_TOPIC)
        wait = _collect(
            [*((c.id, c.while_you_wait) for c in focus), *([(waiting.id, waiting.items)] if waiting else [])]
        )
    else:
        plan = _collect((c.id, c.self_care) for c in focus)
        wait = ()
    return Advice(
        plan=plan,
        while_you_wait=wait,
        see_doctor_if=_collect((c.id, c.see_doctor_if) for c in focus),
        prevention=_collect([*((c.id, c.prevention) for c in focus), *((t.id, t.items) for t in topics)]),
    )


def _rule_about(pack: KnowledgePack, rule_id: str) -> tuple[str, ...]:
    for compiled in pack.rules:
        if compiled.rule.id == rule_id:
            return tuple(compiled.rule.about)
    return ()
