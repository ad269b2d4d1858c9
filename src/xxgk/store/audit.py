"""Who made a change: the actor of an audited write, from the web or the command line.

The service functions that write applications, events, decisions, cases and the
calendar record their own audit entry (`xxgk.store.web.audit`), so the web app and
the command line leave the same trace. The web passes the signed-in user; the command
line passes `cli_actor(--actor)`: the name given, marked 命令行, or 命令行 alone (the
system user) when no name is given.

Every operation's Chinese name lives in `xxgk.audit_names` (one mapping for pages and
exports).
"""

from __future__ import annotations

from typing import TypeAlias

from xxgk.store.web import User

CLI = "命令行"
ACTOR_MAX = 64

Actor: TypeAlias = User | str


def cli_actor(name: str | None) -> str:
    """The actor of a command-line write: `--actor NAME` as “NAME（命令行）”, else 命令行 (the system user)."""
    given = (name or "").strip()
    if not given:
        return CLI
    suffix = f"（{CLI}）"
    return given[: ACTOR_MAX - len(suffix)] + suffix
