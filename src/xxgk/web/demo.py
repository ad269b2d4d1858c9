"""A demo for a fresh machine: an agency tree, a user of each role, and the example reports checked.

Seeded only into a database with no users, so it never touches real data. The
accounts share one published password: it is a demo, said so on the console.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xxgk.agency import agency_key
from xxgk.batch import expand_paths
from xxgk.now import now, today
from xxgk.service import check_file
from xxgk.store.agencies import Agency
from xxgk.store.database import Database, session_scope
from xxgk.store.web import CheckItem, CheckRun, Role, User, audit
from xxgk.web.accounts import NewUser, create_user
from xxgk.web.checking import fill_item
from xxgk.web.demo_ledger import seed_corpus, seed_ledger

DEMO_PASSWORD = "xxgk-demo"
ACTOR = "演示数据"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

# (name, parent, level)
AGENCIES: tuple[tuple[str, str | None, str], ...] = (
    ("演示市人民政府", None, "市"),
    ("演示市人民政府办公室", "演示市人民政府", "市"),
    ("演示市科学技术局", "演示市人民政府", "市"),
    ("演示市教育局", "演示市人民政府", "市"),
    ("演示县人民政府", "演示市人民政府", "县"),
    ("演示县科学技术局", "演示县人民政府", "县"),
)
LEDGER_AGENCY = "演示市科学技术局"  # the clerk's and the head's: a year of applications
# (username, display name, role, agency)
USERS: tuple[tuple[str, str, Role, str | None], ...] = (
    ("admin", "系统管理员", Role.admin, None),
    ("supervisor", "市政府办公室 王监督", Role.supervisor, "演示市人民政府"),
    ("head", "市科技局 李局长", Role.head, "演示市科学技术局"),
    ("clerk", "市科技局 张经办", Role.clerk, "演示市科学技术局"),
    ("county-clerk", "县科技局 赵经办", Role.clerk, "演示县科学技术局"),
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    role: Role
    agency: str | None


def seed_demo(db: Database, examples: Path = EXAMPLES) -> list[DemoAccount]:
    """Seed the demo unless the database already has users; the accounts created (none if skipped)."""
    with session_scope(db) as session:
        if session.scalar(select(func.count()).select_from(User)):
            return []
        by_name: dict[str, Agency] = {}
        for name, parent, level in AGENCIES:
            agency = Agency(name=name, key=agency_key(name) or name, level=level, parent=by_name.get(parent or ""))
            session.add(agency)
            by_name[name] = agency
        session.flush()
        accounts = []
        for username, display, role, agency_name in USERS:
            create_user(session, NewUser(username, DEMO_PASSWORD, role.value, agency_name, display, demo=True), ACTOR)
            accounts.append(DemoAccount(username, role, agency_name))
        supervisor = session.scalars(select(User).where(User.role == Role.supervisor.value)).first()
        if supervisor is not None and examples.is_dir():
            _checked_examples(session, supervisor, examples)
        seed_ledger(session, by_name[LEDGER_AGENCY], today())
    if examples.is_dir():
        seed_corpus(db, examples, AGENCIES[0][0])
    return accounts


def _checked_examples(session: Session, supervisor: User, examples: Path) -> None:
    """A finished check run of the example reports, so the console has something to show at once."""
    files = list(expand_paths([examples]))
    run = CheckRun(user_id=supervisor.id, agency_id=supervisor.agency_id, status="done", total=len(files))
    session.add(run)
    session.flush()
    for position, path in enumerate(files):
        item = CheckItem(run_id=run.id, position=position, filename=path.name, size=path.stat().st_size, findings=[])
        fill_item(item, check_file(path))
        session.add(item)
    run.done = len(files)
    run.finished_at = now()
    audit(session, ACTOR, "check.upload", "check_run", run.id, agency_id=supervisor.agency_id, files=len(files))
