"""Accounts: creating users and checking their passwords, shared by `xxgk user` and the admin pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xxgk.agency import agency_key
from xxgk.errors import XxgkError
from xxgk.now import now
from xxgk.store.agencies import Agency, agency_for
from xxgk.store.web import Role, User, audit
from xxgk.web.passwords import hash_password, needs_rehash, verify_password

MIN_PASSWORD_LENGTH = 8
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
    if len(new.password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码过短：至少 {MIN_PASSWORD_LENGTH} 个字符")
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
