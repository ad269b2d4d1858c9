"""Commands of the web application: serve, and user accounts (user add, user list)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from xxgk.batch import default_jobs
from xxgk.cli.app import app, fail, first_line, open_store
from xxgk.store.database import Database, database_url, session_scope
from xxgk.store.web import User

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL，默认取环境变量 XXGK_DATABASE_URL，否则为当前目录的 xxgk.db")
]
user_app = typer.Typer(help="用户管理：添加、列出用户，重置密码，修改角色。", no_args_is_help=True)
app.add_typer(user_app, name="user")


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="监听端口")] = 8000,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo/--no-demo",
            help="演示模式：数据库中还没有用户时写入演示机关、演示账号（密码公开）和示例报告，各页面标明“演示模式”",
        ),
    ] = False,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="数据目录（会话密钥、上传暂存），默认 ./xxgk-data")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="检查报告的进程数，默认用满所有 CPU 核")] = 0,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="是否逐条记录访问日志")] = True,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="信任其 X-Forwarded-For / X-Forwarded-Proto 的反向代理地址（逗号分隔）；默认不信任任何地址",
        ),
    ] = "",
    ssl_certfile: Annotated[Path | None, typer.Option("--ssl-certfile", help="HTTPS 证书文件")] = None,
    ssl_keyfile: Annotated[Path | None, typer.Option("--ssl-keyfile", help="HTTPS 私钥文件")] = None,
    first_year: Annotated[int, typer.Option("--first-year", help="报送情况从哪一年度列起（不早于 2019）")] = 2019,
    report_due: Annotated[
        str, typer.Option("--report-due", help="年度报告报送期限（次年 月-日），默认 01-31（条例第四十九条）")
    ] = "01-31",
) -> None:
    """启动网站：公众门户、机关工作台、监督机关的报告检查。"""
    import uvicorn

    from xxgk.web.app import create_app
    from xxgk.web.demo import DEMO_PASSWORD, seed_demo
    from xxgk.web.settings import WebSettings, report_calendar, secret_key
    from xxgk.web.settings import data_dir as resolve_data_dir

    try:
        calendar = report_calendar(first_year, report_due)
    except ValueError as exc:
        fail(str(exc))
    _check_port_free(host, port)
    url = database_url(db)
    folder = resolve_data_dir(data_dir)
    if (ssl_certfile is None) != (ssl_keyfile is None):
        fail("--ssl-certfile 与 --ssl-keyfile 须同时给出")
    settings = WebSettings(url, folder, secret_key(folder), jobs=jobs or default_jobs(), demo=demo, calendar=calendar)
    try:
        web = create_app(settings)
        accounts = seed_demo(web.state.xxgk.db) if demo else []
        users = _count_users(web.state.xxgk.db)
    except (SQLAlchemyError, OSError) as exc:
        fail(f"无法打开数据库 {url}：{first_line(exc)}")
    if accounts:
        typer.echo(f"已写入演示数据。演示账号（密码均为 {DEMO_PASSWORD}，仅供演示，正式使用前请停用）：", err=True)
        for account in accounts:
            typer.echo(f"  {account.username:<14} {account.role.label}  {account.agency or ''}", err=True)
    if demo:
        typer.echo("演示模式：各页面标明“演示模式”。", err=True)
    if not users:
        typer.echo("数据库中还没有用户：请先用 xxgk user add 用户名 --role admin 创建系统管理员。", err=True)
    scheme = "https" if ssl_certfile else "http"
    typer.echo(f"xxgk 网站已启动：{scheme}://{host}:{port}/  （按 Ctrl+C 停止）", err=True)
    uvicorn.run(
        web,
        host=host,
        port=port,
        access_log=access_log,
        log_level="info",
        server_header=False,
        # uvicorn trusts 127.0.0.1 unless told: only the proxies the operator names are believed.
        proxy_headers=bool(forwarded_allow_ips.strip()),
        forwarded_allow_ips=forwarded_allow_ips.strip() or [],
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )


def _count_users(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(User)) or 0


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="登录用户名（英文字母、数字、_ . -）")],
    role: Annotated[
        str, typer.Option("--role", help="角色：clerk 经办人员、head 机关负责人、supervisor 监督机关、admin 系统管理员")
    ],
    agency: Annotated[
        str | None, typer.Option("--agency", help="所属机关名称（系统管理员可不填）；不存在时新建")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="显示的姓名")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取密码（一行），用于脚本")
    ] = False,
    db: DbOpt = None,
) -> None:
    """添加用户（密码以 argon2 散列保存，操作记入审计日志）。"""
    from xxgk.web.accounts import AccountError, NewUser, create_user

    password = _read_password(password_stdin)
    database = open_store(db)
    try:
        with session_scope(database) as session:
            user = create_user(session, NewUser(username, password, role, agency, name), "命令行")
            summary = (
                f"已添加用户 {user.username}（{user.role_enum.label}{'，' + user.agency.name if user.agency else ''}）"
            )
    except AccountError as exc:
        fail(f"无法添加用户 {username}：{exc}")
    typer.echo(summary)


@user_app.command("reset-password")
def user_reset_password(
    username: Annotated[str, typer.Argument(help="用户名")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取临时密码（一行），用于脚本")
    ] = False,
    db: DbOpt = None,
) -> None:
    """重置用户密码：设一个临时密码，该用户下次登录时必须修改；其所有登录随即失效。"""
    from xxgk.web.accounts import AccountError, reset_password

    password = _read_password(password_stdin)
    database = open_store(db)
    try:
        with session_scope(database) as session:
            reset_password(session, "命令行", _user_named(session, username), password)
    except AccountError as exc:
        fail(f"无法重置 {username} 的密码：{exc}")
    typer.echo(f"已重置 {username} 的密码：下次登录时须修改")


@user_app.command("role")
def user_role(
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", help="新角色：clerk、head、supervisor、admin")],
    agency: Annotated[str | None, typer.Option("--agency", help="所属机关（须已存在；系统管理员可不填）")] = None,
    db: DbOpt = None,
) -> None:
    """修改用户的角色和所属机关；其所有登录随即失效。"""
    from xxgk.web.accounts import AccountError, change_role

    database = open_store(db)
    try:
        with session_scope(database) as session:
            user = _user_named(session, username)
            change_role(session, "命令行", user, role, agency)
            summary = f"{user.username} 现为{user.role_enum.label}{'，' + user.agency.name if user.agency else ''}"
    except AccountError as exc:
        fail(f"无法修改 {username} 的角色：{exc}")
    typer.echo(summary)


def _user_named(session: Session, username: str) -> User:
    from xxgk.web.accounts import AccountError

    user = session.scalars(select(User).where(func.lower(User.username) == username.strip().lower())).first()
    if user is None:
        raise AccountError(f"没有用户“{username}”")
    return user


@user_app.command("list")
def user_list(db: DbOpt = None) -> None:
    """列出全部用户。"""
    database = open_store(db)
    with database.sessions() as session:
        for user in session.scalars(select(User).order_by(User.username)):
            state = "" if user.active else "  （已停用）"
            agency = user.agency.name if user.agency else ""
            typer.echo(f"{user.username}\t{user.role_enum.label}\t{agency}\t{user.display_name}{state}")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    if not password:
        fail("密码不能为空")
    return password


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            fail(f"无法在 {host}:{port} 上启动：{exc.strerror or exc}（端口已被占用或地址无效）")
