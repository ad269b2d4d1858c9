"""The catalogue from the command line, as an operator or cron would use it: draft, review by named
accounts, scheduled publication picked up by `run-due`, flags, withdrawal; refusals are one line."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from conftest import run_xxgk
from disclosure_support import AGENCY, CODE, set_up
from xxgk.disclosure.vocabulary import TOPICS
from xxgk.now import CHINA, NOW_VARIABLE, now, today
from xxgk.store.database import open_database


def xxgk(url: str, *args: str) -> tuple[int, str, str]:
    done = run_xxgk("disclosure", *args, "--db", url)
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def test_an_item_goes_from_draft_to_scheduled_publication_and_withdrawal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'xxgk.db'}"
    set_up(open_database(url))
    body = tmp_path / "正文.txt"
    body.write_text("各区县科技局：现将有关事项通知如下。", encoding="utf-8")
    code, item, _ = xxgk(
        url,
        "add",
        "-a",
        AGENCY,
        "--title",
        "关于开展科技活动周的通知",
        "--written",
        today().isoformat(),
        "--topic",
        "科技、教育",
        "--genre",
        "通知",
        "--doc-number",
        "某科发〔2026〕3号",
        "--body-file",
        str(body),
        "--kind",
        "行政规范性文件",
        "--registration",
        "DLSR-2026-009",
        "--user",
        "clerk",
    )
    assert code == 0 and item.isdigit()
    assert xxgk(url, "publish", item, "-a", AGENCY)[2] == "第 1 版尚未通过审核（草稿），不能发布"
    assert xxgk(url, "submit", item, "-a", AGENCY, "--user", "clerk")[1] == "已提交，待保密审查"
    refused = xxgk(url, "approve", item, "-a", AGENCY, "--user", "clerk", "--opinion", "不涉密", "--basis", "第十七条")
    assert refused[0] == 2 and refused[2] == "本机关不允许审核自己起草的内容，请由其他人员审核"
    assert (
        xxgk(url, "approve", item, "-a", AGENCY, "--user", "clerk2", "--opinion", "不涉密", "--basis", "第十七条")[1]
        == "保密审查：通过，待签发"
    )
    assert xxgk(url, "approve", item, "-a", AGENCY, "--user", "head")[1] == "签发：通过"
    at = (now() + timedelta(hours=2)).astimezone(CHINA)
    scheduled = xxgk(url, "publish", item, "-a", AGENCY, "--at", at.strftime("%Y-%m-%dT%H:%M"))
    assert scheduled[1] == f"已定时，将于 {at:%Y-%m-%d %H:%M} 发布"
    assert xxgk(url, "run-due")[1] == "发布 0 条，标为已失效 0 条"
    os.environ[NOW_VARIABLE] = (now() + timedelta(hours=3)).isoformat()  # cron, three hours later
    assert xxgk(url, "run-due")[1] == "发布 1 条，标为已失效 0 条"
    shown = xxgk(url, "show", item, "-a", AGENCY)[1]
    number = f"{CODE}/{at.year}-00001"
    assert shown.splitlines()[0].split("\t")[1:3] == [number, "已发布"]
    flags = xxgk(url, "flags", "-a", AGENCY)[1]
    assert "须在" in flags and "政策解读" in flags and "有效期" in flags  # a 规范性文件: 解读 due, no 有效期
    changed = xxgk(url, "validity", number, "-a", AGENCY, "--to", "已修改", "--reason", "被某科发〔2026〕9号修改")
    assert changed[1] == f"关于开展科技活动周的通知：已修改（{today().isoformat()}）"
    assert xxgk(url, "validity", number, "-a", AGENCY, "--to", "作废", "--reason", "x")[2].startswith("有效性只能是")
    assert xxgk(url, "withdraw", number, "-a", AGENCY, "--reason", "文件有误")[1] == "已撤回：关于开展科技活动周的通知"
    assert xxgk(url, "search", "科技活动周")[1] == "没有找到"


def test_bad_input_is_refused_field_by_field_in_chinese(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'xxgk.db'}"
    set_up(open_database(url))
    code, _, errors = xxgk(
        url,
        "add",
        "-a",
        AGENCY,
        "--title",
        "通知",
        "--written",
        "2026-02-30",
        "--topic",
        "科技",
        "--genre",
        "通知",
        "--doc-number",
        "某科发〔2026〕第3号",
    )
    assert code == 2
    assert errors.splitlines() == [
        "文号：文号“某科发〔2026〕第3号”的序号前不加“第”（如 某政发〔2025〕3号）",
        "成文日期：“2026-02-30”不是有效日期（应写作 2025-09-26）",
        "主题分类：“科技”不是可选的主题分类（可选：" + "；".join(TOPICS) + "）",
        "3 个字段有误，未保存",
    ]
    assert xxgk(url, "settings", "-a", AGENCY, "--levels", "初审,复审")[2].startswith("审核层级只能是")
    assert xxgk(url, "settings", "-a", AGENCY, "--levels", "初审,保密审查,签发", "--self-approval")[1] == (
        "审核层级：初审 → 保密审查 → 签发；允许审核自己起草的内容"
    )
