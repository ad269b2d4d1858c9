"""Extraction: a read `Document` and the templates in, a `Report` out.

Extraction knows nothing of file formats: it sees the document as lines of text
(table rows as tab-separated cells) and, where the reader had one, each table's
grid; it finds the sections and tables, the template, the three tables' rows and
their values (a grid's columns named by their headers), then settles garbled
cells by arithmetic.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from xxgk.errors import NotAReportError
from xxgk.extract.aligned import with_blank_cells
from xxgk.extract.apart import in_doubt, numbers_before_names, prints_numbers_elsewhere, rows_in_doubt
from xxgk.extract.captioned import after_a_header, paired_in_order
from xxgk.extract.celllines import empty_line_per_cell, with_blank_lines
from xxgk.extract.centred import label_lines_first
from xxgk.extract.chosen import chosen_by_sums
from xxgk.extract.continued import continued_rows, taken_by_continued
from xxgk.extract.coverage import Coverage, coverage_finding
from xxgk.extract.flat import read_flat
from xxgk.extract.fold import fold, squash
from xxgk.extract.glued import thousands_apart
from xxgk.extract.grid import GridReading, read_grid_table
from xxgk.extract.headed import headed_rows, shifted_headers
from xxgk.extract.memo import names_many_rows
from xxgk.extract.meta import read_meta
from xxgk.extract.named import named_page_columns
from xxgk.extract.readings import Line, RowReading
from xxgk.extract.reconstruct import reconstruct
from xxgk.extract.regions import Region, table_regions
from xxgk.extract.rows import RowText, Segment, match_rows, segments
from xxgk.extract.sections import Span, find_sections
from xxgk.extract.spacing import drops_blank_cells, looks_glued
from xxgk.extract.spelled import spelled_out, spelled_rows
from xxgk.extract.spill import with_spill_moved
from xxgk.extract.stated import choose_by_prose
from xxgk.extract.stream import joined_cut_numbers, read_column_dump
from xxgk.extract.textlayout import text_layout
from xxgk.extract.tokens import Token, cells_kept_apart, tokenize, tokenize_placed
from xxgk.extract.unheaded import columns_missing
from xxgk.extract.untaken import rows_beside_untaken, unplaced
from xxgk.extract.values import read_row
from xxgk.extract.wraps import joined_wraps
from xxgk.findings import Finding
from xxgk.read.document import Document, PlacedTable
from xxgk.report import Report
from xxgk.template import SPLIT_OTHER_MARKERS, TEMPLATES, TEXT_SECTIONS, Row, TableSpec, Template

__all__ = ["Extraction", "extract_report"]


@dataclass(slots=True)
class Extraction:
    """The report and what extraction wants a person to know about it."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    # Printed cells left null because their values could not be placed (not blank cells).
    unread: frozenset[str] = frozenset()


def extract_report(document: Document) -> Extraction:
    """Read the report in `document`, or raise `NotAReportError`."""
    lines, placed = document.lines_and_tables()
    text = "\n".join(lines)
    folded = fold(text)
    places, spans = table_regions(folded, find_sections(text, folded))
    regions = {key: text[place.start : place.end] for key, place in places.items()}
    # `fold` maps one character to one, so a region of the folded text is the region folded.
    folded_regions = {key: folded[place.start : place.end] for key, place in places.items()}
    if not regions:
        raise NotAReportError(_no_tables(folded))
    overview = _prose(text, spans.get("overview"))
    head_end = min([s.start for s in spans.values()] + [r.start for r in places.values()], default=len(text))
    meta = read_meta(lines, document.metadata, overview, head_end)
    template, findings = _detect_template(folded_regions, meta.year)
    coverage = Coverage()
    grids = _Grids(placed, lines, places)
    readings, absent, row_findings = _read_tables(template, (regions, folded_regions), grids, coverage)
    if not readings:
        raise NotAReportError("找到了报告章节，但统计表中没有可识别的数据行，不是政府信息公开工作年度报告")
    choose_by_prose(readings, "\n".join(_prose(text, spans.get(key)) for key in TEXT_SECTIONS))
    equations = template.equations_without(absent)
    cells = reconstruct(readings, equations, template.cell_ids())
    incomplete = coverage_finding(template, coverage, cells.unread | coverage.lost)
    report = Report(
        template=template.key,
        agency=meta.agency,
        year=meta.year,
        published=meta.published,
        text={key: _prose(text, spans.get(key)) for key in TEXT_SECTIONS},
        cells=cells.values,
        inferred=cells.inferred,
    )
    found = findings + row_findings + cells.findings + ([incomplete] if incomplete else [])
    return Extraction(report, found, frozenset(cells.unread | coverage.lost))


