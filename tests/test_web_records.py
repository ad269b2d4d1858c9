"""The desk's records behind table 二: a clerk marks the sources kept, imports a decisions ledger
(a bad file stores nothing and names its rows), and the report counts the cells, links each to
its records and says which cells were counted and which typed."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from test_web_desk import cell_value
from webapp import WebApp, csrf, signed_in
from xxgk.store import session_scope
from xxgk.store.web import AuditEntry

YEAR = 2024
HEADER = ["类型", "事项编码", "决定文书号", "决定日期", "决定结果"]
ROWS = [
    ["行政许可", "SX-001", "甲科许〔2024〕1号", "2024-02-01", "准予许可"],
    ["行政许可", "SX-001", "甲科许〔2024〕2号", "2024-05-09", "不予许可"],
    ["行政处罚", "CF-007", "甲科罚〔2024〕1号", "2024-07-30", "警告"],
    ["行政许可", "SX-002", "甲科许〔2023〕9号", "2023-12-31", "准予许可"],
]


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8-sig")


def test_a_clerk_keeps_a_decisions_ledger_and_the_report_counts_and_lists_it(web_any: WebApp) -> None:
    client = signed_in(web_any, "clerk-a")
    page = f"/desk/records/{YEAR}"
    assert client.get(page).status_code == 200
    token = csrf(client, page)
    data = {"csrf_token": token, "source-decisions": "1"}
    assert client.post(f"{page}/sources", data=data).status_code == 303

    bad = as_csv([*ROWS, ["行政审批", "X", "甲科许〔2024〕1号", "2024-02-30", "准予"]])
    refused = client.post(
        f"{page}/import/decisions", data={"csrf_token": token}, files={"file": ("决定.csv", bad, "text/csv")}
    )
    assert refused.status_code == 400
    assert (
        "第 6 行「类型」" in refused.text and "第 6 行「决定日期」" in refused.text and "未导入任何记录" in refused.text
    )
    report = client.get(f"/desk/reports/{YEAR}").text
    assert cell_value(report, "active.licensing.decisions") == "0"  # kept and empty: 0, not blank

    done = client.post(
        f"{page}/import/decisions", data={"csrf_token": token}, files={"file": ("决定.csv", as_csv(ROWS), "text/csv")}
    )
    assert done.status_code == 200 and "已导入 4 条（新增 4，更新 0）" in done.text
    report = client.get(f"/desk/reports/{YEAR}").text
    assert cell_value(report, "active.licensing.decisions") == "2"
    assert f'href="/desk/reports/{YEAR}/cells/active.licensing.decisions">2<' in report
    assert "表二由记录计算的单元格（3 个）" in report and "行政决定台账：licensing.decisions" in report
    assert "表二录入的单元格" in report and "可用于“一、总体情况”的数字" in report

    cell = client.get(f"/desk/reports/{YEAR}/cells/active.licensing.decisions")
    assert cell.status_code == 200 and "2 条记录" in cell.text
    assert (
        "甲科许〔2024〕1号" in cell.text and "甲科许〔2024〕2号" in cell.text and "甲科许〔2023〕9号" not in cell.text
    )
    assert client.get(f"/desk/reports/{YEAR}/cells/active.fees.amount").status_code == 404  # typed: no records

    origin = client.get(page).text
    assert "由记录计算：行政决定台账" in origin and 'id="origin-active.punishment.decisions"' in origin
    active = client.get(f"/desk/active/{YEAR}").text
    assert 'id="counted-active.licensing.decisions"' in active and 'name="active.fees.amount"' in active

    with session_scope(web_any.context.db) as session:
        done = session.scalars(select(AuditEntry.action).where(AuditEntry.action.startswith("records."))).all()
    assert sorted(done) == ["records.import", "records.sources"]  # the refused import left no trace
