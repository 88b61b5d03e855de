"""Rich screens of the CLI: the assessment, the condition pages, the lists."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from anklecheck.engine.checker import Checker
from anklecheck.engine.result import AdviceText, Assessment
from anklecheck.engine.triage import LEVEL_TEXT
from anklecheck.kb.schema import Condition, SourcedText, TriageLevel

if TYPE_CHECKING:
    from anklecheck.engine.interview import Question
    from anklecheck.intake import ParseResult

LEVEL_STYLE = {
    TriageLevel.emergency_ambulance: ("bold white on red", "!!"),
    TriageLevel.emergency: ("bold white on dark_red", "!"),
    TriageLevel.consultation_24: ("bold black on orange1", "24h"),
    TriageLevel.consultation: ("bold black on yellow", "GP"),
    TriageLevel.self_care: ("bold black on green", "ok"),
}


def console() -> Console:
    return Console()


def likelihood_words(probability: float) -> str:
    if probability >= 0.6:
        return "very likely"
    if probability >= 0.3:
        return "likely"
    if probability >= 0.1:
        return "possible"
    if probability >= 0.03:
        return "less likely"
    return "unlikely"


def _bullets(items: list[AdviceText] | tuple[AdviceText, ...] | list[SourcedText]) -> Text:
    return Text("\n".join(f"• {item.text}" for item in items))


def render_understood(out: Console, parsed: ParseResult, checker: Checker) -> None:
    out.print(understood_panel(parsed, checker))


def understood_panel(parsed: ParseResult, checker: Checker) -> Panel:
    """What anklecheck read in the person's words, so that they can correct it."""
    lines = []
    for mention in parsed.mentions:
        label = checker.finding(mention.finding).label or mention.finding
        word = {
            "present": "yes",
            "absent": "no",
            "uncertain": "maybe (not used)",
            "past": "in the past (not used)",
            "other_person": "someone else (not used)",
        }[mention.status]
        lines.append(f'- {label}: {word}  [dim]"{mention.text}"[/dim]')
    if parsed.age is not None or parsed.sex is not None:
        lines.append(f"- You: {', '.join(str(p) for p in (parsed.age, parsed.sex) if p is not None)}")
    lines += [f'[dim]Not understood: "{part}"[/dim]' for part in parsed.unmatched]
    lines += [f"[yellow]{note}[/yellow]" for note in parsed.notes]
    return Panel("\n".join(lines) or "Nothing I could use.", title="What I understood")


def render_assessment(out: Console, result: Assessment, checker: Checker) -> None:
    style, icon = LEVEL_STYLE[result.triage.level]
    banner = Text(f" {icon}  {LEVEL_TEXT[result.triage.level]} ", style=style)
    reasons = Text("\n".join(f"- {reason.text}" for reason in result.triage.reasons[:4]))
    out.print(Panel(Group(banner, reasons), title="How urgent", border_style=style.split()[-1]))

    table = Table(
        title="Possible causes",
        caption="Ranked by how well they fit your answers. This is not a diagnosis.",
        show_lines=False,
        expand=True,
    )
    table.add_column("Cause")
    table.add_column("How likely", no_wrap=True)
    table.add_column("Why")
    for ranked in result.conditions[:5]:
        why = "; ".join(f"+ {c.text}" for c in ranked.supporting[:3])
        against = "; ".join(f"- {c.text}" for c in ranked.opposing[:2])
        table.add_row(
            f"{ranked.name}\n[dim]{ranked.icd10}[/dim]",
            f"{likelihood_words(ranked.probability)}\n[dim]{ranked.probability:.0%}[/dim]",
            "\n".join(part for part in (why, against) if part) or "[dim]no specific findings yet[/dim]",
        )
    out.print(table)

    advice = result.advice
    if advice.plan:
        out.print(Panel(_bullets(advice.plan), title="What to do now"))
    if advice.while_you_wait:
        out.print(Panel(_bullets(advice.while_you_wait), title="While you wait for care"))
    if advice.see_doctor_if:
        out.print(Panel(_bullets(advice.see_doctor_if), title="See a doctor if"))
    out.print(
        Text(
            "anklecheck ranks possible causes; it cannot diagnose you. "
            "If you feel very unwell, call emergency services.",
            style="dim",
        )
    )


def render_question(out: Console, question: Question, number: int) -> None:
    """The top of one interview screen: the counter, the question and, for a checklist, its options."""
    out.rule(Text(f"Question {number}", style="bold cyan"), style="cyan")
    out.print(Text(question.text, style="bold"))
    if question.type == "group_multiple":
        out.print(Text("\n".join(f"  • {item.text}" for item in question.items), style="dim"))


def render_why(out: Console, question: Question) -> None:
    """The answer to "Why are you asking?": the question's help and why the interview chose it."""
    parts = [text for text in (question.help, question.rationale) if text]
    out.print(Panel(Text("\n\n".join(parts) or "No more detail for this question."), title="Why we ask"))


def render_conditions(out: Console, checker: Checker) -> None:
    table = Table(title=f"{len(checker.conditions)} conditions")
    for column in ("id", "name", "ICD-10", "usual triage"):
        table.add_column(column)
    for condition in checker.conditions.values():
        table.add_row(condition.id, condition.name, condition.icd10, condition.triage.level.name)
    out.print(table)


def render_condition(out: Console, condition: Condition, checker: Checker) -> None:
    sources: Mapping[str, Any] = checker.pack.sources
    parts: list[Any] = [Text(condition.summary)]
    for title, items in (
        ("What you can do", condition.self_care),
        ("While you wait for care", condition.while_you_wait),
        ("When to see a doctor", condition.see_doctor_if),
        ("Prevention", condition.prevention),
    ):
        if items:
            parts += [Text(f"\n{title}", style="bold"), _bullets(list(items))]
    if condition.related:
        names = ", ".join(checker.conditions[r].name for r in condition.related)
        parts += [Text("\nRead more", style="bold"), Text(names)]
    references = [sources[s].title for s in condition.sources if s in sources]
    parts += [Text("\nReferences", style="bold"), Text("\n".join(f"[{i}] {t}" for i, t in enumerate(references, 1)))]
    subtitle = f"ICD-10-CM {condition.icd10} · usually: {LEVEL_TEXT[condition.triage.level]}"
    out.print(Panel(Group(*parts), title=condition.name, subtitle=subtitle))


def render_findings(out: Console, checker: Checker) -> None:
    table = Table(title=f"{len(checker.findings)} findings")
    for column in ("id", "kind", "question"):
        table.add_column(column)
    for finding in checker.findings.values():
        question = finding.question
        if finding.group:
            question = f"[dim]{checker.pack.groups[finding.group].question}[/dim] {question}"
        table.add_row(finding.id, finding.kind, question)
    out.print(table)


def render_summary(out: Console, summary: Mapping[str, Any]) -> None:
    table = Table(title="Evaluation")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in summary.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    out.print(table)
