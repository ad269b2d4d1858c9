"""`xxgk disclosure screening ITEM`: the screening hits of an item's current version (masked, with
their positions), and the decisions on them: `--override REASON` (the head, as signer) and
`--acknowledge` (a reviewer), the same service functions the desk's item page calls."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.orm import Session

from xxgk.cli.disclosure import AgencyOpt, DbOpt, ItemArg, UserOpt, _read, _reviewer, _write, disclosure_app
from xxgk.disclosure import screening, service
from xxgk.ledger.applications import agency_named
from xxgk.screen.kinds import SEVERITY_LABELS


@disclosure_app.command("screening")
def screening_command(
    item: ItemArg,
    agency: AgencyOpt,
    user: UserOpt = None,
    override: Annotated[
        str | None, typer.Option("--override", help="签发人确认发布含阻止发布内容的信息，并写明理由（须 --user）")
    ] = None,
    acknowledge: Annotated[bool, typer.Option("--acknowledge", help="确认已核对词表提醒（须 --user）")] = False,
    db: DbOpt = None,
) -> None:
    """发布前审查结果（已遮盖，含位置和理由）；--override 或 --acknowledge 记录处理决定。"""

    def decide(session: Session) -> None:
        owner = agency_named(session, agency, create=False)
        found = service.find_by_reference(session, owner, item)
        decider = _reviewer(session, owner, user)
        if override is not None:
            screening.override(session, found, decider, override)
        else:
            screening.acknowledge(session, found, decider)

    if override is not None or acknowledge:
        _write(db, decide)

    def report(session: Session) -> str:
        owner = agency_named(session, agency, create=False)
        found = service.find_by_reference(session, owner, item)
        current = service.version(session, found.current_version_id)
        result = screening.screen_version(session, found, current)
        lines = [
            f"[{SEVERITY_LABELS[h.severity]}] {h.label} {h.masked}（{h.position.describe()}）：{h.reason}"
            for h in result.hits
        ]
        lines += [
            f"{d.decided_by} {screening.DECISION_LABELS[d.decision]}：{d.reason}"
            for d in screening.decisions_on(session, current)
        ]
        problem = screening.screening_problem(session, found, current)
        return "\n".join([*lines, problem or "审查通过，可以签发和发布"])

    print(_read(db, report))
