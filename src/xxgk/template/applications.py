"""Table 三 of both national formats (收到和处理政府信息公开申请情况), as data.

The same columns (申请人情况) in both; the rows differ only in （六）其他处理, one row
in the 2019 format and three in the 2021 one. See `national` for how the tables make
the two templates.
"""

from __future__ import annotations

from dataclasses import replace

from xxgk.template.model import ColumnGroup, Field, Row, TableSpec

APPLICANT_COLUMNS: tuple[Field, ...] = (
    Field("natural_person", "自然人"),
    Field("commercial", "商业企业"),
    Field("research", "科研机构"),
    Field("social_welfare", "社会公益组织"),
    Field("legal_service", "法律服务机构"),
    Field("other_org", "其他"),
    Field("total", "总计", variants=("合计",)),
)
APPLICANT_PARTS = tuple(f.key for f in APPLICANT_COLUMNS[:-1])
LEGAL_PERSON_HEADER = "法人或其他组织"
APPLICANT_HEADER = "申请人情况"
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_GROUP = "三、本年度办理结果"
APPLICANT_GROUPS = (
    ColumnGroup(APPLICANT_HEADER, tuple(f.key for f in APPLICANT_COLUMNS)),
    ColumnGroup(LEGAL_PERSON_HEADER, APPLICANT_PARTS[1:]),
)

WITHHELD = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"


def _applications_row(key: str, label: str, match: tuple[str, ...], **kw: object) -> Row:
    return Row(key, label, APPLICANT_COLUMNS, match, **kw)  # type: ignore[arg-type]


_HEAD_ROWS = (
    _applications_row("new_received", "一、本年新收政府信息公开申请数量", ("本年新收",)),
    _applications_row("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
)
_COMMON_OUTCOMES = (
    _applications_row("granted", "（一）予以公开", ("予以公开",), group=RESULTS_GROUP, outcome=True),
    _applications_row(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ("部分公开",),
        group=RESULTS_GROUP,
        outcome=True,
        variants=("（二）部分公开（区分处理的，只记这一情形，不记其他情形）",),
    ),
    _applications_row(
        "withheld_state_secret", "1.属于国家秘密", ("国家秘密", "属于国家"), group=WITHHELD, outcome=True, enumerator=1
    ),
    _applications_row(
        "withheld_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        ("法规禁止", "禁止公开", "其他法律行政"),
        group=WITHHELD,
        outcome=True,
        enumerator=2,
    ),
    _applications_row(
        "withheld_security_stability",
        "3.危及“三安全一稳定”",
        ("三安全一稳定", "危及三安全"),
        group=WITHHELD,
        outcome=True,
        enumerator=3,
    ),
    _applications_row(
        "withheld_third_party",
        "4.保护第三方合法权益",
        ("第三方合法权益", "保护第三方"),
        group=WITHHELD,
        outcome=True,
        enumerator=4,
    ),
    _applications_row(
        "withheld_internal_affairs", "5.属于三类内部事务信息", ("内部事务",), group=WITHHELD, outcome=True, enumerator=5
    ),
    _applications_row(
        "withheld_process_info",
        "6.属于四类过程性信息",
        ("过程性信息", "四类过程"),
        group=WITHHELD,
        outcome=True,
        enumerator=6,
    ),
    _applications_row(
        "withheld_enforcement_files", "7.属于行政执法案卷", ("执法案卷",), group=WITHHELD, outcome=True, enumerator=7
    ),
    _applications_row(
        "withheld_query_matters",
        "8.属于行政查询事项",
        ("行政查询", "查询事项"),
        group=WITHHELD,
        outcome=True,
        enumerator=8,
    ),
    _applications_row(
        "unavailable_not_held", "1.本机关不掌握相关政府信息", ("不掌握",), group=UNAVAILABLE, outcome=True, enumerator=1
    ),
    _applications_row(
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        ("另行制作", "没有现成信息"),
        group=UNAVAILABLE,
        outcome=True,
        enumerator=2,
    ),
    _applications_row(
        "unavailable_unclear",
        "3.补正后申请内容仍不明确",
        ("仍不明确", "补正后申请"),
        group=UNAVAILABLE,
        outcome=True,
        enumerator=3,
    ),
    _applications_row(
        "not_processed_complaint",
        "1.信访举报投诉类申请",
        ("信访", "举报投诉", "投诉举报"),
        group=NOT_PROCESSED,
        outcome=True,
        enumerator=1,
        variants=("1.信访投诉举报类申请",),
    ),
    _applications_row(
        "not_processed_duplicate", "2.重复申请", ("重复申请",), group=NOT_PROCESSED, outcome=True, enumerator=2
    ),
    _applications_row(
        "not_processed_publication",
        "3.要求提供公开出版物",
        ("公开出版物", "出版物"),
        group=NOT_PROCESSED,
        outcome=True,
        enumerator=3,
    ),
    _applications_row(
        "not_processed_excessive",
        "4.无正当理由大量反复申请",
        ("大量反复",),
        group=NOT_PROCESSED,
        outcome=True,
        enumerator=4,
    ),
    _applications_row(
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        ("确认或重新出具", "要求行政机关确认", "重新出具"),
        group=NOT_PROCESSED,
        outcome=True,
        enumerator=5,
    ),
)
_TAIL_ROWS = (
    _applications_row(
        "total_processed", "（七）总计", ("七总计", "七合计", "总计", "合计"), group=RESULTS_GROUP, weak=True
    ),
    _applications_row(
        "carried_forward",
        "四、结转下年度继续办理",
        ("结转下年度", "结转下一年", "继续办理"),
        variants=("四、结转下一年继续办理",),
    ),
)
_OTHER_SINGLE = _applications_row("other_handling", OTHER, ("其他处理",), group=RESULTS_GROUP, outcome=True)
_OTHER_SPLIT = (
    _applications_row(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正", "无正当理由逾期"),
        group=OTHER,
        outcome=True,
        enumerator=1,
        short=("逾期不补正",),
    ),
    _applications_row(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用", "收费通知", "逾期未按"),
        group=OTHER,
        outcome=True,
        enumerator=2,
        short=("逾期未缴费", "逾期未缴纳费用"),
    ),
    _applications_row("other_misc", "3.其他", ("其他",), group=OTHER, outcome=True, exact=True, enumerator=3),
)

APPLICATIONS_2019 = TableSpec(
    "applications",
    "三",
    "收到和处理政府信息公开申请情况",
    _HEAD_ROWS + _COMMON_OUTCOMES + (_OTHER_SINGLE,) + _TAIL_ROWS,
    groups=(RESULTS_GROUP, WITHHELD, UNAVAILABLE, NOT_PROCESSED),
    corner=BALANCE_NOTE,
    column_groups=APPLICANT_GROUPS,
)
# Some 2021-format reports still print the single 2019 row （六）其他处理: it is kept
# as an optional, weakly matched row so that what is printed is what is recorded.
APPLICATIONS_2021 = TableSpec(
    "applications",
    "三",
    "收到和处理政府信息公开申请情况",
    _HEAD_ROWS
    + _COMMON_OUTCOMES
    + (replace(_OTHER_SINGLE, optional=True, weak=True, replaces=tuple(r.key for r in _OTHER_SPLIT)),)
    + _OTHER_SPLIT
    + _TAIL_ROWS,
    groups=(RESULTS_GROUP, WITHHELD, UNAVAILABLE, NOT_PROCESSED, OTHER),
    corner=BALANCE_NOTE,
    column_groups=APPLICANT_GROUPS,
)
