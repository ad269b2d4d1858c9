"""The audit log's operations and record kinds in Chinese: the one mapping every page and export reads.

Code records an operation under a stable English name (``report.return``); a supervisor
reads it as 退回年度报告. Every name passed to `xxgk.store.web.audit` must be listed
here (tests/test_audit_names.py walks the source to make sure), so a new operation added
anywhere — the desk, the ledger, the console — gets its Chinese name in this module.
"""

from __future__ import annotations

OPERATIONS: dict[str, str] = {
    # accounts
    "user.login": "登录",
    "user.logout": "退出登录",
    "user.create": "新建用户",
    "user.role": "更改用户角色",
    "user.enable": "启用用户",
    "user.disable": "停用用户",
    "user.password_change": "修改密码",
    "user.password_reset": "重置密码",
    # the agency directory
    "agency.create": "新建机关",
    "agency.edit": "修改机关信息",
    "agency.merge": "合并机关",
    "agency.move": "调整机关隶属",
    "agency.retire": "撤销机关",
    "agency.restore": "恢复机关",
    # the ledger of applications
    "application.file": "提交政府信息公开申请",
    "application.event": "登记办理环节",
    "application.decide": "作出答复",
    "application.identity_shown": "查看申请人完整证件号码",
    "calendar.import": "导入工作日历",
    "case.add": "登记复议诉讼案件",
    "active.set": "填写主动公开数据",
    "letters.settings": "修改文书设置",
    "letters.template": "修改告知书模板",
    # annual reports
    "report.text": "修改年度报告文字",
    "report.submit": "报送年度报告",
    "report.return": "退回年度报告",
    "report.publish": "公开年度报告",
    "report.download_forced": "下载含错误的年度报告",
    "report.import_url": "从网址导入年度报告",
    # checks and the corpus store
    "check.upload": "上传报告检查",
    "corpus.upload": "报告入库",
    "corpus.place": "指定报告所属机关",
    "corpus.release": "在门户网站公开报告",
    # the disclosure catalogue
    "disclosure.add": "新增主动公开信息",
    "disclosure.edit": "修改主动公开信息",
    "disclosure.submit": "提交主动公开信息审核",
    "disclosure.approve": "审核通过主动公开信息",
    "disclosure.reject": "审核退回主动公开信息",
    "disclosure.publish": "发布主动公开信息",
    "disclosure.schedule": "定时发布主动公开信息",
    "disclosure.withdraw": "撤回主动公开信息",
    "disclosure.validity": "修改信息有效性",
    "disclosure.import": "导入主动公开目录",
    "disclosure.settings": "修改主动公开设置",
    "disclosure.guide": "修改政府信息公开指南",
    # added with the audited ledger services and screening
    "agency.describe": "登记机关层级和上级",
    "application.add": "登记申请",
    "application.amend": "更正已报送年度的办理记录",
    "application.import": "导入台账",
    "calendar.set": "设置工作日日历",
    "calendar.unset": "删除工作日日历设置",
    "report.reopen": "重新打开已报送的年度报告",
    "disclosure.screening_acknowledge": "确认已核对发布前审查提醒",
    "disclosure.screening_override": "签发人确认发布（发布前审查）",
    "screening.settings": "修改发布前审查设置",
    "application.correction": "网上提交补正",
    "records.import": "导入表二记录台账",
    "records.sources": "设置表二由记录计数的来源",
}

RECORD_KINDS: dict[str, str] = {
    "user": "用户",
    "agency": "机关",
    "application": "申请",
    "review_case": "复议诉讼案件",
    "active_figures": "主动公开数据",
    "calendar_year": "工作日历",
    "annual_report": "年度报告",
    "check_run": "报告检查",
    "corpus_report": "报告库中的报告",
    "upload_file": "上传文件",
    "ingest": "入库",
    "disclosure_settings": "主动公开设置",
    "disclosure_item": "主动公开信息",
    "calendar_day": "工作日日历",
    "ledger": "台账",
    "records": "表二记录台账",
    "records_sources": "表二计数来源",
    "screening_settings": "发布前审查设置",
}


# The detail an operation records, by key: what a supervisor reads in the log's 详情 column.
DETAIL_KEYS: dict[str, str] = {
    "after": "修改后",
    "agency": "机关",
    "at": "时间",
    "before": "修改前",
    "cells": "单元格",
    "changed": "修改项",
    "channel": "申请渠道",
    "columns": "列",
    "contacts": "联系方式",
    "content_hash": "内容校验值",
    "court": "人民法院",
    "credit_code": "统一社会信用代码",
    "created": "新增",
    "default": "默认",
    "document": "文件",
    "errors": "错误数",
    "expiry_is_repeal": "到期即废止",
    "files": "文件数",
    "format": "格式",
    "hits": "命中",
    "index_number": "索引号",
    "issued": "印发",
    "key": "代码",
    "kind": "类别",
    "late": "逾期",
    "level": "层级",
    "levels": "层级",
    "merged": "并入",
    "merged_id": "并入机关编号",
    "moved": "调整",
    "name": "名称",
    "note": "说明",
    "number_pattern": "文号格式",
    "on": "日期",
    "outcome": "办理结果",
    "override": "强制报送理由",
    "parent": "上级机关",
    "printed": "报告所署名称",
    "reason": "理由",
    "recomputed": "重新计算",
    "region": "地区",
    "region_code": "行政区划代码",
    "result": "结果",
    "review_body": "行政复议机关",
    "role": "角色",
    "screening": "发布前审查",
    "screening_hits": "审查命中",
    "sections": "章节",
    "self_approval": "本人审核",
    "skipped": "跳过",
    "sources": "计数来源",
    "text": "文本",
    "title": "标题",
    "updated": "更新",
    "url": "网址",
    "username": "用户名",
    "validity": "有效性",
    "version": "版本",
    "warnings": "警告数",
    "was": "原状态",
    "words": "词语",
    "workday": "工作日",
    "year": "年度",
}


def detail_key(key: str) -> str:
    """The Chinese name of a detail's key; one not (yet) listed reads as 其他."""
    return DETAIL_KEYS.get(key, "其他")


def operation_name(action: str) -> str:
    """The Chinese name of an audit operation; one not (yet) listed reads as 其他操作, never as its code."""
    return OPERATIONS.get(action, "其他操作")


def record_kind(target_type: str) -> str:
    """The Chinese name of the kind of record an audit entry is about."""
    return RECORD_KINDS.get(target_type, "记录")
