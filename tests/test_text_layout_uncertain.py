"""A short row of text that keeps the page's columns, whose numbers stand near two orders of columns.

`pdftotext -layout` of a page a browser printed may set a row's number up to three characters
off its column, while a narrow page's columns stand three or four characters apart: in
chromium-pdf-003 (seed 20261201), "4.无正当理由大量反复申请   1   1" prints its 1 one
character right of where the page's only full row sets 商业企业, under 科研机构 in the
original. What a user needs: a cell whose column the spacing does not settle left unread (or
settled by the table's sums), never read as the neighbouring column's, and the report saying
it was not fully read.

The text is the corpus copy's (seed 20261201, chromium-pdf-003 copied with `pdftotext -layout`),
its prose cut short.
"""

from __future__ import annotations

from layout_text import applications_row, error_codes, extracted

NEAR_TWO_COLUMNS = """首页 > 政府信息公开 > 政府信息公开年报
    洪泽区科学技术局政府信息公开工作年度报告（2025年度）
                     来源：洪泽区科学技术局 发布时间：2026-01-10
依托政府门户网站、政务新媒体等平台，拓宽公开渠道，提升信息发布的时效性和可读性。
一、总体情况
围绕中心工作，及时准确发布政策文件、规划计划、财政预决算等信息，主动回应社会关切
体等平台，拓宽公开渠道，提升信息发布的时效性和可读性。加强政府信息管理，落实公开
动态更新政府信息公开目录。
二、主动公开政府信息情况
                            第二十条第(一)项
          信息内容              本年制发件数        本年废止件数        现行有效件数
规章                             5                          21
行政规范性文件                        28                         28
                            第二十条第(五)项
          信息内容                           本年处理决定数量
行政许可                                         401
                            第二十条第(六)项
          信息内容                           本年处理决定数量
行政处罚                                         108
行政强制
                            第二十条第(八)项
          信息内容                         本年收费金额(单位:万元)
行政事业性收费                                      67.8
三、收到和处理政府信息公开申请情况
                                               申请人情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项                  法人或其他组织
            加第四项之和)             自然人 商业 科研 社会公     益  法律服 其他 合计
                                     企业 机构 组织 务机构
一、本年新收政府信息公开申请数量                  25  14   6      7   9   9    70
二 、上年结转政府信息公开申请数量                                 1            1
三、本年 (一)予以公开                      8   6               4        18
度办理结 (二)部分公开(区分处理的,只计这一情形,不计
果     其他情形)                       5               1       1    7
               1. 属于国家秘密          2               1            3
               2. 其他法律行政法规禁止公     1        1      1       1    4
               开
               3.危及"三安全一稳定"           1           1            2
      (三)不予公开 4. 保护第三方合法权益        2   1    1          1        5
               5. 属于三类内部事务信息      3                   1        4
               6.属于四类过程性信息                                1    1
               7. 属于行政执法案卷        1   1    1                   3
               8. 属于行政查询事项
\f                                           申请人情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项               法人或其他组织
             加第四项之和)            自然人 商业 科研 社会公益 法律服         合计
                                      企业
                                       机构 组织     务机构 其他
                1. 本机关不掌握相关政府信         3          2         5
                息
      (四)无法提供 2.没有现成信息需要另行制作                          1     1
                3.补正后申请内容仍不明确                1        1     2
                1. 信访投诉举报类申请           1              1     2
                2. 重复申请                      1        1     2
      (五)不予处理 3. 要求提供公开出版物        2          1        1     4
                4.无正当理由大量反复申请           1                   1
                5. 要求行政机关确认或重新    1                         1
                出具已获取信息
      (六)其他处理                          1   1                2
      (七)总计                      25   14   5   7    8    8 67
四、结转下年度继续办理                                1   1    1    1  4
四、因政府信息公开工作被申请行政复议和提起行政诉讼情况
         行政复议                     行政诉讼（因
 结果 结果 其他 尚未审 总计 结果 结果       未经复议直接起诉
 维持 纠正 结果 结                     其他 尚未审
                         维持 纠正 结果 结 总计 维
  4        2    5 11             5       5       6          6
五、政府信息公开工作存在的主要问题及改进情况
围绕中心工作，及时准确发布政策文件、规划计划、财政预决算等信息，主动回应社会关切
属性源头认定和保密审查机制，动态更新政府信息公开目录。
六、其他需要报告的事项
本年度未收取信息处理费。
主办单位：本站 技术支持：信息中心
\f"""


def test_a_short_row_near_two_orders_of_columns_is_not_read_in_the_neighbouring_column() -> None:
    extraction = extracted(NEAR_TWO_COLUMNS)
    row = applications_row(extraction, "not_processed_excessive")
    assert row[1] is None  # 商业企业: where the spacing alone would put the 1
    assert row in ([None] * 6 + [1], [None, None, 1, None, None, None, 1])
    assert error_codes(extraction) == ["PARSE_INCOMPLETE"]
