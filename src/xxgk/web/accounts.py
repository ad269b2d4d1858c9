"""Accounts: creating users and checking their passwords, shared by `xxgk user` and the admin pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from xxgk.agency import agency_key
from xxgk.errors import XxgkError
from xxgk.now import now
from xxgk.store.agencies import Agency, agency_for
from xxgk.store.web import Role, User, audit
from xxgk.web.access import end_sessions
from xxgk.web.passwords import hash_password, needs_rehash, verify_password

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200
# zxcvbn's score (0–4): 3 is "safely unguessable" against an online attack that is throttled.
MIN_STRENGTH = 3
USERNAME = re.compile(r"[A-Za-z0-9_.\-]{2,64}")


class AccountError(XxgkError):
    """A user could not be created or changed; the message names the field and the reason."""


@dataclass(frozen=True, slots=True)
class NewUser:
    """What an administrator supplies for a new account."""

    username: str
    password: str
    role: str
    agency: str | None = None
    display_name: str | None = None
    demo: bool = False  # the demo's published password is not held to the strength rule


def parse_role(value: str) -> Role:
    """A role from its key (clerk, head, supervisor, admin) or its Chinese name."""
    for role in Role:
        if value.strip() in (role.value, role.label):
            return role
    choices = "、".join(f"{r.value}（{r.label}）" for r in Role)
    raise AccountError(f"角色“{value}”无效，应为 {choices} 之一")


def create_user(session: Session, new: NewUser, actor: User | str) -> User:
    """Validate `new`, store the user with an argon2 hash, and log who created it."""
    username = new.username.strip()
    if not USERNAME.fullmatch(username):
        raise AccountError("用户名无效：应为 2 至 64 个英文字母、数字或 _ . - 字符")
    if not new.demo:
        check_strength(new.password, username, new.display_name or "")
    role = parse_role(new.role)
    agency_name = (new.agency or "").strip()
    if role is not Role.admin and not agency_name:
        raise AccountError(f"机关不能为空：{role.label}必须属于一个机关")
    if len(agency_name) > 200:
        raise AccountError("机关名称过长（最多 200 个字符）")
    if session.scalars(select(User).where(func.lower(User.username) == username.lower())).first():
        raise AccountError(f"用户名“{username}”已存在")
    agency = agency_for(session, agency_name) if agency_name else None
    user = User(
        username=username,
        display_name=(new.display_name or "").strip()[:100] or username,
        password_hash=hash_password(new.password),
        role=role.value,
        agency=agency,
    )
    session.add(user)
    session.flush()
    audit(
        session,
        actor,
        "user.create",
        "user",
        user.id,
        agency_id=agency.id if agency else None,
        username=username,
        role=role.value,
        agency=agency.name if agency else None,
    )
    return user


def check_strength(password: str, *user_inputs: str) -> None:
    """Refuse a short or guessable password (zxcvbn's estimate, which knows common passwords, keyboard
    patterns, dates and the user's own name), with the reason in Chinese."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码过短：至少 {MIN_PASSWORD_LENGTH} 个字符")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"密码过长：最多 {MAX_PASSWORD_LENGTH} 个字符")
    if zxcvbn(password, user_inputs=[i for i in user_inputs if i])["score"] < MIN_STRENGTH:
        raise AccountError(
            "密码太容易被猜到（常见密码、连续数字或键盘序列、与用户名相近等）：请用更长、更不规则的密码，例如几个不相关的词加数字"
        )


def change_password(session: Session, user: User, current: str, new: str, repeated: str) -> None:
    """The user's own change: the current password proves it is them; every other session of theirs ends."""
    if not verify_password(user.password_hash, current):
        raise AccountError("当前密码不正确")
    if new != repeated:
        raise AccountError("两次输入的新密码不一致")
    if new == current:
        raise AccountError("新密码不能与当前密码相同")
    check_strength(new, user.username, user.display_name)
    _set_password(user, new, must_change=False)
    audit(session, user, "user.password_change", "user", user.id, agency_id=user.agency_id)


def reset_password(session: Session, actor: User | str, user: User, new: str) -> None:
    """An administrator's reset: a temporary password that must be changed at the next login; sessions end."""
    check_strength(new, user.username, user.display_name)
    _set_password(user, new, must_change=True)
    audit(session, actor, "user.password_reset", "user", user.id, agency_id=user.agency_id, username=user.username)


def set_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Disable (every session ends) or re-enable an account."""
    if user.id == actor.id and not active:
        raise AccountError("不能停用自己的账号")
    user.active = active
    if not active:
        end_sessions(user)
    audit(session, actor, "user.enable" if active else "user.disable", "user", user.id, agency_id=user.agency_id)


def change_role(session: Session, actor: User | str, user: User, role_name: str, agency_name: str | None) -> None:
    """A new role (and agency); the user's sessions end, so the next page is seen with the new rights."""
    role = parse_role(role_name)
    if isinstance(actor, User) and user.id == actor.id and role is not Role.admin:
        raise AccountError("不能取消自己的系统管理员角色")
    name = (agency_name or "").strip()
    agency = agency_named(session, name) if name else None
    if name and agency is None:
        raise AccountError(f"机关“{name}”不存在，请先在机关名录中添加")
    if role is not Role.admin and agency is None:
        raise AccountError(f"机关不能为空：{role.label}必须属于一个机关")
    before = (user.role, user.agency.name if user.agency else None)
    user.role, user.agency = role.value, agency
    end_sessions(user)
    audit(
        session,
        actor,
        "user.role",
        "user",
        user.id,
        agency_id=agency.id if agency else None,
        role=[before[0], role.value],
        agency=[before[1], agency.name if agency else None],
    )


def _set_password(user: User, password: str, *, must_change: bool) -> None:
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    end_sessions(user)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, or None; upgrades an outdated hash."""
    user = session.scalars(select(User).where(func.lower(User.username) == username.strip().lower())).first()
    if not verify_password(user.password_hash if user else None, password) or user is None or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now()
    return user


def agency_named(session: Session, name: str) -> Agency | None:
    """An existing agency by its name (or a naming variant), without creating one."""
    key = agency_key(name) or name.strip()
    return session.scalars(select(Agency).where(Agency.key == key)).one_or_none()
