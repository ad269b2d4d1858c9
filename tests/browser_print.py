"""Pages printed to PDF by Chromium through Playwright with a browser's header and footer.

Chromium's own header and footer carry the wall-clock time of printing (`--print-to-pdf`
prints "12/2/26, 10:40 AM" and the page's title above, its address and "1/8" below), so a
test that printed them so would read another page every minute. Here the header and
footer templates lay them out as Chromium's default ones do, with the stamp fixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from independent.convert import CHROMIUM, CHROMIUM_ARGS

# Print stamps as Chromium writes them in an English and in a Chinese locale.
STAMP_EN = "12/2/26, 10:40 AM"
STAMP_ZH = "2026/12/2 10:40"
MARGIN = {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}


def templates(stamp: str) -> dict[str, str]:
    """Header (stamp, title) and footer (address, "1/5") as Chromium's default ones, with a fixed stamp."""
    style = "font-size:8px;width:100%;display:flex;justify-content:space-between;margin:0 10mm"
    header = f'<div style="{style}"><span>{stamp}</span><span class="title"></span><span></span></div>'
    counter = '<span><span class="pageNumber"></span>/<span class="totalPages"></span></span>'
    footer = f'<div style="{style}"><span class="url"></span>{counter}</div>'
    return {"header_template": header, "footer_template": footer}


def running_templates() -> dict[str, str]:
    """A header with the page's title alone and a footer with a running text and "第 3 页 / 共 8 页":
    nothing a pattern tells apart, only their repetition on every page."""
    style = "font-size:8px;width:100%;display:flex;justify-content:space-between;margin:0 10mm"
    header = f'<div style="{style}"><span></span><span class="title"></span><span></span></div>'
    counter = '<span>第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</span>'
    footer = f'<div style="{style}"><span>政府信息公开专栏</span>{counter}</div>'
    return {"header_template": header, "footer_template": footer}


def print_pages(prints: Mapping[Path, tuple[Path, dict[str, str] | None]]) -> None:
    """Each target printed to A4 from its HTML source with the header and footer templates given
    (None: no header and footer)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for target, (source, stamp) in prints.items():
                page.goto(source.resolve().as_uri())
                if stamp is None:
                    page.pdf(path=str(target), format="A4", margin=MARGIN)
                else:
                    page.pdf(
                        path=str(target), format="A4", margin=MARGIN, display_header_footer=True, **templates(stamp)
                    )
        finally:
            browser.close()
    missing = [target.name for target in prints if not target.exists()]
    assert not missing, f"Chromium wrote no PDF for {missing}"