def _detect_template(regions: dict[str, str], year: int | None) -> tuple[Template, list[Finding]]:
    """The template whose table 二 headers the document prints; table 三 or the year as fallbacks.

    `regions`: the table regions, folded or not (`squash` folds them).
    """
    active = squash(regions.get("active", ""))
    scores = {key: sum(squash(m) in active for m in t.markers) for key, t in TEMPLATES.items()}
    if scores["2019"] != scores["2021"]:
        return TEMPLATES[max(scores, key=lambda k: scores[k])], []
    applications = squash(regions.get("applications", ""))
    if any(m in applications for m in SPLIT_OTHER_MARKERS):
        return TEMPLATES["2021"], []
    guess = "2021" if year is None or year >= 2021 else "2019"
    return TEMPLATES[guess], [
        Finding(
            "PARSE_TEMPLATE_GUESSED",
            f"表格栏目不足以判断所用格式，按报告年度推定为 {guess} 年版格式",
            (),
        )
    ]


class _Grids:
    """The document's table grids and where their rows stand among its lines."""

    def __init__(self, placed: list[PlacedTable], lines: list[str], places: dict[str, Region]) -> None:
        self.placed = placed
        self.places = places
        # Where each line starts in the text: only a document with grids needs them.
        self.starts: list[int] = []
        offset = 0
        for line in lines if placed else ():
            self.starts.append(offset)
            offset += len(line) + 1

    def readings(self, template: Template, table: TableSpec) -> GridReading | None:
        """`table` read from the grids within its region, or None when there are none or they cannot be mapped."""
        place = self.places.get(table.key)
        if not self.placed or place is None:
            return None
        first = bisect_left(self.starts, place.start)
        end = bisect_left(self.starts, place.end)
        return read_grid_table(template, table, self.placed, first, end)


