"""Documents of the independent corpus built at other seeds than its own, which once read wrong.

A fixed seed hides what an unseen corpus shows: `benchmarks/accuracy.py --seed N` builds the
corpus at another seed. Each case here is one document of such a build that the parser misread,
built again through the generator's own writers and tools, and read as it prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from independent.corpus import SUFFIX, Entry, build, plan
from independent.scoring import score_entries
from independent.viewer import source_layout, write_copy
from xxgk.service import check_file

# name → (seed, layout, index, cells still missed): what the document shows.
CASES: dict[str, tuple[int, str, int, tuple[str, ...] | None]] = {
    # "其他对外管理服务事项" wraps after "其他对外管理", its numbers centred between the two lines, under
    # the blank row 行政许可: its numbers were read as 行政许可's (wrong values). Left: table 二's
    # 行政事业性收费.change, printed between the columns of its wrapped row, is missed (not misread).
    "label-wrapped-around-its-numbers": (3, "pdftotext-layout", 5, ("active.fees.change",)),
    # Table 三's "1,397" wraps as "1,39" over "7" beside the side caption "三、" / "本年": the pieces
    # were not joined, and the row's numbers slid one column left (wrong values, a false alarm).
    "number-wrapped-beside-a-side-caption": (2, "pdftotext-layout", 0, ()),
    # Table 三 continues on page 2 under a repeated header standing ~9 characters right of its numbers,
    # page 1's rows all unread: 5.要求行政机关确认… and (七)总计 were put one column right (38 and 212 as
    # 科研机构, wrong values), which 科研机构's blank total refutes. Left: those rows and page 1's, unread.
    "page-two-rows-placed-one-column-right": (2, "pdftotext-layout", 21, None),
    # A 2021 form printing 2019's single row （六）其他处理, blank, right above （七）总计: the weak row was
    # not found, so its three sub-rows were "not found" (PARSE_INCOMPLETE, a false alarm).
    "single-other-handling-row-printed-blank": (2, "pdftotext-layout", 6, ()),
    # Chromium cut table 四's header at the page break: the 行政复议 cells spanning two header rows
    # kept their boxes to the first row, their second lines ("维持", "纠正") drawn under the table's
    # open bottom, a paragraph that kept the table's two pieces apart (table 四's row missed).
    "header-cells-cut-by-the-page-break": (1, "chromium-pdf", 1, ()),
    # Chromium cut a header row of table 三 ("社会公益" / "组织" on the next page) and the side caption
    # 三、本年度办理结果 spanning rows on two pages: the cut row was a row of its own (rows missed).
    "header-row-cut-by-the-page-break": (1, "chromium-pdf", 6, ()),
    # Plain pdftotext prints table 二's row names first, then each sub-table's caption, headers and
    # numbers: "规范性文件" followed by the caption, the headers and "1 6 6" took them as its own (wrong
    # values); now a row keeps numbers only after its own caption and with nothing between name and them.
    "table-two-names-before-their-captions": (1, "pdftotext", 5, None),
    # "行政事业性收费" right above "2", its caption (第二十条第（八）项) printed after: 2 was not its fee.
    "table-two-name-above-another-columns-number": (2, "pdftotext", 9, None),
    # "1,039" wrapped as "1,03" over "9": the copy looked like digits among text, table 三 was split as
    # glued digits and found unbalanced (a false alarm on a consistent report).
    "thousands-number-wrapped-in-a-cell-per-line-copy": (2, "pdftotext", 7, None),
    # "1230" wraps as "123" over "0" beside the side caption "三、" / "本年" (no piece a broken "1,23"):
    # the lone "0" was read as the row's total (a wrong value, a false alarm).
    "full-cell-wrapped-beside-a-side-caption": (5, "pdftotext-layout", 10, ()),
    # A column-by-column copy of table 三: the numbers after the headers "其他" / "总计" were taken by
    # "6.属于四类过程性信息", whose wrapped name the next page prints later (wrong values, a false alarm).
    "numbers-after-two-column-headers": (5, "pdftotext", 3, None),
    # An injected error: "4.无正当理由大量反复申请" prints 10 as its total where its parts add up to 1.
    # Dropping the "0" made every sum hold, so it was "corrected" to 1 (a wrong value, the error hidden).
    "total-one-digit-too-long-kept-as-printed": (6, "pdftotext-layout", 23, ()),
    # Table 三's row names, then its column headers, then its numbers column by column: the last row
    # name before the headers ("2、申请人逾期未按收费通知…") took them (wrong values, a false alarm).
    "numbers-after-the-column-headers": (6, "pdftotext", 9, None),
    # Table 二's header repeated on a new page between "政府集中采购" and 行政事业性收费's numbers
    # (104, -36): they were read as 采购项目数量 and 采购总金额 (wrong values, a false alarm).
    "numbers-after-a-repeated-caption": (6, "pdftotext", 16, None),
    # Table 二 copied without its blank cells: "行政处罚" / "行政强制" / "185", 行政强制 blank. The name
    # standing last before the number took it (a wrong value); either row could print it so.
    "one-number-under-two-row-names": (7, "pdftotext", 17, None),
    # An injected error in a viewer's copy: carried_over prints "2 1 12" (its parts make 3). Once the
    # other rows were placed, R1 gave 合计 3, a number the row does not print (a wrong value).
    "sum-inferring-a-number-the-row-does-not-print": (2, "chromium-pdf-copy", 11, None),
    # A viewer's copy printing "4." alone on the line before "无正当理由…": the enumerator was read as a
    # number of the row above ("1 1 2 4"), whose total 4 then held (a wrong value).
    "enumerator-alone-on-its-line": (5, "lo-pdf-copy", 23, None),
    # Table 四 copied in pieces, its first five numbers apart from the rest: the short first piece was
    # taken for a row with blank cells and placed (0 for a printed 6, once placing went on apart).
    "table-four-in-pieces-is-no-row-of-blanks": (6, "pdftotext", 16, None),
    # pdftotext -layout printed 6.属于四类过程性信息's "7" (社会公益组织) under 法律服务机构, where its
    # column's other numbers stand (a wrong value). The table cannot hold as read with blanks as 0;
    # freeing that row alone lets it: the row is unread, its numbers never moved where the sums want.
    "a-number-set-under-its-neighbours-column": (14, "pdftotext-layout", 19, None),
    # Table 四's "5" half-way between 其他结果 and 尚未审结, both keeping the sums: the whole table was
    # unread; now every cell both placings agree on is read, and the two cells in doubt stay open.
    "table-four-placed-two-ways": (4, "pdftotext-layout", 22, ("review_litigation.litigation_direct.other",)),
}


@pytest.mark.parametrize("case", CASES)
def test_document_reads_as_printed(tmp_path: Path, case: str) -> None:
    seed, layout, index, left = CASES[case]
    # `left` None: the cells missed are not pinned (only that none reads wrong).
    printed_from = source_layout(layout)
    truth = plan(seed, {printed_from: index + 1})[index]
    build(tmp_path, [truth])
    document = tmp_path / "documents" / f"{truth.name}{SUFFIX[printed_from]}"
    if printed_from != layout:  # a PDF viewer's copy of the document
        copy = tmp_path / f"{truth.name}.txt"
        write_copy(layout, document, copy)
        document = copy
    score = score_entries([Entry(document, truth)], check_file)[0]
    assert score.wrong == []
    assert left is None or score.missed == list(left)
    assert score.caught == score.injected
    assert not score.false_alarm
