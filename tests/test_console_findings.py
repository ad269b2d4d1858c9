"""A findings page in plain Chinese: grouped by table, rule titles not codes, shared cells singled out."""

from __future__ import annotations

import re

from reports import consistent_report
from webapp import WebApp, faulty_report, finished_run, report_text, signed_in, upload
from xxgk.check.catalogue import RULES

CODES = [rule.code for rule in RULES]


def _item(client_page: str, name: str) -> str:
    found = re.search(r'<a href="(/console/checks/\d+/items/\d+)">' + re.escape(name) + "</a>", client_page)
    assert found, name
    return found.group(1)


def test_findings_are_grouped_titled_and_shared_cells_marked(web: WebApp) -> None:
    client = signed_in(web, "sup-a")
    run = finished_run(
        web,
        upload(client, [("faulty.txt", report_text(faulty_report())), ("clean.txt", report_text(consistent_report()))]),
    )
    listing = client.get(run).text
    page = client.get(_item(listing, "faulty.txt")).text
    findings = page.split('id="report-findings"')[1].split("</section>")[0]
    assert "<h3>表三　收到和处理政府信息公开申请情况（" in findings
    assert "总计栏不等于各类申请人之和" in findings and "（七）总计不等于各办理结果之和" in findings
    main = page.split("<main")[1]
    assert not [code for code in CODES if re.search(rf"\b{code}\b", main)]  # no rule code on the page
    # 予以公开·总计 is named by both R3 (its row) and R2 (its column): marked in the list and in the table.
    assert re.search(
        r'href="#cell-applications\.granted\.total" class="cell-link">[^<]+</a><span class="shared-mark"[^>]*>共 2 项',
        findings,
    )
    assert re.search(r'id="cell-applications\.granted\.total"[^>]*class="num sev-error shared-cell"', page)
    assert 'data-shared="2"' in page
    # The column's finding names every cell of the 总计 column: six in the line, the rest folded, none lost.
    column = next(li for li in findings.split("<li")[1:] if "（七）总计不等于各办理结果之和" in li)
    folded = re.search(r'<details class="more-cells"><summary>另 (\d+) 个单元格</summary>(.*?)</details>', column)
    assert folded and int(folded.group(1)) == folded.group(2).count('class="cell-link"')
    assert column.split("<details")[0].count('class="cell-link"') == 6
    assert re.search(r'href="#cell-([\w.]+)"', column).group(1) == "applications.granted.total"  # shared first
    clean = client.get(_item(listing, "clean.txt")).text
    assert "检查结果：无错误" in clean and "错误 0" not in clean and "0 个错误" not in clean
    assert "由 sup-a 用户 上传" in client.get(run).text  # the display name, not the login
