"""The Jinja2 environment of the pages: autoescaping everywhere, Chinese labels, China time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.responses import Response

from xxgk.audit_names import detail_key, operation_name, record_kind
from xxgk.corpus.labels import code_label
from xxgk.ledger.events import EVENT_LABELS
from xxgk.ledger.receipt import CHANNEL_LABELS
from xxgk.ledger.vocabulary import outcome_label
from xxgk.now import CHINA
from xxgk.render.layout import report_title
from xxgk.report import show_value
from xxgk.store.web import ROLE_LABELS, Role
from xxgk.web.annual import STATUS_LABELS as REPORT_STATES
from xxgk.web.csrf import FIELD, csrf_token
from xxgk.web.findings import grouped_findings, rule_title, shared_cells
from xxgk.web.tables import paragraphs

TEMPLATES = Path(__file__).with_name("templates")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_LABELS = {
    "running": "检查中",
    "done": "已完成",
    "interrupted": "未完成",
    "pending": "等待",
    "failed": "无法读取",
}


def make_pages() -> Jinja2Templates:
    pages = Jinja2Templates(directory=TEMPLATES)
    env = pages.env
    env.autoescape = True  # every template, whatever its extension
    env.globals.update(
        csrf_field=csrf_field,
        csrf_token=csrf_token,
        demo_mode=demo_mode,
        role_label=role_label,
        report_paragraphs=paragraphs,
        report_title=report_title,
        severity_label=SEVERITY_LABELS.get,
        status_label=lambda s: STATUS_LABELS.get(s, s),
        rule_title=rule_title,
        rule_titles_of=lambda codes: "、".join(dict.fromkeys(rule_title(c) for c in codes)),
        grouped_findings=grouped_findings,
        shared_cells=shared_cells,
    )
    env.filters.update(
        china_time=china_time,
        cell_value=cell_value,
        operation_name=operation_name,
        record_kind=record_kind,
        audit_detail=audit_detail,
    )
    return pages


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """Render page `name`; the layout shows the `Viewer` that `current_user` left on `request.state`."""
    pages: Jinja2Templates = request.app.state.xxgk.pages
    context.setdefault("viewer", getattr(request.state, "viewer", None))
    return pages.TemplateResponse(request, name, context, status_code=status_code)


def demo_mode(request: Request) -> bool:
    return bool(request.app.state.xxgk.settings.demo)


def csrf_field(request: Request) -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, escape(csrf_token(request)))


def role_label(role: str) -> str:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role


def china_time(moment: datetime | None) -> str:
    """A stored UTC time as Beijing time, e.g. 2026-11-21 14:05."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive datetimes
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def audit_detail(detail: dict[str, Any]) -> str:
    """An audit entry's detail in Chinese: 用户名：clerk；角色：经办人 rather than username=clerk；role=clerk."""
    return "；".join(f"{detail_key(key)}：{_detail_value(key, value)}" for key, value in detail.items())


def _detail_value(key: str, value: Any) -> str:
    if value is None or value == "":
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        items = [_detail_value(key, item) for item in value]
        return "、".join(items[:5]) + (f" 等 {len(items)} 项" if len(items) > 5 else "")
    if key == "role":
        return role_label(str(value))
    if key == "was":
        return REPORT_STATES.get(str(value), str(value))
    if isinstance(value, str):
        return _ledger_label(key, value) or code_label(value)
    return str(value)


# The ledger codes an audit entry keeps under these detail keys, by their Chinese names.
_CODE_NAMES: dict[str, dict[str, str]] = {
    "kind": {str(kind): label for kind, label in EVENT_LABELS.items()},
    "channel": {str(channel): label for channel, label in CHANNEL_LABELS.items()},
}


def _ledger_label(key: str, value: str) -> str | None:
    """The Chinese name of a ledger code an audit entry keeps: an event's kind, a channel, an outcome."""
    if key == "outcome":
        try:
            return outcome_label(value)
        except KeyError:
            return None
    return _CODE_NAMES.get(key, {}).get(value)


def cell_value(value: Any) -> str:
    return "—" if value is None else show_value(value)
