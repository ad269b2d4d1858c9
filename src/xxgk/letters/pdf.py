"""The letter as a PDF: an HTML page of its own (no site header) typeset on A4 by WeasyPrint.

The faces are named as the DOCX names them, the official ones first, then the
Noto CJK faces installed by scripts/system-deps.sh, so the PDF embeds whichever
the machine has.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, StrictUndefined

from xxgk.letters.model import Letter
from xxgk.render.docx_package import MARGINS_MM

_CSS = f"""
@page {{ size: A4; margin: {MARGINS_MM["top"]}mm {MARGINS_MM["right"]}mm {MARGINS_MM["bottom"]}mm {MARGINS_MM["left"]}mm; }}
body {{ font-family: "仿宋_GB2312", "FangSong", "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
        font-size: 16pt; line-height: 28pt; margin: 0; }}
h1 {{ font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal;
      font-size: 22pt; line-height: 36pt; text-align: center; margin: 0 0 8pt; }}
p {{ margin: 0; text-align: justify; }}
.number {{ text-align: center; margin-bottom: 14pt; }}
.body {{ text-indent: 2em; }}
.signature {{ position: relative; margin-top: 42pt; padding-right: 8mm; }}
.signature p {{ text-align: right; }}
.seal {{ position: absolute; right: 4mm; top: -14mm; width: 40mm; height: 40mm; border: 1px dashed #999;
         border-radius: 50%; text-align: center; line-height: 40mm; color: #999; font-size: 12pt; }}
"""

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ letter.title }}</title><style>{{ css|safe }}</style></head>
<body>
<h1>{{ letter.title }}</h1>
<p class="number">{{ letter.number }}</p>
<p>{{ letter.addressee }}：</p>
{% for text in letter.paragraphs() %}<p class="body">{{ text }}</p>
{% endfor %}
<div class="signature"><span class="seal">（印章）</span>
<p class="signature-line">{{ letter.agency }}</p>
<p class="signature-line">{{ letter.written }}</p></div>
</body></html>
"""


@cache
def _page() -> Any:
    return Environment(autoescape=True, undefined=StrictUndefined).from_string(_PAGE)


@cache
def _fonts() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def letter_html(letter: Letter) -> str:
    """The letter as a complete page of its own, styles inlined."""
    page: str = _page().render(letter=letter, css=_CSS)
    return page


def write_letter_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string=letter_html(letter), base_url=None).write_pdf(font_config=_fonts())
    return data
