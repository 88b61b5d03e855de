"""The one-page clinician summary as a PDF (ReportLab: pure Python, no system libraries).

What a clinician needs at a glance: the date, the triage level and its reasons, the ranked causes
with ICD-10-CM codes, and the answers given. The session link is left out: it is the only key
to the stored answers, and paper travels. Long content is cut to fit one page rather than
spilling onto a second one that may never be printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from typing import Any

from anklecheck.web.views import AnswerLine, Result

MAX_ANSWERS = 24
MAX_CAUSES = 5


def clinician_pdf(result: Result, answers: Sequence[AnswerLine], when: datetime) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, SimpleDocTemplate

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title="anklecheck summary for a clinician",
        author="anklecheck",
    )
    story = _story(result, answers, when)
    # Shrinks the content to the page when it is long: one page, always.
    document.build([KeepInFrame(document.width, document.height, story, mode="shrink")])
    return buffer.getvalue()


def _story(result: Result, answers: Sequence[AnswerLine], when: datetime) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["Italic"]
    story: list[Any] = [
        Paragraph("anklecheck: summary for a clinician", styles["Title"]),
        Paragraph(f"Date: {when:%Y-%m-%d %H:%M} UTC", body),
        Paragraph(
            "Self-reported answers ranked by a symptom checker. Not a diagnosis; please assess the patient.", small
        ),
        Spacer(1, 6),
        Paragraph(f"Triage: {_x(result.banner.text)} ({result.banner.level})", styles["Heading2"]),
    ]
    story += [Paragraph(f"• {_x(reason)}", body) for reason in result.reasons]
    story.append(Paragraph("Possible causes, most likely first", styles["Heading2"]))
    rows: list[list[Any]] = [["Cause", "ICD-10-CM", "Probability"]]
    rows += [[Paragraph(_x(c.name), body), c.icd10, f"{c.percent} % ({c.words})"] for c in result.causes[:MAX_CAUSES]]
    table = Table(rows, colWidths=[105 * 2.835, 30 * 2.835, 40 * 2.835], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Paragraph("Answers given", styles["Heading2"])]
    shown = list(answers)[:MAX_ANSWERS]
    story += [Paragraph(f"<b>{_x(a.question)}</b> {_x(a.answer)}", body) for a in shown]
    if len(answers) > len(shown):
        story.append(Paragraph(f"… and {len(answers) - len(shown)} more answers.", small))
    return story


def _x(text: str) -> str:
    """ReportLab paragraphs read a little markup: escape what the text holds."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
