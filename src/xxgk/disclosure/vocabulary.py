"""The catalogue's vocabularies, kept as data: 主题分类, 体裁分类, 有效性, 公开属性, the document
types the annual report counts, and the default review levels; and the checks of the two
identifiers every item prints (文号, the organ code of the 索引号)."""

from __future__ import annotations

import re

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

# The 22 top classes of the national policy library's 主题分类 (gov.cn).
TOPICS: tuple[str, ...] = (
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
)

# The 15 kinds of 公文 (党政机关公文处理工作条例) and the other genres sites print.
GENRES: tuple[str, ...] = (
    "决议",
    "决定",
    "命令（令）",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    "规划",
    "统计",
    "预决算",
    "办事指南",
    "解读",
    "其他",
)

REGULATION = "规章"
NORMATIVE = "行政规范性文件"
OTHER_DOCUMENT = "其他文件"
DOC_KINDS: tuple[str, ...] = (REGULATION, NORMATIVE, OTHER_DOCUMENT)

IN_FORCE = "现行有效"
AMENDED = "已修改"
REPEALED = "已废止"
EXPIRED = "已失效"
VALIDITIES: tuple[str, ...] = (IN_FORCE, AMENDED, REPEALED, EXPIRED)

PROACTIVE = "主动公开"
ON_REQUEST = "依申请公开"
NOT_DISCLOSED = "不予公开"
OPENNESS: tuple[str, ...] = (PROACTIVE, ON_REQUEST, NOT_DISCLOSED)

SECRECY_LEVEL = "保密审查"
SIGN_OFF = "签发"
FIRST_REVIEW = "初审"
LEVEL_NAMES: tuple[str, ...] = (FIRST_REVIEW, SECRECY_LEVEL, SIGN_OFF)
DEFAULT_LEVELS: tuple[str, ...] = (SECRECY_LEVEL, SIGN_OFF)
# Only the agency's head may sign an item off (签发); the other levels any staff member may do.
HEAD_ONLY_LEVELS = frozenset({SIGN_OFF})

STATE_LABELS = {
    "draft": "草稿",
    "reviewing": "审核中",
    "approved": "已审核待发布",
    "scheduled": "定时发布",
    "published": "已发布",
    "withdrawn": "已撤回",
    "rejected": "已退回",
    "superseded": "已被新版本替代",
}

# 机关代字〔YYYY〕N号 (GB/T 9704: 六角括号, year in full, no leading zeros, no 第).
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,20}〔(?P<year>(?:19|20)\d\d)〕(?P<n>[1-9]\d{0,5})号")
_ORG_CODE = re.compile(r"[0-9A-Z]{8}-?[0-9X]")


def doc_number_problem(text: str) -> str | None:
    """Why `text` is not a 文号 of the form 机关代字〔YYYY〕N号, or None when it is."""
    if _DOC_NUMBER.fullmatch(text):
        return None
    if re.search(r"[\[［【(（]\s*(?:19|20)\d\d\s*[\]］】)）]", text):
        return f"文号“{text}”的年份应使用六角括号〔〕（如 某政发〔2025〕3号）"
    if re.search(r"〔(?:19|20)\d\d〕第", text):
        return f"文号“{text}”的序号前不加“第”（如 某政发〔2025〕3号）"
    if re.search(r"〔(?:19|20)\d\d〕0\d", text):
        return f"文号“{text}”的序号不编虚位（写作 3号，而不是 03号）"
    return f"文号“{text}”不符合“机关代字〔年份〕序号号”的格式（如 某政发〔2025〕3号）"


def organ_code_problem(code: str | None) -> str | None:
    """Why `code` cannot start a 索引号, or None: a valid 统一社会信用代码 or 9-character 组织机构代码."""
    if not code:
        return "本机关尚未登记统一社会信用代码，无法生成索引号；请系统管理员在机关信息中填写后再发布"
    if len(code) == 18:
        try:
            uscc.validate(code)
        except ValidationError:
            return f"本机关登记的统一社会信用代码“{code}”校验不通过，无法生成索引号；请系统管理员更正"
        return None
    if _ORG_CODE.fullmatch(code):
        return None
    return f"本机关登记的代码“{code}”既不是统一社会信用代码也不是组织机构代码，无法生成索引号"
