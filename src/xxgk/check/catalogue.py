"""Every finding xxgk can report, as one catalogue: code, severity, title, basis.

`xxgk rules` prints this list; checks and extraction emit findings with these codes,
and a finding's severity is its rule's here (`Finding.severity`), written nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.findings import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    title: str
    basis: str
    fix: str


RULES: tuple[Rule, ...] = (
    Rule(
        "R0",
        "error",
        "数值不能为负数或小数",
        "格式各表：件数为非负整数（本年增/减除外），金额为非负数",
        "改正为非负整数；负数只允许出现在 2019 年版“本年增/减”栏",
    ),
    Rule(
        "R1",
        "error",
        "表三勾稽关系不平衡",
        "表三列注：第一项加第二项之和，等于第三项加第四项之和",
        "核对该列“本年新收”“上年结转”“（七）总计”“结转下年度继续办理”四个数",
    ),
    Rule(
        "R2",
        "error",
        "（七）总计不等于各办理结果之和",
        "表三：（七）总计为（一）至（六）各项之和（区分处理的只计部分公开）",
        "核对该列各办理结果行与（七）总计",
    ),
    Rule(
        "R3",
        "error",
        "总计栏不等于各类申请人之和",
        "表三：总计 = 自然人 + 五类法人或其他组织",
        "核对该行各申请人栏与总计栏",
    ),
    Rule(
        "R4",
        "error",
        "复议诉讼总计不等于各结果之和",
        "表四：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        "核对该组的四个结果数与总计",
    ),
    Rule(
        "X1",
        "warning",
        "上年结转与上一年度报告的结转下年度不一致",
        "跨年度：本年“上年结转” = 上年“结转下年度继续办理”",
        "核对上一年度报告的结转数，或说明差异原因",
    ),
    Rule(
        "X2",
        "warning",
        "现行有效件数与上年存量、本年增减不衔接",
        "跨年度（2021 年版）：现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数",
        "核对现行有效件数；因有效期届满、清理失效等造成的差异宜在报告中说明",
    ),
    Rule(
        "X3",
        "warning",
        "上一年项目数量与上一年度报告不衔接",
        "跨年度（2019 年版）：上一年项目数量 = 上年的上一年项目数量 + 上年本年增/减",
        "核对上一年项目数量",
    ),
    Rule(
        "X4",
        "warning",
        "对外公开总数量比上一年减少",
        "跨年度（2019 年版）：对外公开总数量为累计数，不应减少",
        "核对对外公开总数量",
    ),
    Rule(
        "T1",
        "warning",
        "正文所述申请数与表三不一致",
        "正文与表格：正文写明的收到申请件数应与表三“本年新收”总计一致",
        "核对正文数字；若正文只统计本机关（办公室）受理的部分，请写明口径",
    ),
    Rule(
        "T2",
        "warning",
        "正文称未收到申请，但表三有申请",
        "正文与表格：“未收到申请”应对应表三本年新收为 0",
        "核对正文表述或表三数字",
    ),
    Rule(
        "T3",
        "warning",
        "正文称未制定规章或规范性文件，但表二有制发",
        "正文与表格：“未制定规章/规范性文件”应对应表二为 0",
        "核对正文表述或表二数字",
    ),
    Rule(
        "T4",
        "warning",
        "正文称无行政复议、行政诉讼，但表四有案件",
        "正文与表格：“无行政复议、行政诉讼”应对应表四全为 0",
        "核对正文表述或表四数字",
    ),
    Rule(
        "T5",
        "info",
        "有逾期未缴费的申请，但第六部分未提及信息处理费",
        "《政府信息公开信息处理费管理办法》；2021 年版格式第六部分",
        "在第六部分说明信息处理费的收取情况",
    ),
    Rule("P1", "warning", "单元格留空", "格式要求各栏均应填报，没有的填 0", "没有发生的事项请填 0，不要留空或填“—”“/”"),
    Rule(
        "P2",
        "warning",
        "收费金额疑似以元填入万元栏",
        "2021 年版表二：本年收费金额单位为万元",
        "核对金额单位，必要时换算为万元",
    ),
    Rule(
        "P3",
        "warning",
        "处理决定数量恰为上一年项目数量加本年增/减",
        "2019 年版表二：处理决定数量应为本年作出的决定数，不是事项数",
        "核对处理决定数量是否误填为事项数",
    ),
    Rule(
        "P4",
        "warning",
        "2021 年及以后的报告仍使用 2019 年版格式",
        "国办公开办函〔2021〕30号：2021 年度起使用新格式",
        "按 2021 年版格式编制",
    ),
    Rule(
        "PARSE_RECONSTRUCTED",
        "info",
        "单元格由表内勾稽关系或惯例还原",
        "原件数字粘连、缺格或混入杂字",
        "对照原件核实还原结果",
    ),
    Rule(
        "PARSE_CORRECTED",
        "warning",
        "单元格按格式惯例推定，或更正了原文数字",
        "表二无勾稽关系时按格式惯例拆分粘连数字；原文数字混入页码等多余数字时按行、列合计更正",
        "对照原件核实这些单元格",
    ),
    Rule(
        "PARSE_AMBIGUOUS",
        "warning",
        "粘连数字有多种拆分方式，已留空",
        "表内勾稽关系无法唯一确定",
        "对照原件补录这些单元格",
    ),
    Rule("PARSE_MISSING_CELLS", "warning", "某行印出的数少于栏目数", "原件缺格", "对照原件核实该行"),
    Rule("PARSE_ROW_NOT_FOUND", "warning", "表格中未找到某一行", "格式规定的行", "核对原件是否漏印该行"),
    Rule("PARSE_TABLE_NOT_FOUND", "warning", "未找到某张统计表", "格式规定的三张统计表", "核对原件是否缺少该表"),
    Rule("PARSE_TEMPLATE_GUESSED", "warning", "无法从表格判断格式版本", "表二栏目名称", "核对所用格式"),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
