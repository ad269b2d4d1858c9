"""The `xxgk disclosure` group: the catalogue of proactively published information (主动公开目录).

Its commands are thin shells over `xxgk.disclosure` (the functions the desk pages call): each
write is one transaction, audited; every refusal is one Chinese line on stderr, exit status 2.
Review steps name the account that takes them (`--user`), because who may approve
what depends on the role and on who drafted the item.

This module holds the group, its options and that plumbing; the sub-commands live by area,
each module adding its own to `disclosure_app`: `disclosure_workflow` (add, submit, approve,
publish, withdraw, validity), `disclosure_catalogue` (import, export, search, find, reindex,
run-due), `disclosure_oversight` (show, flags, settings) and `disclosure_screening`.
`xxgk.cli.COMMAND_MODULES` lists them in that order, which is the order `xxgk disclosure
--help` shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar

import typer
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from xxgk.cli.app import app, fail, first_line, open_store
from xxgk.disclosure import service
from xxgk.disclosure.content import LABELS, ContentProblems
from xxgk.errors import XxgkError
from xxgk.store.agencies import Agency
from xxgk.store.transaction import in_transaction
from xxgk.store.web import User

T = TypeVar("T")
CLI = "命令行"

disclosure_app = typer.Typer(
    help="主动公开目录：起草、审核、发布、撤回、导入导出、检索、到期处理。", no_args_is_help=True
)
app.add_typer(disclosure_app, name="disclosure")

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL（默认 XXGK_DATABASE_URL，或当前目录的 sqlite:///xxgk.db）")
]
AgencyOpt = Annotated[str, typer.Option("--agency", "-a", help="机关名称")]
UserOpt = Annotated[str | None, typer.Option("--user", "-u", help="以哪个账号的身份操作（用户名）；审核必填")]
ItemArg = Annotated[str, typer.Argument(help="信息的索引号，或目录编号")]


@contextmanager
def _refusals() -> Iterator[None]:
    try:
        yield
    except ContentProblems as exc:
        for key, message in exc.problems.items():
            typer.echo(f"{LABELS.get(key, key)}：{message}", err=True)
        fail(f"{len(exc.problems)} 个字段有误，未保存")
    except XxgkError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"数据库操作失败：{first_line(exc)}")
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or ''}：{exc.strerror or exc}")


def _write(url: str | None, work: Callable[[Session], T]) -> T:
    with _refusals():
        return in_transaction(open_store(url), work)
    raise AssertionError("unreachable")


def _read(url: str | None, work: Callable[[Session], T]) -> T:
    with _refusals(), open_store(url).sessions() as session:
        return work(session)
    raise AssertionError("unreachable")


def _actor(session: Session, agency: Agency, username: str | None) -> User | str:
    if username is None:
        return CLI
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None or not user.active:
        raise service.DisclosureError(f"没有可用的账号“{username}”")
    if user.agency_id != agency.id:
        raise service.DisclosureError(f"账号“{username}”不属于{agency.name}")
    return user


def _reviewer(session: Session, agency: Agency, username: str | None) -> User:
    actor = _actor(session, agency, username)
    if not isinstance(actor, User):
        raise service.DisclosureError("审核须用 --user 指明审核人的账号")
    return actor