def _read_tables(
    template: Template, texts: tuple[dict[str, str], dict[str, str]], grids: _Grids, coverage: Coverage
) -> tuple[list[RowReading], set[str], list[Finding]]:
    """The tables' readings; `texts`: the regions as printed and folded (tokenizing folds anyway, and
    folding folded text changes nothing, so the folded regions are not folded again)."""
    regions, folded_regions = texts
    readings: list[RowReading] = []
    absent: set[str] = set()
    findings: list[Finding] = []
    found: dict[str, dict[str, RowText]] = {}
    flat: list[tuple[TableSpec, str]] = []
    # Tables whose rows were matched in reading order (a label, then its values), with their segments.
    in_order: list[tuple[TableSpec, list[Segment]]] = []
    line_parts: dict[str, list[Segment]] = {}  # the segments of each table read line by line
    # Tables spelled a character a line, their digits glued into a number a row (`spelled_rows`).
    glued_tables: set[str] = set()
    spelled_apart = False  # a table spelled a character a line that could not be cut
    # Rows read with blank cells beside numbers no row took, by table: left unread (`untaken`).
    beside_untaken: dict[str, set[str]] = {}
    aligned, cell_per_line, lone_numbers = text_layout(regions.values())
    # Tokens and rows of the regions read a cell a line: worked out once, for the test below and the reading.
    tokenized: dict[str, list[Token]] = {}
    closed_by_one: dict[str, tuple[list[Segment], list[RowText]]] = {}
    as_folded = folded_regions
    folded_regions = {key: joined_cut_numbers(text) for key, text in folded_regions.items()}
    if cell_per_line:
        folded_regions = with_spill_moved(folded_regions, template)
        for table in template.tables:
            if table.key in regions and not table.flat:
                tokenized[table.key] = tokenize(folded_regions[table.key])
                parts = segments(tokenized[table.key], closing_empties=1)
                closed_by_one[table.key] = (parts, match_rows(table, parts))
    # A word processor's text export: a cell a line, an empty line for each empty cell.
    exported = cell_per_line and empty_line_per_cell(rows for _, rows in closed_by_one.values())
    for table in template.tables:
        region = regions.get(table.key)
        if region is None:
            absent.update(f"{table.key}.{row.key}" for row in table.rows)
            findings.append(_table_missing(table))
            coverage.missing_tables.append(table)
        elif (from_grid := grids.readings(template, table)) is not None:
            readings += from_grid.readings
            shown = from_grid.shown
            coverage.printed[table.key] = [row for row in table.rows if row.key in shown]
            for row in table.rows:
                if row.key not in shown:
                    _not_found(table, row, shown, absent, findings, coverage)
            if from_grid.unread:
                # Columns the header does not print: their cells are unknown, not zero, in every sum.
                coverage.lost.update(from_grid.unread)
                findings.append(columns_missing(table, from_grid.columns, tuple(from_grid.unread)))
        elif (spelled := spelled_out(table, as_folded[table.key])) and (cut := spelled_rows(table, region)) is not None:
            found[table.key] = cut
            glued_tables.add(table.key)
        elif spelled:
            spelled_apart = True
            findings.append(_characters_apart(table))
            coverage.printed[table.key] = [row for row in table.rows if not row.optional]
            coverage.lost.update(c for row in coverage.printed[table.key] for c in row.cell_ids(table.key))
        elif table.flat:
            flat.append((table, folded_regions[table.key]))
        elif aligned:
            centred = label_lines_first(joined_wraps(thousands_apart(region)))
            placed_tokens = tokenize_placed(centred)
            matched = {rt.row.key: rt for rt in match_rows(table, segments(placed_tokens), blank_rows=True)}
            continued = continued_rows(table, matched, placed_tokens, centred)
            matched.update(continued.rows)
            named = named_page_columns(centred, list(table.rows[0].fields), placed_tokens)
            found[table.key] = with_blank_cells(table, matched, template, placed_tokens, named)
            headers = shifted_headers(found[table.key], centred)
            found[table.key] = chosen_by_sums(table, found[table.key], template, placed_tokens, headers, named)
            if not template.equations_within(tuple(c for r in table.rows for c in r.cell_ids(table.key))):
                found[table.key] = headed_rows(table, found[table.key], centred)
            taken = taken_by_continued(table, found[table.key], continued, template)
            beside_untaken[table.key] = rows_beside_untaken(table, found[table.key], placed_tokens, taken)
        else:
            tokens = tokenized[table.key] if table.key in tokenized else tokenize(folded_regions[table.key])
            # A word processor's export is read as it was tested, a row closed by one empty line;
            # other text by two, matched anew only where that cuts the text into other segments.
            parts = [] if exported else segments(tokens, closing_empties=2)
            line_parts[table.key] = parts
            if not cell_per_line and numbers_before_names(table, parts):
                findings.append(_numbers_first(table))
                coverage.printed[table.key] = [row for row in table.rows if not row.optional]
                coverage.lost.update(c for row in coverage.printed[table.key] for c in row.cell_ids(table.key))
                continue
            in_order.append((table, parts))
            one = closed_by_one.get(table.key)
            row_texts = one[1] if one is not None and (exported or parts == one[0]) else match_rows(table, parts)
            found[table.key] = _rows_kept(table, row_texts)
            if exported:
                found[table.key] = {key: with_blank_lines(rt) for key, rt in found[table.key].items()}
            if cell_per_line:
                found[table.key] = {
                    k: rt for k, rt in found[table.key].items() if not names_many_rows(table, rt.row, rt.label)
                }
            if cell_per_line and table.rows and all(row.caption for row in table.rows):
                region_text = folded_regions[table.key]
                found[table.key] = {
                    key: rt for key, rt in found[table.key].items() if paired_in_order(table, region_text, rt)
                }
            if cell_per_line and _pairs_little(table, found[table.key]):
                found[table.key].update(read_column_dump(table, template, folded_regions[table.key], tokens))
    # Decided for the whole document: text copied from one PDF or page glues every
    # table, though a few of its rows keep a stray space ("规章2626 26").
    # A copy that spells a table a character a line is a PDF viewer's, whose short rows dropped blank cells.
    found_rows = [row for rows in found.values() for row in rows.values()]
    glued = not (glued_tables or spelled_apart) and looks_glued(found_rows)
    whole = aligned or cell_per_line
    if whole:
        glued = False
    drops = not (whole or glued) and drops_blank_cells(found_rows)
    # Numbers a line each but for some after their row's name, or kept apart by a viewer's copy:
    # no number is two cells run together.
    apart = lone_numbers or drops
    if drops:
        # A viewer's copy leaves blank cells out, and a row of blank cells prints its label alone.
        for table, parts in in_order:
            found[table.key] = _rows_kept(table, match_rows(table, parts, blank_rows=True))
    for table, region in flat:
        readings.append(read_flat(template, table, region, glued, (whole, aligned, exported, drops)))
        coverage.printed[table.key] = list(table.rows)
    for table in template.tables:
        rows = found.get(table.key)
        if rows is None:  # not printed, or read from its grid
            continue
        printed = coverage.printed.setdefault(table.key, [])
        drops_here = drops and not prints_numbers_elsewhere(
            template, table, list(rows.values()), folded_regions[table.key], line_parts.get(table.key, [])
        )
        doubted = rows_in_doubt(table, rows) if lone_numbers and drops else set()
        for row in table.rows:
            if row.key not in rows:
                _not_found(table, row, set(rows), absent, findings, coverage)
                continue
            printed.append(row)
            line = Line.of_row(row, table.key)
            own = template.equations_within(line.cells)
            values = rows[row.key].values
            if table.key in glued_tables:
                readings.append(read_row(line, values, own, may_split=True))
                continue
            reading = read_row(
                line,
                values,
                own,
                may_split=glued,
                whole=whole or apart,
                blank_cells=aligned,
                dropped_blanks=drops_here,
                runs_together=drops,
            )
            if row.key in doubted:
                reading = in_doubt(reading)
            readings.append(unplaced(reading) if row.key in beside_untaken.get(table.key, ()) else reading)
    return readings, absent, findings


