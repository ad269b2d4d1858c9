"""The search benchmark's corpus: generated items of government Chinese and the queries whose hits are known.

Kept apart from `search.py` (which times the index and the search over it) so that the corpus
is one definition: `corpus` is the same every run, and `expected_hits` is what a citizen
expects of each query, every item holding it as a substring.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from xxgk.disclosure.tokens import normalize

SEED = 20261202
TOPICS = ("科技、教育", "综合政务", "财政、金融、审计", "农业、林业、水利")
GENRES = ("通知", "公告", "意见", "规划", "报告")
WORDS = [
    "科技",
    "计划",
    "项目",
    "验收",
    "结果",
    "公示",
    "通知",
    "各区县",
    "人民政府",
    "有关部门",
    "认真",
    "贯彻",
    "落实",
    "工作",
    "要求",
    "加强",
    "组织",
    "领导",
    "财政",
    "资金",
    "管理",
    "办法",
    "补贴",
    "标准",
    "发放",
    "对象",
    "农业",
    "种植",
    "粮食",
    "生产",
    "耕地",
    "保护",
    "水利",
    "设施",
    "建设",
    "改造",
    "城乡",
    "社区",
    "服务",
    "中心",
    "居民",
    "群众",
    "申请",
    "条件",
    "程序",
    "材料",
    "审核",
    "办理",
    "时限",
    "窗口",
    "网上",
    "平台",
    "数据",
    "共享",
    "安全",
    "生产",
    "检查",
    "整改",
    "隐患",
    "排查",
    "企业",
    "单位",
    "责任",
    "落实",
    "考核",
    "评价",
    "指标",
    "体系",
    "规范",
    "制度",
    "监督",
    "举报",
    "电话",
    "地址",
    "年度",
    "预算",
    "决算",
    "收入",
    "支出",
    "采购",
    "招标",
    "合同",
    "公开",
    "透明",
    "信息",
    "政务",
    "公开",
    "专栏",
    "教育",
    "学校",
    "学生",
    "资助",
    "医疗",
    "保险",
    "就业",
    "创业",
    "培训",
    "人才",
    "引进",
    "住房",
    "保障",
    "租赁",
    "交通",
    "道路",
    "工程",
    "环境",
    "治理",
    "污染",
    "防治",
    "应急",
    "预案",
    "演练",
]
# (query, how many items hold it as a planted word; 0 = occurs naturally from WORDS)
PLANTED = (("光电材料", 7), ("藜麦", 5), ("滑坡", 9), ("张三丰", 3), ("第十二批", 11), ("低保", 40), ("特派员", 25))
NATURAL = (
    "补贴",
    "公示",
    "粮食生产",
    "安全生产",
    "财政资金",
    "医疗保险",
    "应急预案",
    "住房保障",
    "验收结果",
    "网上平台",
)
CROSSING = ("资金管", "险就业", "政府信息")  # substrings across word boundaries, as people paste them
QUERIES = tuple(q for q, _ in PLANTED) + NATURAL + CROSSING


def sentence(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))) + rng.choice("，。；")


def corpus(count: int) -> Iterator[tuple[int, str, str, str]]:
    """(id, title, body, attachment text), the same every run."""
    rng = random.Random(SEED)
    planted: dict[int, list[str]] = {}
    for word, times in PLANTED:
        for i in rng.sample(range(1, count + 1), times):
            planted.setdefault(i, []).append(word)
    for i in range(1, count + 1):
        title = "关于" + "".join(rng.choice(WORDS) for _ in range(3)) + "的" + rng.choice(GENRES)
        body = "".join(sentence(rng) for _ in range(rng.randint(8, 14)))
        extra = "".join(sentence(rng) for _ in range(3)) + "".join(planted.get(i, []))
        yield i, title, body, extra


def expected_hits(docs: Sequence[tuple[int, str, str, str]]) -> dict[str, set[int]]:
    folded = [(i, normalize(f"{t}\n{b}\n{a}")) for i, t, b, a in docs]
    return {q: {i for i, d in folded if q in d} for q in QUERIES}
