"""Rendered documents in the real programs: LibreOffice opens the DOCX, Chromium shows the HTML, the PDF embeds its fonts.

Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from playwright.sync_api import Browser, sync_playwright

from conftest import ROOT
from xxgk.extract import extract_report
from xxgk.read import read_bytes
from xxgk.render import render_report
from xxgk.report import Report
from xxgk.synth import random_report

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def report_for(template: str) -> Report:
    return random_report(random.Random(f"real-documents-{template}"), template, size="large")


def comparable(report: Report) -> dict[str, Any]:
    """Everything but the inference notes, with prose compared without spaces (LibreOffice spaces 2020 年)."""
    data = report.to_dict()
    data.pop("inferred")
    data["text"] = {key: re.sub(r"\s", "", value) for key, value in data["text"].items()}
    return data


# --- LibreOffice --------------------------------------------------------------------------------


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_libreoffice_converts_the_docx_to_a_pdf_that_reads_back(tmp_path: Path, template: str) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by scripts/system-deps.sh"
    report = report_for(template)
    source = tmp_path / "report.docx"
    source.write_bytes(render_report(report, "docx"))
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = tmp_path / "report.pdf"
    assert result.returncode == 0 and converted.exists(), result.stderr
    data = converted.read_bytes()
    assert data.startswith(b"%PDF-")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"libreoffice-{template}.pdf").write_bytes(data)
    assert comparable(extract_report(read_bytes(data, "libreoffice.pdf")).report) == comparable(report)


# --- Chromium -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_chromium_shows_the_official_tables(tmp_path: Path, browser: Browser, template: str) -> None:
    page_file = tmp_path / "report.html"
    page_file.write_bytes(render_report(report_for(template), "html"))
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    try:
        page.goto(page_file.as_uri())
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-{template}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1000, "nothing sticks out sideways"
        assert page.title().endswith("政府信息公开工作年度报告")
        widths = page.evaluate(
            """() => {
                const table = document.querySelector('table.grid-applications');
                const th = [...table.querySelectorAll('th')];
                const width = text => th.find(c => c.textContent === text).getBoundingClientRect().width;
                const value = [...table.querySelectorAll('tbody tr')][0].querySelectorAll('td');
                return {applicant: width('申请人情况'), legal: width('法人或其他组织'),
                        columns: [...value].map(td => td.getBoundingClientRect().width)};
            }"""
        )
        columns = widths["columns"]
        assert len(columns) == 7
        assert widths["applicant"] == pytest.approx(sum(columns), abs=3)
        assert widths["legal"] == pytest.approx(sum(columns[1:6]), abs=3)
        unresolved = page.evaluate(
            """() => [...document.querySelectorAll('td[headers]')]
                  .flatMap(td => td.getAttribute('headers').split(' '))
                  .filter(id => !document.getElementById(id))"""
        )
        assert unresolved == [], "every value cell names header cells that exist"
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF-")
    finally:
        page.close()


# --- the PDF's fonts ----------------------------------------------------------------------------


def test_the_pdf_embeds_its_chinese_fonts(tmp_path: Path) -> None:
    pdffonts = shutil.which("pdffonts")
    assert pdffonts, "poppler-utils is installed by scripts/system-deps.sh"
    path = tmp_path / "report.pdf"
    path.write_bytes(render_report(report_for("2021"), "pdf"))
    listing = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True, timeout=60).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows, listing
    assert any("CJK" in row[0] for row in rows), listing
    # Columns: name, type..., encoding, emb, sub, uni, object, id; "emb" is fifth from the end.
    assert all(row[-5] == "yes" for row in rows), listing


def test_a_table_running_over_a_page_break_repeats_its_header_and_still_reads_back() -> None:
    report = report_for("2021")
    report.text["overview"] = "\n".join(
        ["本年度，我局认真贯彻落实《条例》，全年主动公开政府信息 1200 条，其中政策文件 35 件。"] * 8
    )
    data = render_report(report, "pdf")
    document = pypdfium2.PdfDocument(data)
    try:
        pages = [document[index].get_textpage().get_text_range() for index in range(len(document))]
    finally:
        document.close()
    with_header = [index for index, text in enumerate(pages) if "申请人情况" in text]
    assert len(with_header) == 2 and with_header[1] == with_header[0] + 1, "table 三 breaks and repeats its header"
    assert comparable(extract_report(read_bytes(data, "report.pdf")).report) == comparable(report)
