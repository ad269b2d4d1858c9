"""Reports printed by a browser with its header and footer: the print stamp, the page's title,
its address and the page counter stand on every page, and none of them may become a value.

The independent corpus's Chromium prints (tests/independent) are printed again from the
same HTML with a header and footer laid out as Chromium's own, in an English and a Chinese
locale, and must read exactly as the prints without them. Measured 2026-12-02 on all 40
documents before page furniture was dropped: 37 of 40 exact, 5 values taken from the
stamp's digits ("12/2/26" read as 2 and 20 in an empty row of table 二), 109 cells missed;
after: 40 of 40 exact with either stamp.
"""

from __future__ import annotations

import dataclasses

import pytest

from browser_print import STAMP_EN, STAMP_ZH, print_pages, templates
from independent.corpus import Entry, load_or_build
from independent.scoring import DocumentScore, score_entries
from xxgk.service import check_file

# The first documents of the corpus's Chromium layout (they include ones read wrong before).
DOCUMENTS = 8
STAMPS = {"en": STAMP_EN, "zh": STAMP_ZH}


@pytest.fixture(scope="module")
def stamped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[DocumentScore]]:
    corpus = load_or_build()
    entries = sorted((e for e in corpus.entries if e.layout == "chromium-pdf"), key=lambda e: e.path.name)[:DOCUMENTS]
    work = tmp_path_factory.mktemp("stamped")
    reprinted: dict[str, list[Entry]] = {
        locale: [dataclasses.replace(e, path=work / f"{e.path.stem}-{locale}.pdf") for e in entries]
        for locale in STAMPS
    }
    sources = {e.path.stem: corpus.folder / "sources" / f"{e.path.stem}.html" for e in entries}
    print_pages(
        {
            entry.path: (sources[entry.path.stem.rsplit("-", 1)[0]], templates(STAMPS[locale]))
            for locale, printed in reprinted.items()
            for entry in printed
        }
    )
    return {locale: score_entries(printed, check_file) for locale, printed in reprinted.items()}


def _problems(scores: list[DocumentScore]) -> dict[str, str]:
    return {s.name: s.problem() for s in scores if not s.exact or s.wrong}


@pytest.mark.parametrize("locale", STAMPS)
def test_a_report_printed_with_the_browser_header_and_footer_reads_exactly(
    stamped: dict[str, list[DocumentScore]], locale: str
) -> None:
    assert len(stamped[locale]) == DOCUMENTS
    assert _problems(stamped[locale]) == {}


@pytest.mark.parametrize("locale", STAMPS)
def test_the_header_and_footer_raise_no_false_alarm(stamped: dict[str, list[DocumentScore]], locale: str) -> None:
    assert [s.name for s in stamped[locale] if s.false_alarm] == []
