"""`xxgk screen` as a user runs it: exit 0 for clean files, 1 when something blocks, 2 when some
file cannot be screened (missing, broken, a scan without text) with one Chinese line naming it;
JSON lists each hit masked with its position; --allow lets the agency's own number through."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_xxgk
from disclosure_support import AGENCY, set_up
from screen_support import ID, LOOK_ALIKES, add_tracked_change, docx_document, saved
from xxgk.now import today
from xxgk.store.database import open_database


def write(folder: Path, name: str, data: bytes | str) -> str:
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


def test_clean_files_exit_zero(tmp_path: Path) -> None:
    clean = write(tmp_path, "clean.txt", LOOK_ALIKES)
    done = run_xxgk("screen", clean)
    assert done.returncode == 0, done.stderr
    assert "未发现问题" in done.stdout


def test_blocking_hits_exit_one_and_json_lists_them_masked(tmp_path: Path) -> None:
    document = docx_document("处罚决定书")
    add_tracked_change(document, deleted=f"身份证号{ID}")
    path = write(tmp_path, "决定.docx", saved(document))
    words = write(tmp_path, "notes.txt", "截止目前办结")
    done = run_xxgk("screen", path, words, "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    [hit] = report[0]["hits"]
    assert hit["kind"] == "id_number" and hit["severity"] == "block"
    assert hit["text"] == ID[:6] + "*" * 10 + ID[-2:] and ID not in done.stdout
    assert hit["position"]["part"] == "deletion" and "个人信息" in hit["reason"]
    assert [(h["kind"], h["severity"]) for h in report[1]["hits"]] == [("mistaken_word", "warn")]


def test_warnings_alone_exit_zero_and_allow_lets_own_numbers_pass(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "截止目前办结。咨询电话 024-23456789，邮箱 xxgk@example.gov.cn")
    assert run_xxgk("screen", path).returncode == 1
    done = run_xxgk("screen", path, "--allow", "024-23456789", "--allow", "xxgk@example.gov.cn")
    assert done.returncode == 0, done.stdout
    assert "易错词" in done.stdout and "截至目前" in done.stdout


def test_a_file_that_cannot_be_screened_exits_two_with_one_line(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    scan = tmp_path / "扫描.pdf"
    drawing = canvas.Canvas(str(scan))
    drawing.rect(50, 50, 400, 600, fill=1)
    drawing.save()
    blocked = write(tmp_path, "b.txt", f"身份证号{ID}")
    done = run_xxgk("screen", str(scan), blocked)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert "扫描.pdf" in line and "没有文字层" in line and "Traceback" not in done.stderr
    assert "身份证号" in done.stdout  # the readable file is still reported
    missing = run_xxgk("screen", str(tmp_path / "无此文件.docx"))
    assert missing.returncode == 2 and "无此文件.docx" in missing.stderr and "无法读取" in missing.stderr
    broken = write(tmp_path, "坏.docx", saved(docx_document("x"))[:300])
    done = run_xxgk("screen", broken)
    assert done.returncode == 2 and "坏.docx" in done.stderr


def test_the_catalogue_cli_shows_the_hits_and_the_signer_overrides(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'xxgk.db'}"
    set_up(open_database(url))
    body = tmp_path / "正文.txt"
    body.write_text(f"当事人身份证号{ID}。", encoding="utf-8")

    def disclosure(*args: str) -> tuple[int, str, str]:
        done = run_xxgk("disclosure", *args, "-a", AGENCY, "--db", url)
        return done.returncode, done.stdout.strip(), done.stderr.strip()

    code, item, _ = disclosure(
        "add", "--title", "处罚决定", "--written", today().isoformat(), "--topic", "科技、教育",
        "--genre", "决定", "--body-file", str(body), "--user", "clerk",
    )  # fmt: skip
    assert code == 0
    disclosure("submit", item, "--user", "clerk")
    disclosure("approve", item, "--user", "clerk2", "--opinion", "不涉密", "--basis", "第十七条")
    refused = disclosure("approve", item, "--user", "head")
    assert refused[0] == 2 and "身份证号 1 处" in refused[2]
    shown = disclosure("screening", item)
    assert shown[0] == 0 and ID[:6] + "*" * 10 + ID[-2:] in shown[1] and ID not in shown[1]
    assert disclosure("screening", item, "--user", "clerk", "--override", "可以公开")[0] == 2
    decided = disclosure("screening", item, "--user", "head", "--override", "当事人书面同意公开")
    assert decided[0] == 0 and "确认发布（签发人）：当事人书面同意公开" in decided[1], decided
    assert disclosure("approve", item, "--user", "head")[1] == "签发：通过"
