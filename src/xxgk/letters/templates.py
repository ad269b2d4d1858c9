"""The agency's own wording: each kind of letter is a template its head (or an admin) may edit.

A template is Jinja text run in jinja2's `SandboxedEnvironment` (no attribute
access to Python internals, bounded `range`), with `StrictUndefined` so a
misspelt name is refused instead of printing nothing. Its names are the case's
facts, in Chinese (`{{ 申请人 }}`, `{{ 决定 }}` ...); each non-empty line it
renders is one paragraph of the letter's body. An agency without a stored
template prints the default, which is today's wording: rendering the default
template gives exactly `Letter.default_paragraphs()`.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.errors import XxgkError
from xxgk.letters.model import Letter
from xxgk.letters.wording import DECISIONS, NOTICES, REPLY
from xxgk.store.agencies import Agency
from xxgk.store.letters import LetterTemplate
from xxgk.store.web import audit

MAX_TEMPLATE = 8000
MAX_OUTPUT = 20000

# Which template writes a letter: one per notice kind, one for the answers, one for the closings.
TEMPLATE_TITLES: dict[str, str] = {
    "decision": "答复告知书",
    "closing": "终止办理告知书",
    **{
        kind: notice.title.removeprefix("政府信息公开申请").removeprefix("政府信息公开")
        for kind, notice in NOTICES.items()
    },
}

# The names a template can use, with what each holds (shown beside the editor).
NAMES: dict[str, str] = {
    "申请人": "申请人姓名或名称（第三方意见书为“相关第三方”）",
    "申请编号": "申请的编号",
    "文号": "本告知书的文号",
    "机关": "本机关名称",
    "日期": "成文日期，如 2026年12月2日",
    "收到情况": "何时收到何种申请（可有两行）",
    "决定": "答复的决定（按办理结果写好的句子）",
    "答复内容": "答复内容（办结时填写的答复，可为空）",
    "理由标题": "理由的标题，如“理由”“需要补正的内容”",
    "理由": "理由或说明（可为空）",
    "依据": "法律依据，逐条",
    "救济途径": "行政复议机关和人民法院及其期限",
    "期限说明": "补正或答复意见的期限，如“请于2026年12月17日前向本机关提交补正后的申请”",
    "延长工作日": "延期的工作日数",
}

_TAIL = "{% if 理由 %}{{ 理由标题 }}：{{ 理由 }}{% endif %}\n依据：{{ 依据 }}\n{{ 救济途径 }}\n"


class TemplateRefused(XxgkError):
    """A template that cannot write a letter, with the reason in Chinese."""


def template_key(letter: Letter) -> str:
    if letter.kind in NOTICES:
        return letter.kind
    decision = DECISIONS.get(letter.kind)
    return "decision" if decision is None or decision.title == REPLY else "closing"


def default_template(key: str) -> str:
    """Today's wording of `key` as a template (the editor starts from it)."""
    if key in NOTICES:
        sentence = NOTICES[key].sentence.replace("{until}", "{{ 期限说明 }}").replace("{days}", "{{ 延长工作日 }}")
        return "{{ 收到情况 }}\n" + sentence + "\n" + _TAIL
    return "{{ 收到情况 }}\n{{ 决定 }}\n{{ 答复内容 }}\n" + _TAIL


def names_of(letter: Letter, *, until: str = "", days: str = "") -> dict[str, str]:
    """The facts a template may print, from the letter composed in the default wording."""
    return {
        "申请人": letter.addressee,
        "申请编号": letter.tracking,
        "文号": letter.number,
        "机关": letter.agency,
        "日期": letter.written,
        "收到情况": "\n".join(letter.facts),
        "决定": letter.decision,
        "答复内容": letter.reply or "",
        "理由标题": letter.reasons_label,
        "理由": letter.reasons or "",
        "依据": letter.basis,
        "救济途径": letter.remedy or "",
        "期限说明": until,
        "延长工作日": days,
    }


@cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)


