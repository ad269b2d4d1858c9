"""What each letter says in plain words, and the articles it rests on.

The outcome keys are the template's (`xxgk.ledger.vocabulary` derives them); this
module only adds, beside each, the sentence a letter tells the applicant and the
articles of 《中华人民共和国政府信息公开条例》 (国务院令第711号) the decision rests
on. The annual report's row label ("（二）部分公开（区分处理的，…）") is a counting
rule for the report, never the text of a decision.
"""

from __future__ import annotations

from dataclasses import dataclass

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
REVIEW_DAYS = "六十日"
LITIGATION_MONTHS = "六个月"
DEFAULT_PATTERN = "{agency}依申请公开〔{year}〕{n}号"
DEFAULT_REVIEW_BODY = "依法有权受理的行政复议机关"
DEFAULT_COURT = "有管辖权的人民法院"


@dataclass(frozen=True, slots=True)
class Decision:
    """The letter of one outcome: its title, the plain sentence, the articles, whether it withholds."""

    title: str
    sentence: str
    articles: tuple[str, ...]
    withholds: bool = False


REPLY = "政府信息公开申请答复告知书"
CLOSING = "政府信息公开申请终止办理告知书"

# The grounds a withheld part can rest on, offered to the clerk of a partial answer.
GROUNDS: dict[str, str] = {
    "第十四条": "属于国家秘密、法律行政法规禁止公开或者公开后可能危及国家安全、公共安全、经济安全、社会稳定的信息",
    "第十五条": "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的信息",
    "第十六条第一款": "属于人事管理、后勤管理、内部工作流程等内部事务信息",
    "第十六条第二款": "属于讨论记录、过程稿、磋商信函、请示报告等过程性信息或者行政执法案卷信息",
}

_WITHHELD = "经审查，您申请获取的政府信息{what}，根据{regulation}{article}的规定，本机关决定不予公开。"


def _withheld(what: str, article: str) -> Decision:
    sentence = _WITHHELD.format(what=what, regulation=REGULATION, article=article)
    return Decision(REPLY, sentence, (article, "第三十六条第（三）项"), withholds=True)


