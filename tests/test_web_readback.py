"""Every report page of the web app, saved by a user, reads back with xxgk's own reader to the report shown.

Users save the portal's report pages and supervisors feed saved pages to `xxgk check`, so a
page must print the official layout: every cell (table 四 included), the prose, and on the
portal the title and publication date. Each page is fetched through the app and read by
`xxgk.service.parse_file`, as `xxgk parse page.html` does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import gold_pairs, load_gold
from reports import consistent_report
from test_web_console import _item_links
from test_web_portal import agency_id
from webapp import WebApp, csrf, faulty_report, finished_run, report_text, signed_in, upload
from xxgk.check import check_report
from xxgk.corpus.ingest import ingest
from xxgk.render.text import canonical_text
from xxgk.report import Report
from xxgk.schema import validate_report_dict
from xxgk.service import parse_file
from xxgk.store import session_scope
from xxgk.store.agencies import Agency
from xxgk.store.portal import ReportDraft
from xxgk.store.web import CheckItem
from xxgk.template import TEXT_SECTIONS
from xxgk.web import annual

PAIRS = gold_pairs()
BUREAU = "甲市科学技术局"
TABLE_FOUR = re.compile(r"^review_litigation\.")


def stored_report(document: Path, gold: Path) -> Report:
    """The gold report with the prose of its document, as an agency would publish it."""
    report = validate_report_dict(load_gold(gold)["report"])
    parsed = parse_file(document).report
    assert parsed is not None
    report.text = parsed.text
    return canonical(report)


def read_back(page: str, folder: Path, name: str) -> Report:
    """The page saved as a file, then read as `xxgk parse` reads it."""
    path = folder / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    outcome = parse_file(path)
    assert outcome.report is not None, outcome.error
    return outcome.report


def differences(got: Report, want: Report) -> list[str]:
    """Each cell and prose section that differs, named."""
    out = [
        f"{cell}: {value!r} → {got.cells.get(cell)!r}"
        for cell, value in want.cells.items()
        if got.cells.get(cell) != value
    ]
    out += [f"text.{key}" for key in TEXT_SECTIONS if got.text.get(key, "") != want.text.get(key, "")]
    return out


def canonical(report: Report) -> Report:
    """`report` with its prose as every page prints it (paragraph per line, runs of spaces as one)."""
    report.text = {key: canonical_text(report.text.get(key, "")) for key in TEXT_SECTIONS}
    return report


def publish(web: WebApp, report: Report) -> tuple[int, int]:
    """`report` stored as the bureau's published report of its year, as the desk's sign-off and publish leave it;
    the bureau's id and the number of findings stored with it."""
    assert report.year is not None
    findings = [finding.to_dict() for finding in check_report(report)]
    with session_scope(web.context.db) as session:
        bureau = session.scalars(select(Agency).where(Agency.name == BUREAU)).one()
        session.add(
            ReportDraft(
                agency_id=bureau.id,
                year=report.year,
                status="published",
                text=dict(report.text),
                report=report.to_dict(),
                findings=findings,
                signed_off_by="head-a 用户",
            )
        )
        return bureau.id, len(findings)


@pytest.mark.parametrize("document,gold", PAIRS, ids=[d.name for d, _ in PAIRS])
def test_every_page_showing_a_published_report_reads_back_to_it(web: WebApp, document: Path, gold: Path) -> None:
    report = stored_report(document, gold)
    assert any(report.get(cell) is not None for cell in report.cells if TABLE_FOUR.match(cell))
    pages_read_back(web, report)


def test_pages_read_back_whatever_the_findings_beside_the_report(web: WebApp) -> None:
    """Dozens of findings listed beside the tables (every total of table 三 off by one, blanks) stay out of the report."""
    report = consistent_report()
    for cell in report.spec.cell_ids(include_optional=False):
        if cell.startswith("applications.") and cell.endswith(".total"):
            report.cells[cell] = int(report.cells[cell] or 0) + 1
    report.cells["active.regulations.issued"] = None
    report.text["problems"] = "第一段。\n\n第二段  有两个空格。"
    findings = pages_read_back(web, canonical(report))
    assert findings > 20


def pages_read_back(web: WebApp, report: Report) -> int:
    """Publish `report`; its portal page, the supervisor's and the desk's pages each read back to it.

    The portal page also to its title (agency, year) and publication date. The number of findings shown.
    """
    bureau, findings = publish(web, report)
    web.client.cookies.clear()
    portal = web.client.get(f"/agencies/{bureau}/reports/{report.year}")
    assert portal.status_code == 200
    public = read_back(portal.text, web.tmp, "portal")
    assert differences(public, report) == []
    assert (public.template, public.agency, public.year, public.published) == (
        report.template,
        report.agency,
        report.year,
        report.published,
    )
    for user, path in (
        ("sup-a", f"/console/reports/{bureau}/{report.year}"),
        ("clerk-a", f"/desk/reports/{report.year}"),
    ):
        page = signed_in(web, user).get(path)
        assert page.status_code == 200, path
        assert page.text.count('class="finding sev-') == findings, path
        assert differences(read_back(page.text, web.tmp, user), report) == [], path
    return findings


def test_a_report_from_the_corpus_on_the_portal_reads_back_to_the_stored_report(web: WebApp, data_dir: Path) -> None:
    """A published report uploaded into the corpus (here 平潭's glued text, some cells reconstructed)."""
    ingest(web.context.db, [data_dir / "realworld" / "pingtan-2019.txt"])
    pingtan = agency_id(web, "平潭综合实验区")
    with session_scope(web.context.db) as session:
        checked = annual.corpus_report(session, session.get_one(Agency, pingtan), 2019)
        assert checked is not None
        stored = checked.report
    assert web.client.get(f"/agencies/{pingtan}/reports/2019").status_code == 404  # not public before released
    admin = signed_in(web, "admin")
    released = admin.post(
        f"/console/reports/{pingtan}/2019/release",
        data={"csrf_token": csrf(admin, "/console/reports"), "despite_errors": "true"},
    )
    assert released.status_code == 303
    admin.cookies.clear()
    page = web.client.get(f"/agencies/{pingtan}/reports/2019")
    assert page.status_code == 200
    assert differences(read_back(page.text, web.tmp, "corpus"), stored) == []


def test_a_checked_upload_reads_back_from_its_page_with_inferred_cells_unmarked(web: WebApp, data_dir: Path) -> None:
    """The console's page of a checked file marks reconstructed cells and findings, in ways a reader ignores."""
    client = signed_in(web, "sup-a")
    files = {
        name: (data_dir / "realworld" / name).read_bytes() for name in ("pingtan-2019.txt", "city-2025-sample.html")
    }
    files["faulty.txt"] = report_text(faulty_report())
    run = finished_run(web, upload(client, list(files.items())))
    links = _item_links(client.get(run).text)
    with web.context.db.sessions() as session:
        items = {item.filename: item for item in session.scalars(select(CheckItem))}
    for name in files:
        assert items[name].report is not None
        stored = validate_report_dict(items[name].report)
        page = client.get(links[name]).text
        if stored.inferred:
            assert re.search(r'<td id="cell-[^"]+"[^>]*class="num[^"]*inferred', page)
        assert differences(read_back(page, web.tmp, name), stored) == [], name
    assert validate_report_dict(items["pingtan-2019.txt"].report).inferred  # the marks were there to be ignored
    assert items["faulty.txt"].errors > 0
