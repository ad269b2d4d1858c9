"""Reconstruction: unique answers are recovered and explained, ambiguous ones left null."""

from __future__ import annotations

from reports import consistent_report, row_per_line_text
from xxgk.check import check_report
from xxgk.extract import extract_report
from xxgk.read import read_bytes


def _extract(text: str):  # type: ignore[no-untyped-def]
    return extract_report(read_bytes(text.encode("utf-8"), "test.txt"))


def test_clean_row_per_line_text_parses_exactly() -> None:
    report = consistent_report()
    extraction = _extract(row_per_line_text(report))
    assert extraction.report.cells == {**dict.fromkeys(extraction.report.cells), **report.cells}
    assert not extraction.report.inferred
    assert not check_report(extraction.report)


def test_glued_row_is_split_by_its_own_total_and_explained() -> None:
    report = consistent_report()
    report.cells.update(
        {
            "applications.granted.natural_person": 217,
            "applications.granted.commercial": 1,
            "applications.granted.legal_service": 0,
            "applications.granted.total": 218,
        }
    )
    text = row_per_line_text(report, {"applications.granted": "21710000218"})
    extraction = _extract(text)
    got = extraction.report
    assert [
        got.get(f"applications.granted.{c}")
        for c in ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
    ] == [217, 1, 0, 0, 0, 0, 218]
    assert "applications.granted.total" in got.inferred
    assert "21710000218" in got.inferred["applications.granted.total"]
    assert any(f.code == "PARSE_RECONSTRUCTED" and "applications.granted.total" in f.cells for f in extraction.findings)


COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


def _only_granted(values: tuple[int, ...]):  # type: ignore[no-untyped-def]
    """A report whose only applications were granted: granted = new received = total processed."""
    report = consistent_report()
    for cell in report.cells:
        if cell.startswith("applications."):
            report.cells[cell] = 0
    for row in ("granted", "total_processed", "new_received"):
        for column, value in zip(COLUMNS, values, strict=True):
            report.cells[f"applications.{row}.{column}"] = value
    return report


def test_glued_rows_with_several_splits_are_left_null_with_a_finding() -> None:
    """110000011 is 1/10/0/0/0/0/11 or 11/0/0/0/0/0/11; with every related row glued alike, nothing decides."""
    report = _only_granted((1, 10, 0, 0, 0, 0, 11))
    glued = {f"applications.{row}": "110000011" for row in ("granted", "total_processed", "new_received")}
    extraction = _extract(row_per_line_text(report, glued))
    got = extraction.report
    assert got.get("applications.granted.natural_person") is None
    assert got.get("applications.granted.commercial") is None
    assert "applications.granted.natural_person" not in got.inferred
    assert any(
        f.code == "PARSE_AMBIGUOUS" and "applications.granted.commercial" in f.cells for f in extraction.findings
    )


def test_glued_row_with_several_splits_is_settled_by_its_columns() -> None:
    report = _only_granted((1, 10, 0, 0, 0, 0, 11))
    extraction = _extract(row_per_line_text(report, {"applications.granted": "110000011"}))
    got = extraction.report
    assert [got.get(f"applications.granted.{c}") for c in COLUMNS] == [1, 10, 0, 0, 0, 0, 11]
    assert "applications.granted.commercial" in got.inferred


def test_row_that_lost_cells_is_filled_only_when_arithmetic_forces_it() -> None:
    """高安 2020: outcome rows print 5 zeros for 7 columns; all columns received 0, so all are 0."""
    report = consistent_report("2019")
    for cell in list(report.cells):
        if cell.startswith("applications.") or cell.startswith("review_litigation."):
            report.cells[cell] = 0
    text = row_per_line_text(report, {"applications.granted": "0 0 0 0 0"})
    extraction = _extract(text)
    assert extraction.report.get("applications.granted.research") == 0
    assert "applications.granted.research" in extraction.report.inferred


def test_row_that_lost_cells_is_recovered_from_its_columns() -> None:
    report = consistent_report()
    extraction = _extract(row_per_line_text(report, {"applications.granted": "5 1 2 8"}))
    got = extraction.report
    assert [got.get(f"applications.granted.{c}") for c in COLUMNS] == [5, 1, 0, 0, 2, 0, 8]
    assert "applications.granted.research" in got.inferred


def test_rows_that_lost_cells_stay_null_when_arithmetic_cannot_place_them() -> None:
    report = consistent_report()
    short = {
        "applications.granted": "5 1 2 8",
        "applications.total_processed": "10 2 2 14",
        "applications.new_received": "11 2 2 15",
    }
    extraction = _extract(row_per_line_text(report, short))
    got = extraction.report
    assert got.get("applications.granted.natural_person") is None
    assert any(
        f.code == "PARSE_MISSING_CELLS" and "applications.granted.natural_person" in f.cells
        for f in extraction.findings
    )