DECISIONS: dict[str, Decision] = {
    "granted": Decision(
        REPLY,
        "经审查，您申请获取的政府信息属于公开范围，本机关决定予以公开，现向您提供（提供方式见下）。",
        ("第十三条", "第三十六条第（一）项、第（二）项"),
    ),
    "partially_granted": Decision(
        REPLY,
        "经审查，您申请获取的政府信息中有部分内容不应公开，本机关对可以公开的部分予以提供，"
        "对不应公开的部分不予公开，理由和依据见下。",
        ("第三十七条", "第三十六条第（二）项、第（三）项"),
        withholds=True,
    ),
    "withheld_state_secret": _withheld("属于国家秘密", "第十四条"),
    "withheld_prohibited_by_law": _withheld("属于法律、行政法规禁止公开的信息", "第十四条"),
    "withheld_security_stability": _withheld("公开后可能危及国家安全、公共安全、经济安全、社会稳定", "第十四条"),
    "withheld_third_party": _withheld("涉及商业秘密、个人隐私，公开会对第三方合法权益造成损害", "第十五条"),
    "withheld_internal_affairs": _withheld("属于内部事务信息", "第十六条第一款"),
    "withheld_process_info": _withheld("属于行政机关在履行行政管理职能过程中形成的过程性信息", "第十六条第二款"),
    "withheld_enforcement_files": _withheld("属于行政执法案卷信息", "第十六条第二款"),
    "withheld_query_matters": Decision(
        REPLY,
        "经审查，您申请获取的信息属于法律、行政法规对获取方式另有规定的查询事项，"
        "请依照相关法律、行政法规的规定办理，本机关不作为政府信息公开申请提供。",
        ("第三十六条第（七）项",),
        withholds=True,
    ),
    "unavailable_not_held": Decision(
        REPLY, "经检索，本机关没有制作或者保存您申请获取的政府信息，无法提供。", ("第三十六条第（四）项",)
    ),
    "unavailable_needs_creation": Decision(
        REPLY,
        "您申请获取的信息本机关没有现成的，需要另行制作或者对现有信息进行加工、分析，本机关不予提供。",
        ("第三十八条",),
    ),
    "unavailable_unclear": Decision(
        REPLY,
        "您补正后的申请内容仍不明确，本机关无法确定您要获取的政府信息，无法提供。",
        ("第二十九条第二款", "第三十条"),
    ),
    "not_processed_complaint": Decision(
        REPLY,
        "您提出的是信访、投诉、举报等事项，不属于政府信息公开申请，请通过相应渠道提出，本机关不作为政府信息公开申请处理。",
        ("第三十九条第一款",),
    ),
    "not_processed_duplicate": Decision(
        REPLY,
        "您已就同一政府信息提出过申请，本机关已经作出答复，您再次提出的申请本机关不予重复处理。",
        ("第三十六条第（六）项",),
    ),
    "not_processed_publication": Decision(
        REPLY,
        "您要求提供的是公开出版物，请通过公开发行渠道获取，本机关不作为政府信息公开申请处理。",
        ("第三十六条第（一）项",),
    ),
    "not_processed_excessive": Decision(
        REPLY,
        "您的申请数量、频次明显超过合理范围，且所说明的理由不合理，本机关不予处理。",
        ("第三十五条",),
    ),
    "not_processed_confirmation": Decision(
        REPLY,
        "您要求本机关确认或者重新出具您已经获取的信息，本机关不作为政府信息公开申请处理。",
        ("第三十九条第二款",),
    ),
    "other_handling": Decision(REPLY, "本机关对您的申请作出如下处理，理由见下。", ("第三十六条",)),
    "other_no_correction": Decision(
        CLOSING,
        "本机关曾书面告知您补正申请，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ("第三十条",),
    ),
    "other_unpaid_fee": Decision(
        CLOSING,
        "本机关曾书面通知您缴纳信息处理费，您逾期未缴纳，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ("第四十二条",),
    ),
    "other_misc": Decision(REPLY, "本机关对您的申请作出如下处理，理由见下。", ("第三十六条",)),
    # 撤回 is the ledger's outcome (counted under 其他 in the report), not a row of the template; the 条例 has no
    # article on it, so the letter names the 条例 as a whole.
    "withdrawn": Decision(CLOSING, "您已撤回政府信息公开申请，本机关终止办理该政府信息公开申请。", ()),
}


@dataclass(frozen=True, slots=True)
class Notice:
    """The letter of one clock event: its title, addressee role, the plain sentence and its articles."""

    title: str
    sentence: str
    articles: tuple[str, ...]
    to_third_party: bool = False


# {until}: the event's end or deadline (a Chinese date); {days}: an extension's working days.
NOTICES: dict[str, Notice] = {
    "correction_notice": Notice(
        "政府信息公开申请补正告知书",
        "经审查，您的申请内容不明确，本机关无法确定您要获取的政府信息。请您按下列说明补正申请，{until}。"
        "补正期间不计算在答复期限内，答复期限自本机关收到补正后的申请之日起重新计算；"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ("第二十九条第二款", "第三十条"),
    ),
    "extension": Notice(
        "政府信息公开申请延期答复告知书",
        "因正当理由，本机关不能在收到申请之日起20个工作日内作出答复。经本机关政府信息公开工作机构负责人同意，"
        "答复期限延长{days}个工作日。",
        ("第三十三条第二款",),
    ),
    "consultation": Notice(
        "政府信息公开征求第三方意见书",
        "本机关收到的政府信息公开申请所涉及的政府信息可能涉及您的商业秘密、个人隐私等合法权益，"
        "现书面征求您的意见。请您自收到本意见书之日起15个工作日内提出意见{until}；"
        "逾期未提出意见的，由本机关依照条例的规定决定是否公开。",
        ("第十五条", "第三十二条"),
        to_third_party=True,
    ),
    "fee_notice": Notice(
        "政府信息公开信息处理费缴费通知书",
        "您的申请数量、频次明显超过合理范围，本机关依法收取信息处理费（金额和计算依据见下）。"
        "请您自收到本通知书之日起20个工作日内缴纳；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ("第四十二条",),
    ),
}
