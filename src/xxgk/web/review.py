"""A year's review for a supervisor's tree, as such offices publish after checking: reports received on
time, late and missing; error counts and late answers per agency; the main metrics with charts — as
DOCX and PDF.

The numbers are the console's: the submission calendar (`submissions`), the report states and
finding counts (`annual.report_states`), the corpus metrics pooled over the tree's reports that
count (errors left out), and the ledger's late answers (`ledger.annual.late_answers`). Charts are
small SVG bar charts drawn here (no plotting library is a dependency); the PDF embeds the SVG,
the DOCX a PNG rendered from it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import escape

from sqlalchemy.orm import Session

from xxgk.corpus.metrics import METRICS, Measure, Metric
from xxgk.corpus.peers import measures_of
from xxgk.corpus.selection import Filters, chosen_reports
from xxgk.ledger.annual import late_answers
from xxgk.now import today
from xxgk.web.annual import report_states
from xxgk.web.scope import AgencyNode
from xxgk.web.settings import ReportCalendar
from xxgk.web.submissions import STATE_LABELS, due_date, submissions


@dataclass(frozen=True, slots=True)
class AgencyLine:
    name: str
    state: str  # a STATE_LABELS label
    received: str
    errors: int | None
    warnings: int | None
    late_answers: int | None = None


@dataclass(frozen=True, slots=True)
class MetricLine:
    metric: Metric
    value: float | None
    reports: int


@dataclass(frozen=True, slots=True)
class Review:
    title: str
    year: int
    due: str
    made: str
    counts: dict[str, int]  # STATE_LABELS label → agencies
    agencies: list[AgencyLine]
    metrics: list[MetricLine]
    excluded: int


def year_review(session: Session, root: str, agencies: list[AgencyNode], year: int, calendar: ReportCalendar) -> Review:
    """The review of `year` over `agencies` (the supervisor's tree, named `root`)."""
    ids = [a.id for a in agencies]
    due = submissions(session, calendar, ids, [year])
    states = report_states(session, ids, [year])
    late = {agency: found.late for agency, found in late_answers(session, ids, year).items()}
    lines = []
    for agency in agencies:
        found, state = due[(agency.id, year)], states.get((agency.id, year))
        received = found.received.isoformat() if found.received else "—"
        lines.append(
            AgencyLine(
                agency.name,
                found.label,
                received,
                state.errors if state else None,
                state.warnings if state else None,
                late.get(agency.id),
            )
        )
    counts = {label: sum(line.state == label for line in lines) for label in STATE_LABELS.values()}
    chosen = chosen_reports(session, Filters(agencies=ids), ids, [year])
    counted = {a: c for (a, _), c in chosen.items() if c.counted}
    measures = measures_of(session, METRICS, counted)
    metrics = [_pooled(metric, [m[metric.key] for m in measures.values()]) for metric in METRICS]
    return Review(
        f"{root}{year}年度政府信息公开工作年度报告审查情况",
        year,
        due_date(calendar, year).isoformat(),
        today().isoformat(),
        {k: v for k, v in counts.items() if v},
        lines,
        metrics,
        sum(not c.counted for c in chosen.values()),
    )


def _pooled(metric: Metric, measures: list[Measure]) -> MetricLine:
    """The metric over all counted reports: numerators summed over denominators summed (blanks left out)."""
    usable = [m for m in measures if m.numerator is not None and (m.denominator is not None or not metric.is_rate)]
    top = sum(m.numerator or 0 for m in usable)
    value: float | None
    if metric.is_rate:
        bottom = sum(m.denominator or 0 for m in usable)
        value = top / bottom if bottom else None
    else:
        value = top if usable else None
    return MetricLine(metric, value, len(usable))


def shown(line: MetricLine) -> str:
    if line.value is None:
        return "—"
    return f"{line.value * 100:.1f}%" if line.metric.is_rate else f"{line.value:g}"


# ---------------------------------------------------------------- charts


def bar_svg(title: str, labels: list[str], values: list[float], unit: str) -> str:
    """A horizontal bar chart: title on top, one labelled bar per category, its value at the bar's end."""
    width, left, row = 640, 200, 28
    height = 50 + row * len(labels) + 20
    top = max(values, default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{width / 2}" y="24" text-anchor="middle" font-size="16" font-family="Noto Sans CJK SC, sans-serif">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 44 + index * row
        length = (width - left - 90) * value / top
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="13" font-family="Noto Sans CJK SC, sans-serif">{escape(label[:16])}</text>'
        )
        parts.append(f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="{row - 10}" fill="#1f5fa8"/>')
        parts.append(
            f'<text x="{left + length + 6:.1f}" y="{y + 17}" font-size="13" font-family="Noto Sans CJK SC, sans-serif">{value:g}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def review_charts(review: Review) -> list[str]:
    states = list(review.counts)
    charts = [
        bar_svg(f"{review.year} 年度报告报送情况（个机关）", states, [float(review.counts[s]) for s in states], "")
    ]
    rates = [m for m in review.metrics if m.metric.is_rate and m.value is not None]
    if rates:
        charts.append(
            bar_svg(
                f"{review.year} 年度主要指标（%）",
                [m.metric.name for m in rates],
                [round(100 * (m.value or 0), 1) for m in rates],
                "%",
            )
        )
    return charts


# ---------------------------------------------------------------- documents


def review_html(review: Review) -> str:
    """The review as one HTML page (typeset to PDF by WeasyPrint)."""
    rows = "".join(
        f"<tr><td>{escape(a.name)}</td><td>{a.state}</td><td>{a.received}</td>"
        f"<td class=n>{'' if a.errors is None else a.errors}</td><td class=n>{'' if a.warnings is None else a.warnings}</td>"
        f"<td class=n>{'' if a.late_answers is None else a.late_answers}</td></tr>"
        for a in review.agencies
    )
    metrics = "".join(
        f"<tr><td>{m.metric.name}</td><td class=n>{shown(m)}</td><td class=n>{m.reports}</td><td>{escape(m.metric.definition)}</td></tr>"
        for m in review.metrics
    )
    charts = "".join(f"<figure>{svg}</figure>" for svg in review_charts(review))
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(review.title)}</title><style>
@page {{ size: A4; margin: 20mm 18mm; }}
body {{ font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; }}
h1 {{ font-size: 18pt; text-align: center; }} table {{ border-collapse: collapse; width: 100%; margin: 6pt 0; }}
td, th {{ border: 0.5pt solid #444; padding: 2pt 4pt; }} td.n {{ text-align: right; }} figure {{ margin: 8pt 0; }}
</style></head><body>
<h1>{escape(review.title)}</h1>
<p>{_summary(review)}</p>
<h2>一、报送情况</h2>
<table><thead><tr><th>机关</th><th>报送情况</th><th>收到日期</th><th>错误</th><th>警告</th><th>答复逾期（件）</th></tr></thead><tbody>{rows}</tbody></table>
<h2>二、主要指标</h2>
<table><thead><tr><th>指标</th><th>数值</th><th>计入报告</th><th>定义</th></tr></thead><tbody>{metrics}</tbody></table>
{charts}
</body></html>"""


def _summary(review: Review) -> str:
    counted = "，".join(f"{label} {count} 个" for label, count in review.counts.items())
    left_out = f"含错误的 {review.excluded} 份报告未计入指标。" if review.excluded else ""
    return (
        f"本年度报告应于 {review.due} 前报送，共 {len(review.agencies)} 个机关：{counted}。{left_out}"
        f"指标为各机关报告分子、分母分别相加后相除。本审查报告生成于 {review.made}。"
    )


def review_pdf(review: Review) -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string=review_html(review)).write_pdf()
    return data


def _png(svg: str) -> bytes:
    """The chart as PNG for Word: typeset the SVG alone and render the page."""
    import pypdfium2
    from weasyprint import HTML

    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    width, height = (int(size.group(1)), int(size.group(2))) if size else (640, 400)
    page = (
        f"<html><head><style>@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }} svg {{ display: block }}"
        f"</style></head><body>{svg}</body></html>"
    )
    pdf = pypdfium2.PdfDocument(HTML(string=page).write_pdf())
    image = pdf[0].render(scale=2).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def review_docx(review: Review) -> bytes:
    import docx
    from docx.shared import Mm

    document = docx.Document()
    document.add_heading(review.title, level=0)
    document.add_paragraph(_summary(review))
    document.add_heading("一、报送情况", level=1)
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("机关", "报送情况", "收到日期", "错误", "警告", "答复逾期（件）"), strict=True
    ):
        cell.text = text
    for a in review.agencies:
        values = (
            a.name,
            a.state,
            a.received,
            "" if a.errors is None else str(a.errors),
            "" if a.warnings is None else str(a.warnings),
            "" if a.late_answers is None else str(a.late_answers),
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.add_heading("二、主要指标", level=1)
    metrics = document.add_table(rows=1, cols=4)
    metrics.style = "Table Grid"
    for cell, text in zip(metrics.rows[0].cells, ("指标", "数值", "计入报告", "定义"), strict=True):
        cell.text = text
    for m in review.metrics:
        for cell, text in zip(
            metrics.add_row().cells, (m.metric.name, shown(m), str(m.reports), m.metric.definition), strict=True
        ):
            cell.text = text
    for svg in review_charts(review):
        document.add_picture(io.BytesIO(_png(svg)), width=Mm(160))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