def test_a_total_one_digit_too_long_is_kept_as_printed_and_the_fitting_value_named() -> None:
    """淮安 2024: some extractors print 7696 where the table says 769 (a page number glued on);
    a report printing 10 where its parts add up to 1 looks the same. Neither is corrected silently:
    the printed value stays, the sums are reported broken, and a finding names the value that fits."""
    report = consistent_report()
    row = "applications.unavailable_not_held"
    printed = " ".join(
        str(report.get(f"{row}.{c}"))
        for c in ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
    )
    total = report.get(f"{row}.total")
    extraction = _extract(row_per_line_text(report, {row: f"{printed} {total}6"}))
    assert extraction.report.get(f"{row}.total") == int(f"{total}6")
    assert f"{row}.total" not in extraction.report.inferred
    hint = [f for f in extraction.findings if f.code == "PARSE_STRAY_DIGIT"]
    assert len(hint) == 1 and f"去掉一位数字后为 {total}" in hint[0].message and "“总计”栏" in hint[0].message
    assert {"R2", "R3"} & {f.code for f in check_report(extraction.report) if f.severity == "error"}


def test_a_genuine_arithmetic_error_is_kept_as_printed() -> None:
    report = consistent_report()
    report.cells["applications.granted.total"] = 9  # printed wrong: parts add up to 8
    extraction = _extract(row_per_line_text(report))
    assert extraction.report.get("applications.granted.total") == 9
    assert "applications.granted.total" not in extraction.report.inferred
    assert "R3" in {f.code for f in check_report(extraction.report)}


def test_glued_carry_forward_row_before_the_review_heading_stays_in_table_three() -> None:
    """'四、结转下一年继续办理0000000四．政府信息公开行政复议…' is a row, then the heading."""
    from xxgk.extract.sections import find_sections

    text = "三、收到和处理政府信息公开申请情况（七）总计1100011四、结转下一年继续办理0000000四．政府信息公开行政复议、行政诉讼情况"
    spans = find_sections(text)
    review = spans["review_litigation"]
    assert text[review.start :].startswith("四．政府信息公开行政复议")
    assert "结转下一年继续办理0000000" in text[spans["applications"].body : spans["applications"].end]


def test_a_document_glued_everywhere_splits_rows_that_kept_a_stray_space() -> None:
    """Rows such as '110 000011' print fewer numbers than cells: the whole document is read as glued."""
    from xxgk.synth.corpus import sample

    generated = sample("glued", 2, 195)
    report = extract_report(read_bytes(generated.data, "glued-2-195.txt")).report
    for row in ("new_received", "granted", "total_processed", "carried_forward"):
        for column in ("natural_person", "total"):
            cell = f"applications.{row}.{column}"
            assert report.cells[cell] == generated.report.cells[cell], cell


