"""HTML pages as government sites publish them.

The tables use the official merged layout (rowspan/colspan). Around the report
there may be a site: header, navigation, breadcrumb, related links to other
years' reports, footer and scripts. Pages come in UTF-8 or in GB18030 labelled
gb2312/gbk, with Word-export cell markup (<p class=MsoNormal><span>) or plain
cells, and sometimes with the header spans of realworld/city-2025-sample (an
empty <td> under a header cell instead of a rowspan).
"""

from __future__ import annotations

import random
from dataclasses import replace
from html import escape

from xxgk.render.grid import GridCell
from xxgk.report import Report
from xxgk.synth.outline import Grid, Outline, Paragraph, build_outline, regrid
from xxgk.synth.style import random_style

CONTAINERS = ('class="TRS_Editor"', 'id="zoom"', 'class="article-content"', 'class="content"', 'class="main-text"')
SITE_LINKS = ("首页", "政务公开", "政府信息公开", "政务服务", "互动交流", "走进本地")
GB_LABELS = ("gb2312", "gbk", "GB2312")


def write_html(report: Report, rng: random.Random) -> bytes:
    """A page holding the report; its encoding follows its <meta> charset."""
    outline = build_outline(report, random_style(rng), rng)
    gb = rng.random() < 0.3
    charset = rng.choice(GB_LABELS) if gb else "utf-8"
    page = _page(outline, rng, charset, chrome=rng.random() < 0.5)
    return page.encode("gb18030" if gb else "utf-8")


def _page(outline: Outline, rng: random.Random, charset: str, *, chrome: bool) -> str:
    site = outline.agency
    head = [
        rng.choice(
            (f'<meta charset="{charset}">', f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
        ),
        f"<title>{escape(outline.title)}{'_' + escape(site) if chrome else ''}</title>",
    ]
    if outline.published and rng.random() < 0.3:
        head.append(
            f'<meta name="PubDate" content="{outline.published} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}">'
        )
    if chrome:
        head.append('<script type="text/javascript">var _hmt = _hmt || []; document.write("统计");</script>')
        head.append("<style>.nav li{float:left} td{border:1px solid #000}</style>")
    parts = ["<!DOCTYPE html>", "<html>", "<head>", *head, "</head>", "<body>"]
    if chrome:
        parts += _site_top(site)
    parts += _article(outline, rng)
    if chrome:
        parts += _site_bottom(outline, rng)
    parts += ["</body>", "</html>"]
    return "\n".join(parts)


def _site_top(site: str) -> list[str]:
    links = "".join(f'<li><a href="/c{i}/">{name}</a></li>' for i, name in enumerate(SITE_LINKS))
    return [
        f'<div class="header"><div class="logo"><a href="/"><img src="/logo.png" alt="{escape(site)}"></a></div>'
        '<div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>',
        f'<div class="nav"><ul>{links}</ul></div>',
        '<div class="weizhi">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; '
        '<a href="/zwgk/ndbg/">政府信息公开年报</a></div>',
    ]


def _site_bottom(outline: Outline, rng: random.Random) -> list[str]:
    year = outline.year
    related = "".join(
        f'<li><a href="/zwgk/ndbg/{y}.html">{escape(outline.agency)}{y}年政府信息公开工作年度报告</a></li>'
        for y in range(year - 3, year)
    )
    return [
        f'<div class="xglj"><h4>相关链接</h4><ul>{related}</ul></div>',
        '<div class="footer"><p>主办单位：'
        + escape(outline.agency)
        + f"</p><p>网站标识码：{rng.randint(1000000000, 9999999999)} ICP备{rng.randint(10000000, 99999999)}号</p>"
        '<script>document.getElementById("hits").innerHTML = "1024";</script></div>',
    ]


def _article(outline: Outline, rng: random.Random) -> list[str]:
    word = rng.random() < 0.3
    loose = rng.random() < 0.15
    container = rng.choice(CONTAINERS)
    head: list[str] = []
    body: list[str] = []
    for block in outline.blocks:
        if isinstance(block, Grid):
            body.append(_table(_loosened(block) if loose else block, rng, word=word))
        elif block.role == "title":
            head.append(_title(block.text, rng))
        elif block.role == "date":
            source = rng.choice(
                ("", f"&nbsp;&nbsp;来源：{escape(outline.agency)}", "&nbsp;&nbsp;浏览次数：<span id=hits></span>")
            )
            head.append(f'<div class="info">{escape(block.text)}{source}</div>')
        elif block.role == "agency":
            head.append(f'<p style="text-align:center">{escape(block.text)}</p>')
        else:
            body.append(_paragraph(block, rng))
    return ['<div class="article">', *head, f"<div {container}>", *body, "</div>", "</div>"]


def _title(text: str, rng: random.Random) -> str:
    return rng.choice(
        (
            f'<h1 class="title">{escape(text)}</h1>',
            f"<h2>{escape(text)}</h2>",
            f'<div class="title">{escape(text)}</div>',
            f'<p align="center"><strong>{escape(text)}</strong></p>',
        )
    )


def _paragraph(paragraph: Paragraph, rng: random.Random) -> str:
    text = escape(paragraph.text)
    if paragraph.role == "heading":
        return rng.choice(
            (f"<p><strong>{text}</strong></p>", f"<h3>{text}</h3>", f'<p style="text-indent:2em">{text}</p>')
        )
    indent = rng.choice(("", "&nbsp;&nbsp;&nbsp;&nbsp;", "\u3000\u3000"))
    return f'<p style="text-indent:2em">{indent}{text}</p>'


def _table(grid: Grid, rng: random.Random, *, word: bool) -> str:
    rows = []
    for row in range(grid.rows):
        cells = "".join(_cell(cell, rng, word=word) for cell in grid.row_cells(row))
        rows.append(f"<tr>{cells}</tr>")
    attributes = rng.choice(
        ('border="1" cellspacing="0" cellpadding="0"', 'class="MsoNormalTable" style="border-collapse:collapse"', "")
    )
    return f"<table {attributes}><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def _cell(cell: GridCell, rng: random.Random, *, word: bool) -> str:
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )
    lines = [escape(line) for line in cell.text.split("\n")]
    if word:
        inner = "".join(
            f'<p class="MsoNormal" align="center"><span style="font-family:宋体">{line or "&nbsp;"}</span></p>'
            for line in lines
        )
    else:
        inner = "<br>".join(lines) or rng.choice(("", "&nbsp;"))
    return f"<td{spans}>{inner}</td>"


def _loosened(grid: Grid) -> Grid:
    """Header cells one column wide lose their rowspan; empty cells fill the rows below."""
    cells: list[GridCell] = []
    for cell in grid.cells:
        if cell.kind == "header" and cell.colspan == 1 and cell.rowspan > 1:
            cells.append(replace(cell, rowspan=1))
            cells += [GridCell("", cell.row + k, cell.col, kind="header") for k in range(1, cell.rowspan)]
        else:
            cells.append(cell)
    return regrid(grid, cells)
