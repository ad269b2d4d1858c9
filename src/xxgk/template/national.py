"""The two national formats, 国办公开办函〔2019〕60号 and 〔2021〕30号, as data.

Labels are the official ones; `match` phrases are what identifies a row's label in
the wild once spaces and punctuation are folded away (see spec/format-notes.md §9).
"""

from __future__ import annotations

from xxgk.template.applications import APPLICANT_COLUMNS, APPLICANT_PARTS, APPLICATIONS_2019, APPLICATIONS_2021
from xxgk.template.model import Equation, Field, Prior, Row, Section, Statement, TableSpec, Template

SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", ("总体情况",), local=("概述", "概况", "基本情况")),
    Section(
        "active",
        "二",
        "主动公开政府信息情况",
        ("主动公开政府信息",),
        table="active",
        local=("主动公开情况", "主动公开工作", "主动公开"),
    ),
    Section(
        "applications",
        "三",
        "收到和处理政府信息公开申请情况",
        ("收到和处理政府信息公开申请",),
        table="applications",
        local=("依申请公开",),
    ),
    Section(
        "review_litigation",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        ("行政复议",),
        table="review_litigation",
        variants=("因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
        lead=24,
    ),
    Section(
        "problems",
        "五",
        "存在的主要问题及改进情况",
        ("存在的主要问题", "存在主要问题", "存在问题", "主要问题"),
        variants=("政府信息公开工作存在的主要问题及改进情况",),
        lead=16,
        local=("问题和改进", "问题及改进", "改进措施"),
    ),
    Section("other_matters", "六", "其他需要报告的事项", ("其他需要报告",), local=("其他事项",)),
)

TEXT_SECTIONS = ("overview", "problems", "other_matters")

# ---------------------------------------------------------------- table 四 (both)

REVIEW_COLUMNS: tuple[Field, ...] = (
    Field("upheld", "结果维持", variants=("结果维护",)),
    Field("corrected", "结果纠正"),
    Field("other", "其他结果"),
    Field("pending", "尚未审结"),
    Field("total", "总计", variants=("合计",)),
)
REVIEW_LITIGATION = TableSpec(
    "review_litigation",
    "四",
    "政府信息公开行政复议、行政诉讼情况",
    (
        Row("review", "行政复议", REVIEW_COLUMNS, ("行政复议",)),
        Row("litigation_direct", "行政诉讼·未经复议直接起诉", REVIEW_COLUMNS, ("未经复议直接起诉",), group="行政诉讼"),
        Row("litigation_after_review", "行政诉讼·复议后起诉", REVIEW_COLUMNS, ("复议后起诉",), group="行政诉讼"),
    ),
    flat=True,
)

# ---------------------------------------------------------------- table 二

# The header over table 二's row labels, repeated in every caption block.
CONTENT_HEADER = "信息内容"
CAPTION_1 = "第二十条第（一）项"
CAPTION_5 = "第二十条第（五）项"
CAPTION_6 = "第二十条第（六）项"
CAPTION_8 = "第二十条第（八）项"
CAPTION_9 = "第二十条第（九）项"

_MADE = (
    Field("made", "本年新制作数量", variants=("本年度新制作数量",)),
    Field("published", "本年新公开数量", variants=("本年度新公开数量",)),
    Field("total_published", "对外公开总数量"),
)
_ITEMS = (
    Field("previous_items", "上一年项目数量"),
    Field("change", "本年增/减", kind="signed"),
    Field("decisions", "处理决定数量"),
)
# "制发行政规范性文件9件，废止7件，现行有效行政规范性文件共253件" (seen in district reports, 2024–2025).
_NORMATIVE_STATED = (
    Statement("issued", "规范性文件", ("制发", "制定", "印发")),
    Statement("repealed", "规范性文件", ("废止",)),
    Statement("in_force", "规范性文件", ("现行有效",)),
)
# "今年共发布采购信息21条共5419886元" (a department report, 2019 format): the glued "215419886" is 21 / 5419886;
# "全年共发布采购信息197批次涉及金额3601627.4元" (平潭 管委会办公室 2020): "1973601627.4元" is 197 / 3601627.4.
_PROCUREMENT_STATED = (
    Statement("items", "采购", ("采购",), units=("个", "项", "条", "件", "批次", "批")),
    Statement("amount", "采购", ("采购",), units=("元",), fraction=True),
)
_CHANGE_IS_USUALLY_ZERO = Prior("zero", ("change",), reason="本年增/减通常为 0")
_PUBLISHED_AS_MADE = Prior("equal", ("made", "published", "total_published"), reason="三项数量通常相同")
_PROCUREMENT_AVERAGE = Prior(
    "ratio", ("amount", "items"), low=1e4, high=1e7, reason="每个采购项目平均金额通常在 1 万至 1000 万元之间"
)

