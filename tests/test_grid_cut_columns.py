"""A table whose last columns the copy cut off: those cells are not read, never blank or zero.

LibreOffice's DOCX of a wide web table, exported to PDF, is cut at the page's edge: table 三
then ends at 法律服务机构 (no 其他, no 总计) and table 四 stops after 复议后起诉·结果纠正.
Here Word files of the independent corpus (tests/independent, written without the parser)
lose those columns through python-docx, and LibreOffice exports them to PDF. A supervisor
must be told the report was not fully read (PARSE_INCOMPLETE, naming the absent columns),
not that every 总计 is 0 (R3); the columns the copy kept must still read exactly.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table

from independent.convert import convert_with_soffice
from independent.corpus import plan
from independent.document import build_page
from independent.values import Truth
from independent.writers import write_docx
from xxgk.service import Outcome, check_bytes, check_file
from xxgk.template import get_template

APPLICATIONS = get_template("2021").table("applications")
# Grid columns each table loses: table 三's 其他 and 总计, table 四's last three (复议后起诉).
CUT = {1: 2, 2: 3}
APPLICATIONS_LOST = ("other_org", "total")
REVIEW_LOST = tuple(f"review_litigation.litigation_after_review.{name}" for name in ("other", "pending", "total"))


def _cut_right_columns(table: Table, count: int) -> None:
    """`table` without its last `count` grid columns: cells starting there removed, cells
    spanning into them (申请人情况, 法人或其他组织, 复议后起诉) narrowed to what is left."""
    element = table._tbl
    keep = len(element.tblGrid.gridCol_lst) - count
    for column in element.tblGrid.gridCol_lst[keep:]:
        element.tblGrid.remove(column)
    for row in element.tr_lst:
        start = 0
        for cell in list(row.tc_lst):
            span = cell.grid_span
            if start >= keep:
                row.remove(cell)
            elif start + span > keep:
                cell.grid_span = keep - start
            start += span


def _cut_copy(truth: Truth, path: Path) -> Path:
    write_docx(build_page(truth), path)
    document = docx.Document(str(path))
    for index, count in CUT.items():
        _cut_right_columns(document.tables[index], count)
    document.save(str(path))
    return path


def _lost(truth: Truth) -> set[str]:
    applications = {c for c in truth.printed if c.startswith("applications.") and c.endswith(APPLICATIONS_LOST)}
    return applications | set(REVIEW_LOST)


def _problems(name: str, truth: Truth, outcome: Outcome) -> list[str]:
    """What a user would object to in the outcome of one cut copy."""
    assert outcome.report is not None, (name, outcome.error)
    lost = _lost(truth)
    cells = outcome.report.cells
    problems = [f"{name}: {c} read {cells.get(c)!r}, not left unread" for c in sorted(lost) if c not in outcome.unread]
    problems += [f"{name}: {c} read {cells[c]!r}" for c in sorted(lost) if cells.get(c) is not None]
    problems += [
        f"{name}: {c} printed {v!r}, read {cells.get(c)!r}"
        for c, v in truth.printed.items()
        if c not in lost and cells.get(c) != v
    ]
    errors = {f.code for f in outcome.findings if f.severity == "error"}
    if errors != {"PARSE_INCOMPLETE"}:
        problems.append(f"{name}: errors {sorted(errors)}, not PARSE_INCOMPLETE alone")
    columns = [f.message for f in outcome.findings if f.code == "PARSE_COLUMN_NOT_FOUND"]
    if not any("表三" in m and "“其他”“总计”栏" in m for m in columns):
        problems.append(f"{name}: no finding names table 三's absent columns: {columns}")
    return problems


def test_columns_cut_off_a_table_are_not_read_and_raise_no_arithmetic_error(tmp_path: Path) -> None:
    truths = [t for t in plan(counts={"docx": 12}) if t.injected is None]
    chosen = [next(t for t in truths if t.template == year) for year in ("2019", "2021")]
    # Without the absent columns read as blank, these totals would each be an R3 error.
    assert all(t.printed["applications.new_received.total"] for t in chosen)
    files = [_cut_copy(truth, tmp_path / f"cut-{truth.name}.docx") for truth in chosen]
    pdfs = convert_with_soffice(files, "pdf", tmp_path / "pdf", tmp_path / "profile")
    problems: list[str] = []
    for truth, path, pdf in zip(chosen, files, pdfs, strict=True):
        for document in (path, pdf):
            problems += _problems(document.name, truth, check_file(document))
    assert not problems, "\n".join(problems)


def _sliver_page() -> tuple[bytes, dict[str, int | None]]:
    """Table 三 as the PDF of a cut copy prints it: 法人或其他组织 over 商业企业 … 法律服务机构
    and a sliver of a fifth column whose header cell and values the page's edge cut away."""
    rows = [row for row in APPLICATIONS.rows if not row.optional]
    outcomes = [row.key for row in rows if row.outcome]
    natural = {row.key: 1 if row.outcome else 0 for row in rows}
    natural["total_processed"] = natural["new_received"] = len(outcomes)
    head = (
        "<tr><td rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
        "<td colspan='6'>申请人情况</td></tr><tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td></tr>"
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td></td></tr>"
    )
    body = "".join(
        f"<tr><td>{row.label}</td><td>{natural[row.key]}</td>" + "<td>0</td>" * 4 + "<td></td></tr>" for row in rows
    )
    page = (
        "<html><head><meta charset='utf-8'></head><body><h1>某局2024年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>无。</p><p>二、主动公开政府信息情况</p><p>无。</p>"
        f"<p>三、收到和处理政府信息公开申请情况</p><table border='1'>{head}{body}</table>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p></body></html>"
    )
    printed: dict[str, int | None] = {}
    for row in rows:
        printed[f"applications.{row.key}.natural_person"] = natural[row.key]
        for name in ("commercial", "research", "social_welfare", "legal_service"):
            printed[f"applications.{row.key}.{name}"] = 0
    return page.encode(), printed


def test_a_column_whose_own_header_cell_is_blank_is_not_read_as_its_groups_other() -> None:
    """The blank header under 法人或其他组织 names no column: its words hold 其他, its cell does not."""
    data, printed = _sliver_page()
    outcome = check_bytes(data, "report.html")
    assert outcome.report is not None, outcome.error
    cells = outcome.report.cells
    assert {cell: cells[cell] for cell in printed} == printed
    lost = {c for c in cells if c.startswith("applications.") and c.endswith(APPLICATIONS_LOST)}
    lost -= {
        f"applications.{row.key}.{name}" for row in APPLICATIONS.rows if row.optional for name in APPLICATIONS_LOST
    }
    assert lost <= outcome.unread and all(cells[c] is None for c in lost)
    assert not {f.code for f in outcome.findings if f.code in ("R1", "R2", "R3", "R4")}
    # The cells not read are not called blank (P1): only the empty table 四 is.
    assert not [c for f in outcome.findings if f.code == "P1" for c in f.cells if c.startswith("applications.")]
    columns = [f.message for f in outcome.findings if f.code == "PARSE_COLUMN_NOT_FOUND"]
    assert len(columns) == 1 and "表三的表头中没有“其他”“总计”栏" in columns[0], columns