def render_body(text: str, names: dict[str, str]) -> tuple[str, ...]:
    """The paragraphs `text` writes with `names`, or `TemplateRefused` saying why not."""
    if len(text) > MAX_TEMPLATE:
        raise TemplateRefused(f"模板过长（上限 {MAX_TEMPLATE} 字）")
    try:
        out = _environment().from_string(text).render(**names)
    except TemplateSyntaxError as exc:
        raise TemplateRefused(f"模板第 {exc.lineno} 行有语法错误：{exc.message}") from None
    except UndefinedError as exc:
        allowed = "、".join(NAMES)
        raise TemplateRefused(f"模板用了不存在的内容（{exc.message}）；可用的内容：{allowed}") from None
    except SecurityError:
        raise TemplateRefused("模板试图访问不允许的内容，已拒绝") from None
    except (TemplateError, ArithmeticError, TypeError, ValueError, OverflowError) as exc:
        raise TemplateRefused(f"模板无法生成告知书：{exc}") from None
    if len(out) > MAX_OUTPUT:
        raise TemplateRefused(f"模板生成的正文过长（上限 {MAX_OUTPUT} 字）")
    body = tuple(line.strip() for line in out.splitlines() if line.strip())
    if not body:
        raise TemplateRefused("模板生成的正文是空的")
    return body


def stored_template(session: Session, agency: Agency, key: str) -> str | None:
    found = session.get(LetterTemplate, (agency.id, key))
    return found.text if found is not None else None


def agency_templates(session: Session, agency: Agency) -> dict[str, str]:
    """Every template key with the agency's text, or the default where it has none."""
    rows = session.execute(select(LetterTemplate.key, LetterTemplate.text).where(LetterTemplate.agency_id == agency.id))
    stored = {key: text for key, text in rows}
    return {key: stored.get(key, default_template(key)) for key in TEMPLATE_TITLES}


def with_template(session: Session, agency: Agency, letter: Letter, *, until: str = "", days: str = "") -> Letter:
    """The letter with its body written by the agency's template (unchanged when it has none)."""
    text = stored_template(session, agency, template_key(letter))
    if text is None:
        return letter
    return replace(letter, body=render_body(text, names_of(letter, until=until, days=days)))


def sample_letter(key: str) -> tuple[Letter, dict[str, str]]:
    """A made-up case for the editor's preview: the letter in default wording and its names."""
    from xxgk.letters.model import basis_text, remedy_text

    notice = NOTICES.get(key)
    outcome = "granted" if key == "decision" else "other_no_correction"
    title = notice.title if notice else DECISIONS[outcome].title
    until = "请于2026年12月17日前向本机关提交补正后的申请" if key == "correction_notice" else ""
    decision = notice.sentence.format(until=until, days="15") if notice else DECISIONS[outcome].sentence
    articles = notice.articles if notice else DECISIONS[outcome].articles
    letter = Letter(
        kind=key if notice else outcome,
        title=title,
        number="示例依申请公开〔2026〕1号",
        addressee="张三",
        facts=("本机关于2026年11月2日收到您提出的政府信息公开申请（申请编号2026-00001），申请获取：“示例信息”。",),
        decision=decision,
        reply=None,
        reasons_label="说明",
        reasons="（示例理由）",
        basis=basis_text(articles),
        remedy=remedy_text("某市人民政府", "某市中级人民法院"),
        agency="示例机关",
        written="2026年12月2日",
        tracking="2026-00001",
    )
    return letter, names_of(letter, until=until, days="15")


def preview(key: str, text: str) -> Letter:
    """The sample case's letter as `text` writes it (`TemplateRefused` when it cannot)."""
    if key not in TEMPLATE_TITLES:
        raise TemplateRefused(f"没有“{key}”这种告知书")
    letter, names = sample_letter(key)
    return replace(letter, body=render_body(text, names))


def save_template(session: Session, agency: Agency, key: str, text: str, by: str) -> None:
    """Store the agency's wording of `key` after a trial render (the default text or none: back to the default)."""
    text = text.replace("\r\n", "\n")
    preview(key, text)
    stored = session.get(LetterTemplate, (agency.id, key))
    default = not text.strip() or text.strip() == default_template(key).strip()
    if default:
        if stored is not None:
            session.delete(stored)
    elif stored is None:
        session.add(LetterTemplate(agency_id=agency.id, key=key, text=text, updated_by=by))
    else:
        stored.text, stored.updated_by = text, by
    session.flush()
    audit(
        session, by, "letters.template", "agency", agency.id, agency_id=agency.id, key=key, default=default, text=text
    )
