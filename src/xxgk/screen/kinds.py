"""The one list of what screening looks for: each kind's Chinese label, whether it blocks
publication or only warns, and the reason shown with every hit. Checks, pages, the CLI and
the JSON output all take their labels and severities from here."""

from __future__ import annotations

from dataclasses import dataclass

BLOCK = "block"
WARN = "warn"
SEVERITY_LABELS = {BLOCK: "阻止发布", WARN: "提醒"}


@dataclass(frozen=True, slots=True)
class Kind:
    code: str
    label: str
    severity: str
    reason: str


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind("secrecy", "密级标志", BLOCK, "含密级标志，涉密文件不得公开（《保守国家秘密法》、条例第十四条）"),
        Kind("internal", "内部标志", BLOCK, "含“内部资料”“不得翻印”“此件不公开”等标志，须确认可以公开"),
        Kind("copy_number", "份号", WARN, "开头疑似公文份号，涉密或内部文件才编份号，请核实"),
        Kind(
            "id_number",
            "身份证号",
            BLOCK,
            "含公民身份号码，属个人信息，公开前须删除或遮盖（条例第十五条、个人信息保护法）",
        ),
        Kind("bank_card", "银行卡号", BLOCK, "含银行卡号，属个人金融信息，公开前须删除或遮盖"),
        Kind("mobile", "手机号码", BLOCK, "含手机号码，且不是本机关公开的联系电话，公开前须删除或遮盖"),
        Kind("landline", "固定电话", BLOCK, "含固定电话号码，且不是本机关公开的联系电话，公开前须核实或遮盖"),
        Kind("email", "电子邮箱", BLOCK, "含电子邮箱地址，且不是本机关公开的邮箱，公开前须核实或遮盖"),
        Kind("address", "家庭住址", BLOCK, "含个人住址（住址、家住、户籍、现住等），属个人信息，公开前须删除或遮盖"),
        Kind("unreadable", "无法审查", BLOCK, "附件无法自动审查（如没有文字层的扫描件），须人工审查后由签发人确认"),
        Kind("sensitive_word", "敏感词", WARN, "含本机关词表中的敏感词，请确认表述"),
        Kind("mistaken_word", "易错词", WARN, "含本机关词表中的易错表述，请核对"),
    )
}


def kind(code: str) -> Kind:
    return KINDS[code]
