"""Who made a change, and each audited operation's Chinese name: the one place both live.

The service functions that write applications, events, decisions, cases and the
calendar record their own audit entry (`xxgk.store.web.audit`), so the web app and
the command line leave the same trace. The web passes the signed-in user; the command
line passes `cli_actor(--actor)`: the name given, marked 命令行, or 命令行 alone (the
system user) when no name is given.

`ACTION_LABELS` names every operation in Chinese for pages (the audit log, the
console); a test checks that every operation recorded anywhere in the code has one.
"""

from __future__ import annotations

from typing import TypeAlias

from xxgk.store.web import User

CLI = "命令行"
ACTOR_MAX = 64

Actor: TypeAlias = User | str

ACTION_LABELS: dict[str, str] = {
    "active.set": "录入表二数字",
    "agency.create": "新建机关",
    "agency.describe": "登记机关层级和上级",
    "agency.edit": "修改机关信息",
    "agency.merge": "合并机关",
    "agency.move": "调整上级机关",
    "agency.restore": "恢复机关",
    "agency.retire": "撤销机关",
    "application.add": "登记申请",
    "application.amend": "更正已报送年度的办理记录",
    "application.decide": "办结申请",
    "application.event": "登记办理事件",
    "application.file": "网上提交申请",
    "application.identity_shown": "查看申请人证件号码",
    "application.import": "导入台账",
    "calendar.import": "导入年度节假日安排",
    "calendar.set": "设置工作日日历",
    "calendar.unset": "删除工作日日历设置",
    "case.add": "登记复议诉讼案件",
    "check.upload": "上传报告检查",
    "corpus.place": "报告归入机关",
    "corpus.release": "发布报告库版本",
    "corpus.upload": "上传报告入库",
    "disclosure.add": "新增主动公开事项",
    "disclosure.approve": "审核通过主动公开事项",
    "disclosure.edit": "修改主动公开事项",
    "disclosure.import": "导入主动公开目录",
    "disclosure.publish": "发布主动公开事项",
    "disclosure.reject": "退回主动公开事项",
    "disclosure.schedule": "定时发布主动公开事项",
    "disclosure.screening_acknowledge": "确认已核对发布前审查提醒",
    "disclosure.screening_override": "签发人确认发布（发布前审查）",
    "disclosure.settings": "修改主动公开设置",
    "disclosure.submit": "提交审核主动公开事项",
    "disclosure.validity": "标注主动公开事项有效性",
    "disclosure.withdraw": "撤回主动公开事项",
    "letters.settings": "修改告知书设置",
    "report.download_forced": "强制下载年度报告",
    "report.publish": "发布年度报告",
    "report.reopen": "重新打开已报送的年度报告",
    "report.return": "退回年度报告",
    "report.submit": "报送年度报告",
    "report.text": "修改年度报告文字",
    "screening.settings": "修改发布前审查设置",
    "user.create": "新建用户",
    "user.disable": "停用用户",
    "user.enable": "启用用户",
    "user.login": "登录",
    "user.logout": "退出登录",
    "user.password_change": "修改密码",
    "user.password_reset": "重置密码",
    "user.role": "修改用户角色",
}


def action_label(action: str) -> str:
    """The operation's Chinese name for a page (an unknown one is named as such, never shown as code)."""
    return ACTION_LABELS.get(action, "其他操作")


def cli_actor(name: str | None) -> str:
    """The actor of a command-line write: `--actor NAME` as “NAME（命令行）”, else 命令行 (the system user)."""
    given = (name or "").strip()
    if not given:
        return CLI
    suffix = f"（{CLI}）"
    return given[: ACTOR_MAX - len(suffix)] + suffix