def _not_found(
    table: TableSpec, row: Row, shown: set[str], absent: set[str], findings: list[Finding], coverage: Coverage
) -> None:
    """A row the table does not show: not printed (absent from every sum), or printed but not found."""
    if row.optional or row.key in table.replaced_rows(shown):
        absent.add(f"{table.key}.{row.key}")
        return
    # Printed but not found: its cells are unknown, not zero, in every sum.
    findings.append(_row_missing(table, row.label, row.cell_ids(table.key)))
    coverage.missing_rows[table.key] = coverage.missing_rows.get(table.key, 0) + 1
    coverage.lost.update(row.cell_ids(table.key))


def _rows_kept(table: TableSpec, row_texts: list[RowText]) -> dict[str, RowText]:
    """The rows matched, by key, but those under a column header, their kept-apart empty cells read."""
    return {rt.row.key: _kept_apart(rt) for rt in row_texts if not after_a_header(table, rt)}


def _kept_apart(found: RowText) -> RowText:
    """`found` with the empty cells its line keeps apart read as blank values where they fill its cells."""
    values = cells_kept_apart(found.values, len(found.row.fields))
    return found if values is found.values else RowText(found.row, found.label, values)


def _pairs_little(table: TableSpec, rows: dict[str, RowText]) -> bool:
    """Fewer than half of the table's rows were found printing a number per cell: text that may
    print the table column by column (`read_column_dump`), worth the count and the arithmetic."""
    full = sum(sum(v.is_value for v in rt.values) == len(rt.row.fields) for rt in rows.values())
    return full * 2 < len(table.rows)


def _no_tables(folded: str) -> str:
    """Why a document with no tables is not read: a report page whose tables are an image says so."""
    if "信息公开工作年度报告" in folded or "信息公开年度报告" in folded:
        # A site page that carries only the report's title (its body a scanned image or an attachment).
        return "标题是政府信息公开工作年度报告，但正文中没有统计表的文字（可能是图片或附件），无法读取；请提供原件（PDF/Word）"
    return "未找到年度报告的统计表（主动公开、依申请公开、复议诉讼情况），不是政府信息公开工作年度报告"


def _prose(text: str, span: Span | None) -> str:
    if span is None:
        return ""
    lines = (line.strip(" \t\u3000\u00a0\u2002\u2003\ufdd3") for line in text[span.body : span.end].splitlines())
    return "\n".join(line for line in lines if line)


def _table_missing(table: TableSpec) -> Finding:
    return Finding(
        "PARSE_TABLE_NOT_FOUND",
        f"未找到表格“{table.number}、{table.title}”，其单元格全部留空",
        (),
    )


def _characters_apart(table: TableSpec) -> Finding:
    return Finding(
        "PARSE_CHARACTERS_APART",
        f"表{table.number}的文字每字一行（复制 PDF 文字时字被逐个拆开），多位数字与相邻单元格的数字无从区分，"
        "该表未读取；请提供原件（PDF 或 Word）",
        (),
    )


def _numbers_first(table: TableSpec) -> Finding:
    return Finding(
        "PARSE_NUMBERS_BEFORE_NAMES",
        f"表{table.number}的数字印在各行名称之前（复制文字时顺序被打乱），无法确定各数所属的行，该表未读取；"
        "请提供原件（PDF 或 Word），或换用其他工具复制文字",
        (),
    )


def _row_missing(table: TableSpec, label: str, cells: tuple[str, ...]) -> Finding:
    return Finding(
        "PARSE_ROW_NOT_FOUND",
        f"表{table.number}中未找到“{label}”一行，其单元格留空",
        cells,
    )
