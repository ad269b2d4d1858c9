"""A row whose label wraps in text that keeps the page's columns, its numbers split over the two lines.

`pdftotext -layout` of a page a browser printed sets a row's first numbers on its label's
first line and the others on the line the label wraps onto ("5.属于三类内部事务 0" /
"信息  0 0 0 0 1 1"). What a user needs: the row read in full where its numbers complete it
and its own sums hold; where they do not (a row with blank cells, whose columns the split
leaves to guess), the row's cells unread rather than summed as blank, no arithmetic error
raised over them, and the report saying it was not fully read.

The texts are real lines of the independent corpus's copies (seed 20261201, chromium-pdf-018
and chromium-pdf-020 copied with `pdftotext -layout`), their prose cut short.
"""

from __future__ import annotations

from layout_text import applications_row, error_codes, extracted

# chromium-pdf-018: "5.属于三类内部事务" prints 0 on its first line, 0 0 0 0 1 1 on "信息".
WRAPPED = """       盘锦市自然资源局2024年政府信息公开工作年度报告
             来源：盘锦市自然资源局 发布时间：2025-01-14
围绕中心工作，及时准确发布政策文件、规划计划、财政预决算等信息，主动回应社会关切。
一、总体情况
本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例
二、主动公开政府信息情况
                     第二十条第(一)项
     信息内容         本年制发件数       本年废止件数    现行有效件数
规章                   1            1         1
行政规范性文件              0            0        10
                    第二十条第（五）项
     信息内容                     本年处理决定数量
行政许可                             303
                    第二十条第（六）项
     信息内容                     本年处理决定数量
行政处罚                              28
\f                      第二十条第(一)项
       信息内容         本年制发件数      本年废止件数      现行有效件数
行政强制                               0
                      第二十条第(八)项
     信息内容                   本年收费金额(单位:万元)
行政事业性收费                           38
三、收到和处理政府信息公开申请情况
                                 申请人情况
（本列数据的勾稽关系为：第一项加第二              法人或其他组织
 项之和，等于第三项加第四项之和） 自然人 商业 科研 社会公 法律服          总计
                          企业 机构 益组织 务机构   其他
一、本年新收政府信息公开申请数量       15  7  2    8    6  5 43
二、上年结转政府信息公开申请数量       0   1  0    0    1  0  2
三、本 （一）予以公开            4   0  0    1    1  1  7
年度办 (二)部分公开(区分处理的,只计这
理结果 一情形,不计其他情形)        1   0  0    0    0  0  1
           1.属于国家秘密    1   0  0    1    0  0  2
           2.其他法律行政法规 1    0  0    0    1  0  2
           禁止公开
           3. 危及“三安全一稳 0   0  0    0    0  0  0
           定”
    (三)不予公 4.保护第三方合法权
           益           1   0  0    0    0  0  1
    开      5.属于三类内部事务 0
           信息              0  0    0    0  1  1
           6. 属于四类过程性信 0   1  0    0    1  0  2
           息
           7.属于行政执法案卷 0    1  0    0    1  1  3
           8.属于行政查询事项 1    1  1    0    0  0  3
           1. 本机关不掌握相关 1   1  0    0    1  0  3
           政府信息
    （四）无 2.没有现成信息需要 0      0  0    1    0  0  1
    法提供 另行制作
           3.补正后申请内容仍 1    0  1    1    0  0  3
           不明确
    (五)不予处 1.信访举报投诉类申 0    1  0    1    0  0  2
    理      请
           2. 重复申请     0   0  0    1    1  0  2
           3.要求提供公开出版 0    1  0    0    0  0  1
           物
           4.无正当理由大量反 1    0  0    1    1  0  3
           复申请
\f                                  申请人情况
（本列数据的勾稽关系为：第一项加第二               法人或其他组织
  项之和，等于第三项加第四项之和） 自然人 商业 科研 社会公 法律服           总计
                          企业 机构 益组织 务机构     其他
          5.要求行政机关确认
          或重新出具已获取信 1      1   0    0    0   0  2
          息
          1.申请人无正当理由
          逾期不补正、行政机 0      0   0    0    0   0  0
          关不再处理其政府信
          息公开申请
    （六）其 2.申请人逾期未按收
    他处理 费通知要求缴纳费
          用，行政机关不再处 0      0   0    0    0   0  0
          理其政府信息公开申
          请
          3.其他        1    0   0    1    0   1  3
    （七）总计             14   7   2    8    7   4 42
四、结转下年度继续办理           1    1   0    0    0   1  3
四、政府信息公开行政复议、行政诉讼情况
行政复议（因政府信息公开被行政                 行政诉讼
       复议）
 结果 结果 其他 尚未 总计 结果 结果未经复议直接起诉            复议后起诉
 维持 纠正 结果 审结             其他 尚未     结果 结果 其他 尚未
                  维持 纠正 结果 审结 总计 维持 纠正 结果 审结 总计
  0 0 0 0 0 0 0 0 0 0 1 0 2 0 3
五、存在的主要问题及改进情况
严格执行依申请公开办理流程，规范登记、审核、答复各环节，确保在法定期限内答复。本年度，我单位
"""

