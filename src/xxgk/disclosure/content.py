"""An item's content — the metadata Chinese sites print above it, its body and its attachments —
read from form fields (each field's problem in Chinese), and its hash.

The hash covers everything a reviewer approves: every field, the body, and each
attachment's SHA-256. It is what an approval is bound to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from xxgk.disclosure.vocabulary import (
    DOC_KINDS,
    GENRES,
    NORMATIVE,
    OPENNESS,
    PROACTIVE,
    TOPICS,
    doc_number_problem,
)

SUMMARY_LIMIT = 100
TITLE_LIMIT = 200
BODY_LIMIT = 500_000

# Field name → label, in the order forms, imports and exports show them.
LABELS: dict[str, str] = {
    "title": "名称",
    "summary": "内容概述",
    "doc_number": "文号",
    "issuer": "发文机关",
    "joint_issuers": "联合发文机关",
    "written_on": "成文日期",
    "effective_on": "实施日期",
    "valid_until": "有效期至",
    "openness": "公开属性",
    "openness_reason": "不主动公开的理由",
    "topic": "主题分类",
    "subtopic": "主题子类",
    "genre": "体裁分类",
    "doc_kind": "文件类型",
    "registration_number": "登记号",
    "column": "栏目",
    "interprets": "解读的文件",
    "amends": "修改的文件",
    "repeals": "废止的文件",
    "body": "正文",
}
RELATIONS = ("interprets", "amends", "repeals")


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    id: int
    filename: str
    sha256: str


@dataclass(frozen=True, slots=True)
class ItemContent:
    """What a version holds; relations are the target items' ids."""

    title: str
    issuer: str
    written_on: date
    openness: str
    topic: str
    genre: str
    doc_kind: str
    summary: str = ""
    doc_number: str = ""
    joint_issuers: str = ""
    effective_on: date | None = None
    valid_until: date | None = None
    openness_reason: str = ""
    subtopic: str = ""
    registration_number: str = ""
    column: str = ""
    interprets: int | None = None
    amends: int | None = None
    repeals: int | None = None
    body: str = ""
    attachments: tuple[AttachmentRef, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        # Field by field rather than dataclasses.asdict, which deep-copies and was most of an import's time.
        data: dict[str, Any] = {name: getattr(self, name) for name in _CONTENT_FIELDS}
        for key in ("written_on", "effective_on", "valid_until"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        data["attachments"] = [{"id": r.id, "filename": r.filename, "sha256": r.sha256} for r in self.attachments]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ItemContent:
        values = dict(data)
        for key in ("written_on", "effective_on", "valid_until"):
            values[key] = date.fromisoformat(values[key]) if values.get(key) else None
        values["attachments"] = tuple(AttachmentRef(**ref) for ref in values.get("attachments", []))
        return cls(**values)

    def digest(self) -> str:
        """SHA-256 of the canonical JSON: what an approval is bound to."""
        canonical = json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_CONTENT_FIELDS = tuple(f.name for f in fields(ItemContent))


class ContentProblems(ValueError):
    """Fields that cannot be read, each with its message (field name → Chinese sentence)."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("；".join(f"{LABELS.get(k, k)}：{v}" for k, v in problems.items()))


@dataclass(frozen=True, slots=True)
class Choices:
    """What an agency allows beyond the national lists: its 主题 sub-classes and its columns."""

    subclasses: Mapping[str, list[str]] = field(default_factory=dict)
    columns: tuple[str, ...] = ()


def parse_day(text: str) -> date | None:
    """A date written 2025-09-26, 2025/9/26, 2025.9.26 or 2025年9月26日; None if it is none of these."""
    cleaned = text.strip().replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    parts = cleaned.split("-")
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def read_content(
    fields: Mapping[str, str],
    relations: Mapping[str, int | None],
    attachments: tuple[AttachmentRef, ...] = (),
    choices: Choices = Choices(),
) -> ItemContent:
    """The content the form (or an imported row) describes, or `ContentProblems` naming every bad field.

    `relations` holds the resolved target ids of 解读/修改/废止 (the caller looks them up).
    """
    text = {key: str(fields.get(key) or "").strip() for key in LABELS}
    problems: dict[str, str] = {}

    def required(key: str) -> str:
        if not text[key]:
            problems[key] = f"请填写{LABELS[key]}"
        return text[key]

    def one_of(key: str, allowed: tuple[str, ...]) -> str:
        value = required(key)
        if value and value not in allowed:
            problems[key] = f"“{value}”不是可选的{LABELS[key]}（可选：{'；'.join(allowed)}）"
        return value

    def day(key: str, needed: bool = False) -> date | None:
        if not text[key]:
            if needed:
                problems[key] = f"请填写{LABELS[key]}"
            return None
        parsed = parse_day(text[key])
        if parsed is None:
            problems[key] = f"“{text[key]}”不是有效日期（应写作 2025-09-26）"
        return parsed

    title = required("title")
    if len(title) > TITLE_LIMIT:
        problems["title"] = f"名称不超过 {TITLE_LIMIT} 字（现为 {len(title)} 字）"
    if len(text["summary"]) > SUMMARY_LIMIT:
        problems["summary"] = f"内容概述不超过 {SUMMARY_LIMIT} 字（现为 {len(text['summary'])} 字）"
    if text["doc_number"] and (problem := doc_number_problem(text["doc_number"])):
        problems["doc_number"] = problem
    written_on = day("written_on", needed=True)
    effective_on, valid_until = day("effective_on"), day("valid_until")
    if written_on and valid_until and valid_until < written_on:
        problems["valid_until"] = "有效期至不能早于成文日期"
    if written_on and effective_on and effective_on < written_on:
        problems["effective_on"] = "实施日期不能早于成文日期"
    openness = one_of("openness", OPENNESS)
    if openness and openness != PROACTIVE and not text["openness_reason"]:
        problems["openness_reason"] = f"{openness}的信息须说明理由（条例第十四条至第十六条等依据）"
    topic = one_of("topic", TOPICS)
    allowed_sub = tuple(choices.subclasses.get(topic, ()))
    if text["subtopic"] and text["subtopic"] not in allowed_sub:
        problems["subtopic"] = f"“{text['subtopic']}”不是本机关为“{topic}”设置的子类"
    doc_kind = one_of("doc_kind", DOC_KINDS)
    if doc_kind == NORMATIVE and not text["registration_number"]:
        problems["registration_number"] = "行政规范性文件须填写登记号"
    if choices.columns and text["column"] and text["column"] not in choices.columns:
        problems["column"] = f"“{text['column']}”不是本机关的栏目（可选：{'、'.join(choices.columns)}）"
    if len(text["body"]) > BODY_LIMIT:
        problems["body"] = "正文过长"
    content = {
        "genre": one_of("genre", GENRES),
        "issuer": required("issuer"),
    }
    if problems or written_on is None:
        raise ContentProblems(problems)
    return ItemContent(
        title=title,
        issuer=content["issuer"],
        written_on=written_on,
        openness=openness,
        topic=topic,
        genre=content["genre"],
        doc_kind=doc_kind,
        summary=text["summary"],
        doc_number=text["doc_number"],
        joint_issuers=text["joint_issuers"],
        effective_on=effective_on,
        valid_until=valid_until,
        openness_reason=text["openness_reason"] if openness != PROACTIVE else "",
        subtopic=text["subtopic"],
        registration_number=text["registration_number"],
        column=text["column"],
        interprets=relations.get("interprets"),
        amends=relations.get("amends"),
        repeals=relations.get("repeals"),
        body=text["body"],
        attachments=attachments,
    )


def form_values(content: ItemContent, relation_numbers: Mapping[str, str]) -> dict[str, str]:
    """The form fields that describe `content` (relations by the targets' 索引号)."""
    values = {key: "" for key in LABELS}
    data = content.to_json()
    for key in LABELS:
        if key in RELATIONS:
            values[key] = relation_numbers.get(key, "")
        elif data.get(key) is not None:
            values[key] = str(data[key])
    return values