ACTIVE_2019 = TableSpec(
    "active",
    "二",
    "主动公开政府信息情况",
    (
        Row("regulations", "规章", _MADE, ("规章",), caption=CAPTION_1, priors=(_PUBLISHED_AS_MADE,)),
        Row(
            "normative_documents",
            "规范性文件",
            _MADE,
            ("规范性文件",),
            caption=CAPTION_1,
            variants=("规范性文件（本单位制发的）",),
            priors=(_PUBLISHED_AS_MADE,),
        ),
        Row("licensing", "行政许可", _ITEMS, ("行政许可",), caption=CAPTION_5, priors=(_CHANGE_IS_USUALLY_ZERO,)),
        Row(
            "other_services",
            "其他对外管理服务事项",
            _ITEMS,
            ("其他对外管理服务", "对外管理服务", "其他对外管理"),
            caption=CAPTION_5,
            priors=(_CHANGE_IS_USUALLY_ZERO,),
        ),
        Row("punishment", "行政处罚", _ITEMS, ("行政处罚",), caption=CAPTION_6, priors=(_CHANGE_IS_USUALLY_ZERO,)),
        Row("coercion", "行政强制", _ITEMS, ("行政强制",), caption=CAPTION_6, priors=(_CHANGE_IS_USUALLY_ZERO,)),
        Row(
            "fees",
            "行政事业性收费",
            _ITEMS[:2],
            ("行政事业性收费", "事业性收费"),
            caption=CAPTION_8,
            priors=(_CHANGE_IS_USUALLY_ZERO,),
        ),
        Row(
            "procurement",
            "政府集中采购",
            (Field("items", "采购项目数量"), Field("amount", "采购总金额", kind="amount")),
            ("政府集中采购", "集中采购"),
            caption=CAPTION_9,
            priors=(_PROCUREMENT_AVERAGE,),
            stated=_PROCUREMENT_STATED,
        ),
    ),
    corner=CONTENT_HEADER,
)

_ISSUED = (
    Field("issued", "本年制发件数"),
    Field("repealed", "本年废止件数"),
    Field("in_force", "现行有效件数"),
)
_DECISIONS = (Field("decisions", "本年处理决定数量"),)
ACTIVE_2021 = TableSpec(
    "active",
    "二",
    "主动公开政府信息情况",
    (
        Row("regulations", "规章", _ISSUED, ("规章",), caption=CAPTION_1),
        Row(
            "normative_documents",
            "行政规范性文件",
            _ISSUED,
            ("规范性文件",),
            caption=CAPTION_1,
            variants=("规范性文件",),
            stated=_NORMATIVE_STATED,
        ),
        Row("licensing", "行政许可", _DECISIONS, ("行政许可",), caption=CAPTION_5),
        Row("punishment", "行政处罚", _DECISIONS, ("行政处罚",), caption=CAPTION_6),
        Row("coercion", "行政强制", _DECISIONS, ("行政强制",), caption=CAPTION_6),
        Row(
            "fees",
            "行政事业性收费",
            (Field("amount", "本年收费金额（单位：万元）", kind="amount", headers=("收费金额",)),),
            ("行政事业性收费", "事业性收费"),
            caption=CAPTION_8,
        ),
    ),
    corner=CONTENT_HEADER,
)

# ---------------------------------------------------------------- equations


def _balance(table: TableSpec) -> tuple[Equation, ...]:
    """R1, printed in the table itself: 一 + 二 = （七）总计 + 四, for every column."""
    return tuple(
        Equation(
            "R1",
            (f"applications.new_received.{c.key}", f"applications.carried_over.{c.key}"),
            (f"applications.total_processed.{c.key}", f"applications.carried_forward.{c.key}"),
        )
        for c in APPLICANT_COLUMNS
    )


def _outcome_sum(table: TableSpec) -> tuple[Equation, ...]:
    """R2: （七）总计 = the sum of every outcome row, for every column."""
    outcomes = [row.key for row in table.rows if row.outcome]
    return tuple(
        Equation(
            "R2",
            (f"applications.total_processed.{c.key}",),
            tuple(f"applications.{row}.{c.key}" for row in outcomes),
        )
        for c in APPLICANT_COLUMNS
    )


def _row_totals(table: TableSpec) -> tuple[Equation, ...]:
    """R3: 总计 = the six applicant columns, for every row."""
    return tuple(
        Equation(
            "R3", (f"applications.{row.key}.total",), tuple(f"applications.{row.key}.{p}" for p in APPLICANT_PARTS)
        )
        for row in table.rows
    )


def _review_totals() -> tuple[Equation, ...]:
    """R4: each 行政复议/行政诉讼 group's 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    return tuple(
        Equation(
            "R4",
            (f"review_litigation.{row.key}.total",),
            tuple(f"review_litigation.{row.key}.{f.key}" for f in REVIEW_COLUMNS[:-1]),
        )
        for row in REVIEW_LITIGATION.rows
    )


def _equations(applications: TableSpec) -> tuple[Equation, ...]:
    return _balance(applications) + _outcome_sum(applications) + _row_totals(applications) + _review_totals()


TEMPLATE_2019 = Template(
    key="2019",
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    basis="国办公开办函〔2019〕60号",
    tables=(ACTIVE_2019, APPLICATIONS_2019, REVIEW_LITIGATION),
    markers=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "采购项目数量",
        "政府集中采购",
        "采购总金额",
        "其他对外管理服务事项",
    ),
    equations=_equations(APPLICATIONS_2019),
)
TEMPLATE_2021 = Template(
    key="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    basis="国办公开办函〔2021〕30号",
    tables=(ACTIVE_2021, APPLICATIONS_2021, REVIEW_LITIGATION),
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "行政规范性文件"),
    equations=_equations(APPLICATIONS_2021),
)
# Table 三 markers, used when table 二 is missing or undecided.
SPLIT_OTHER_MARKERS = ("逾期不补正", "缴纳费用", "收费通知")

TEMPLATES: dict[str, Template] = {"2019": TEMPLATE_2019, "2021": TEMPLATE_2021}
