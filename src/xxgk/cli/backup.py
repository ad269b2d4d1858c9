"""`xxgk db backup` and `xxgk db restore`: the whole database to a file and back.

SQLite is copied with its online backup interface; PostgreSQL is written as portable JSON.
A restore replaces all the data in one transaction, so a failure leaves it unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xxgk.cli.app import app, open_store
from xxgk.cli.ledger import DbOpt, _refusals
from xxgk.store.backup import backup_database, restore_database

db_app = typer.Typer(help="数据库备份与恢复。", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("backup")
def db_backup(file: Annotated[Path, typer.Argument(help="备份文件")], db: DbOpt = None) -> None:
    """备份数据库：SQLite 用在线备份接口生成一致的数据库文件；PostgreSQL 写可移植的 JSON 备份。"""
    with _refusals():
        kind = backup_database(open_store(db), file)
    print(f"已备份到 {file}（{kind}）")


@db_app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(help="备份文件（SQLite 数据库文件或 JSON 备份）")], db: DbOpt = None
) -> None:
    """用备份替换数据库中的全部数据（在一个事务中完成，失败则原数据不变）。"""
    with _refusals():
        count = restore_database(open_store(db), file)
    print(f"已从 {file} 恢复 {count} 行")