def _glued_everywhere(report, **printed: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every multi-column row of tables 二 and 三 printed with its digits run together, as copied from a PDF."""
    out = {}
    for table in (report.spec.table("active"), report.spec.table("applications")):
        for key in report.printed_rows(table.key):
            cells = table.row(key).cell_ids(table.key)
            if len(cells) > 1:
                out[f"{table.key}.{key}"] = "".join(str(report.get(c)) for c in cells)
    return {**out, **printed}


def _errors(extraction) -> list[str]:  # type: ignore[no-untyped-def]
    found = extraction.findings + check_report(extraction.report, unread=extraction.unread)
    return [f.code for f in found if f.severity == "error"]


def test_glued_digits_that_no_cut_balances_are_an_error_not_silent_nulls() -> None:
    """The table breaks its own arithmetic: 予以公开 prints 5 1 0 0 2 0 9 0 glued, and no cut of 51002090 adds up."""
    report = consistent_report()
    extraction = _extract(row_per_line_text(report, _glued_everywhere(report, **{"applications.granted": "51002090"})))
    unbalanced = [f for f in extraction.findings if f.code == "PARSE_DIGITS_UNBALANCED"]
    assert len(unbalanced) == 1 and unbalanced[0].severity == "error"
    assert "无论如何拆分都与勾稽关系" in unbalanced[0].message and "51002090" in unbalanced[0].message
    assert extraction.report.get("applications.granted.natural_person") is None
    # Never filled from the columns: the printed digits contradict any such value.
    assert "applications.granted.natural_person" not in extraction.report.inferred
    assert {"PARSE_DIGITS_UNBALANCED", "PARSE_INCOMPLETE"} <= set(_errors(extraction))


def test_glued_digits_one_a_cell_that_do_not_balance_are_read_as_printed_and_flagged() -> None:
    """5100209 for seven cells allows one cut only (a digit a cell): it is what the row prints, and its total is wrong."""
    report = consistent_report()
    extraction = _extract(row_per_line_text(report, _glued_everywhere(report, **{"applications.granted": "5100209"})))
    cells = [f"applications.granted.{c}" for c in ("natural_person", "commercial", "research")]
    assert [extraction.report.get(c) for c in cells] == [5, 1, 0]
    assert extraction.report.get("applications.granted.total") == 9
    assert all(c in extraction.report.inferred for c in cells)
    assert "PARSE_DIGITS_UNBALANCED" not in _errors(extraction)
    found = check_report(extraction.report, unread=extraction.unread)
    assert [f for f in found if f.severity == "error"], "the broken row total must be reported"


def test_spaced_numbers_fewer_than_cells_are_blank_cells_not_glued_digits() -> None:
    """予以公开 prints 258 12 1 1 apart by spaces (zero printed as a blank cell, the 总计 column blank, as
    in shanghai-office-2019): four whole numbers for seven cells. Where they stand cannot be told, and
    no reading of the digits is tried on them; the user is told of blank cells, not of digits run together."""
    report = consistent_report()
    extraction = _extract(
        row_per_line_text(report, _glued_everywhere(report, **{"applications.granted": "258 12 1 1"}))
    )
    codes = [f.code for f in extraction.findings]
    assert "PARSE_DIGITS_UNBALANCED" not in codes
    blank = [f for f in extraction.findings if f.code == "PARSE_BLANK_CELLS_UNPLACED"]
    assert len(blank) == 1 and "空白单元格" in blank[0].message and "粘连" not in blank[0].message
    assert "258 12 1 1" in blank[0].message and blank[0].severity == "warning"
    assert extraction.report.get("applications.granted.natural_person") is None
    assert "applications.granted.natural_person" in extraction.unread
    # Not fully read is still an error: the report never shows 0 个错误.
    assert "PARSE_INCOMPLETE" in _errors(extraction)


def test_spaced_numbers_with_a_glued_one_are_still_glued_digits() -> None:
    """ "110 000011": a number cannot start with zeros, so the spaces do not set cells apart."""
    report = consistent_report()
    extraction = _extract(row_per_line_text(report, _glued_everywhere(report, **{"applications.granted": "510 0209"})))
    unbalanced = [f for f in extraction.findings if f.code == "PARSE_DIGITS_UNBALANCED"]
    assert len(unbalanced) == 1 and "粘连" in unbalanced[0].message
    assert not [f for f in extraction.findings if f.code == "PARSE_BLANK_CELLS_UNPLACED"]


def test_consistent_glued_document_gets_no_error() -> None:
    report = consistent_report()
    extraction = _extract(row_per_line_text(report, _glued_everywhere(report)))
    assert _errors(extraction) == []


def test_cells_left_open_are_unread_not_blank_and_no_sum_over_them_is_judged() -> None:
    """Three rows that split two ways (1 / 10 / 0 … or 11 / 0 / 0 …) leave their first two cells null: no P1
    (they were printed), no R2 over the blanks, one error saying so; the cells both ways agree on are read."""
    report = _only_granted((1, 10, 0, 0, 0, 0, 11))
    glued = {f"applications.{row}": "110000011" for row in ("granted", "total_processed", "new_received")}
    extraction = _extract(row_per_line_text(report, glued))
    assert "applications.granted.commercial" in extraction.unread
    assert "applications.granted.natural_person" in extraction.unread
    assert extraction.report.cells["applications.granted.total"] == 11
    assert "applications.granted.total" in extraction.report.inferred
    found = check_report(extraction.report, unread=extraction.unread)
    assert not [
        f for f in found if f.code in ("R1", "R2", "R3") or (f.code == "P1" and set(f.cells) & extraction.unread)
    ]
    incomplete = [f for f in extraction.findings if f.code == "PARSE_INCOMPLETE"]
    assert len(incomplete) == 1 and incomplete[0].severity == "error"
    assert "表三只读出 169/175 个单元格" in incomplete[0].message
    assert set(incomplete[0].cells) == set(extraction.unread)


def test_missing_rows_and_tables_make_the_report_incomplete() -> None:
    report = consistent_report()
    text = row_per_line_text(report)
    lines = [line for line in text.splitlines() if not line.startswith("（一）予以公开")]
    cut = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    extraction = _extract("\n".join(lines[:cut] + lines[cut + 3 :]))
    incomplete = [f for f in extraction.findings if f.code == "PARSE_INCOMPLETE"]
    assert len(incomplete) == 1
    assert "表三有 1 行未找到" in incomplete[0].message and "未找到表四" in incomplete[0].message


def test_a_fully_read_report_is_not_called_incomplete() -> None:
    extraction = _extract(row_per_line_text(consistent_report()))
    assert not extraction.unread
    assert "PARSE_INCOMPLETE" not in {f.code for f in extraction.findings}