# chromium-pdf-020 (blank cells printed as nothing): "2. 其他法律行政法规禁止" prints 3, and 1 and 4
# on "公开".
WRAPPED_WITH_BLANKS = """       高安市工业和信息化局2019年度政府信息公开工作报告
                    来源：高安市工业和信息化局 发布时间：2020-01-28
围绕中心工作，及时准确发布政策文件、规划计划、财政预决算等信息，主动回应社会关切。
一、总体情况
下一步将进一步完善制度，加强业务培训和督促检查，推动政务公开工作提质增效。本年度，我单位认真贯彻落实《中华人
二、主动公开政府信息情况
                             第二十条第(一)项
         信息内容            本年度新制作数量      本年新公开数量           对外公开总数量
规章                           4             4                 26
规范性文件                        3             0                308
                             第二十条第(五)项
         信息内容            上一年项目数量        本年增/减            处理决定数量
行政许可                         0            140              1,820
其他对外管理服务事项                  25             0                496
                             第二十条第(六)项
         信息内容            上一年项目数量        本年增/减            处理决定数量
行政处罚                         0             0               1,240
行政强制                        17             0                  0
                             第二十条第(八)项
         信息内容            上一年项目数量                  本年增/减
行政事业性收费                      0                       1
                             第二十条第(九)项
         信息内容             采购项目数量                  采购总金额
政府集中采购                      30                      717
三、收到和处理政府信息公开申请情况
                                           申请人情况
 (本列数据的勾稽关系为:第一项加第二项之和,等                  法人或其他组织
        于第三项加第四项之和)         自然人 商业 科研 社会公益 法律服务 其他 合计
                                  企业 机构 组织 机构
一 、本年新收政府信息公开申请数量              44  5    5      6       8    6    74
二 、上年结转政府信息公开申请数量                       1              1    1    3
三、本 (一)予以公开                    28       1                   2    31
年度办 （二）部分公开（区分处理的，只记这
理结果 一情形，不记其他情形）                    1                   3         4
      (三)不予公 1. 属于国家秘密         3        1                        4
      开       2. 其他法律行政法规禁止 3
              公开                        1                        4
\f                                      申请人情况
(本列数据的勾稽关系为:第一项加第二项之和,等              法人或其他组织
      于第三项加第四项之和)       自然人   商业   科研 社会公益 法律服务 其他      合计
                              企业   机构 组织 机构
             3. 危及“三安全一稳定”              1    1           2
             4.保护第三方合法权益     1    1                      2
             5.属于三类内部事务信息 3           1              1   5
             6. 属于四类过程性信息                   1            1
             7. 属于行政执法案卷              1                  1
             8. 属于行政查询事项          1                      1
             1. 本机关不掌握相关政府                       3   2   5
             信息
     (四)无法提 2. 没有现成信息需要另行                   1            1
     供       制作
             3.补正后申请内容仍不明 2       1              1       4
             确
             1. 信访投诉举报类申请
             2. 重复申请
     (五)不予处 3. 要求提供公开出版物                    1    1       2
     理       4. 无正当理由大量反复申            1              1   2
             请
             5. 要求行政机关确认或重 2                1            3
             新出具已获取信息
     (六)其他处理                 1                       1   2
     (七)总计                  43    4   6     5    9   7   74
四、结转下年度继续办理                  1    1         1            3
四、因政府信息公开工作被申请行政复议提起行政诉讼情况
行政复议（因政府信息公开被行政复议）                      行政诉讼
 结果 结果 其他结 尚未 总计 结果 结果     未经复议直接起诉              复议后起诉
 维持 纠正 果 审结                    其他结 尚未      结果 结果 其他结 尚未
                       维持 纠正 果 审结 总计 维持 纠正 果 审结 总计
  0   3    0     0   3   0 0    5   0   5   0  6   0   0 6
五、政府信息公开工作存在的主要问题及改进情况
健全监督保障机制，将政务公开纳入年度绩效考核，开展业务培训，提升工作人员业务能力。下一步将进一步完善制度，加
"""


def test_a_row_whose_numbers_go_on_with_its_label_is_read_in_full() -> None:
    extraction = extracted(WRAPPED)
    assert applications_row(extraction, "withheld_internal_affairs") == [0, 0, 0, 0, 0, 1, 1]
    assert applications_row(extraction, "withheld_enforcement_files") == [0, 1, 0, 0, 1, 1, 3]
    assert error_codes(extraction) == []
    assert not extraction.unread


def test_a_split_row_with_blank_cells_is_left_unread_and_raises_no_arithmetic_error() -> None:
    extraction = extracted(WRAPPED_WITH_BLANKS)
    assert applications_row(extraction, "withheld_prohibited_by_law") == [None] * 7
    assert "applications.withheld_prohibited_by_law.total" in extraction.unread
    assert error_codes(extraction) == ["PARSE_INCOMPLETE"]
