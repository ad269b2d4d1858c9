"""Screening speed: documents per second for plain text, DOCX (with a comment, a tracked change
and properties) and PDF (printed from that DOCX by LibreOffice), each a two-page 处罚决定 with
an ID number, a phone, an address and the look-alikes that must pass.

    .venv/bin/python benchmarks/screen.py [--seconds 3]

Each format is screened repeatedly for about `--seconds` through `xxgk.screen.screen_file`, the
function behind `xxgk screen` and the catalogue's publication checks (attachments are cached by
hash in the workflow, so this is the cost of a first look at a file).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from screen_support import ID, LOOK_ALIKES, add_comment, add_tracked_change, docx_document, saved, to_pdf
from xxgk.screen import screen_file

PARAGRAPH = "根据《中华人民共和国行政处罚法》第二十八条的规定，本机关依法对当事人作出如下处罚决定，" * 3


def documents(folder: Path) -> dict[str, tuple[str, bytes]]:
    body = [f"当事人张三，身份证号{ID}，联系电话13912345678，家庭住址：辽宁省沈阳市和平区南京北街12号3单元。"]
    body += [PARAGRAPH] * 40 + LOOK_ALIKES.splitlines()
    document = docx_document(*body)
    add_comment(document, "请核对当事人信息")
    add_tracked_change(document, inserted="罚款人民币五千元", deleted="罚款人民币三千元")
    document.core_properties.author = "经办人"
    data = saved(document)
    return {
        "text": ("决定.txt", "\n".join(body).encode()),
        "docx": ("决定.docx", data),
        "pdf": ("决定.pdf", to_pdf(data, folder)),
    }


def rate(name: str, data: bytes, seconds: float) -> tuple[float, int]:
    count, hits, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds or count < 3:
        hits = len(screen_file(data, name))
        count += 1
    return count / (time.perf_counter() - start), hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = documents(Path(folder))
    for kind, (name, data) in files.items():
        per_second, hits = rate(name, data, args.seconds)
        print(f"{kind:5} {len(data) / 1024:7.1f} KB  {per_second:8.1f} documents/s  ({hits} hits each)")


if __name__ == "__main__":
    main()
