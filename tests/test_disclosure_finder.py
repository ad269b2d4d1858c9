"""Staff search over the agency tree's catalogue, on SQLite and PostgreSQL: a staff member finds
their drafts, items under review and withdrawn items by a word, the 文号 (typed with any brackets)
or the 索引号, while the public search keeps showing only what is published; an agency's tree is
itself and the agencies below it, never a sibling or a parent; the CLI answers the same."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from conftest import run_xxgk
from disclosure_support import AGENCY, agency, draft, fields, item, published, set_up, submit, user
from xxgk.disclosure import finder, fulltext, service, workflow
from xxgk.disclosure.content import read_content
from xxgk.disclosure.vocabulary import STATE_LABELS
from xxgk.store.agencies import Agency, agency_for
from xxgk.store.database import Database, open_database
from xxgk.store.transaction import in_transaction

CHILD = "某市科学技术局高新区分局"
SIBLING = "某市农业农村局"


@pytest.fixture
def db(database_url: str) -> Database:
    opened = open_database(database_url)
    set_up(opened)

    def tree(session: Session) -> None:
        parent = agency(session)
        agency_for(session, CHILD).parent_id = parent.id
        agency_for(session, SIBLING)

    in_transaction(opened, tree)
    return opened


def staff_found(db: Database, query: str, states: tuple[str, ...] = (), root: str = AGENCY) -> list[tuple[int, str]]:
    with db.sessions() as session:
        top = session.query(Agency).filter(Agency.name == root).one()
        return [(f.item.id, f.item.state) for f in finder.find_items(session, top, query, states)]


def public_found(db: Database, query: str) -> list[int]:
    with db.sessions() as session:
        return [hit.item.id for hit in fulltext.search(session, query).hits]


def foreign_draft(db: Database, owner: str, title: str) -> int:
    """A draft of another agency of the tree (written by the operator: that agency has no staff here)."""

    def work(session: Session) -> int:
        target = session.query(Agency).filter(Agency.name == owner).one()
        content = read_content(fields(title=title, issuer=owner, doc_number="某分局发〔2026〕1号"), {})
        return service.create_item(session, target, "命令行", content).id

    return in_transaction(db, work)


def test_staff_find_drafts_reviews_and_withdrawn_items_the_public_only_published_ones(db: Database) -> None:
    mine = draft(
        db, title="关于科技特派员选派工作的通知（草稿）", doc_number="某科发〔2026〕21号", body="选派特派员赴乡镇服务。"
    )
    waiting = draft(db, title="关于科技特派员考核办法的通知", doc_number="某科发〔2026〕22号", body="特派员年度考核。")
    submit(db, waiting)
    shown = published(
        db, title="关于科技特派员工作总结的通报", doc_number="某科发〔2026〕23号", body="特派员工作成效明显。"
    )
    gone = published(
        db, title="关于科技特派员补助标准的通知", doc_number="某科发〔2026〕24号", body="特派员补助每月五百元。"
    )
    in_transaction(db, lambda s: workflow.withdraw(s, item(s, gone), user(s, "head"), "标准调整，另行发布"))

    assert staff_found(db, "特派员") == [
        (gone, "withdrawn"),
        (shown, "published"),
        (waiting, "reviewing"),
        (mine, "draft"),
    ]
    assert public_found(db, "特派员") == [shown]  # the public search: published only, the withdrawn one gone

    # the 文号 as staff type it: other brackets, full-width digits
    assert staff_found(db, "某科发[2026]21号") == [(mine, "draft")]
    assert staff_found(db, "某科发（２０２６）22号") == [(waiting, "reviewing")]
    # the 索引号, whole or its tail
    with db.sessions() as session:
        number = item(session, gone).index_number
    assert number
    assert staff_found(db, number) == [(gone, "withdrawn")]
    assert staff_found(db, number.split("-")[-1] + " 补助") == [(gone, "withdrawn")]
    # a state alone, and a state with a word
    assert staff_found(db, "", ("withdrawn",)) == [(gone, "withdrawn")]
    assert staff_found(db, "考核", ("draft", "reviewing")) == [(waiting, "reviewing")]
    assert staff_found(db, "考核", ("draft",)) == []
    # every word required; a LIKE wildcard typed is a character, not a pattern
    assert staff_found(db, "特派员 五百元") == [(gone, "withdrawn")]
    assert staff_found(db, "%") == []


def test_the_tree_is_the_agency_and_those_below_never_a_sibling_or_the_parent(db: Database) -> None:
    own = draft(db, title="关于光电材料产业扶持的通知")
    below = foreign_draft(db, CHILD, "关于光电材料企业申报的通知")
    beside = foreign_draft(db, SIBLING, "关于光电材料农业应用的通知")

    assert staff_found(db, "光电材料") == [(below, "draft"), (own, "draft")]
    assert staff_found(db, "光电材料", root=CHILD) == [(below, "draft")]
    assert staff_found(db, "光电材料", root=SIBLING) == [(beside, "draft")]
    assert public_found(db, "光电材料") == []


def test_the_cli_searches_the_accounts_tree_by_state_and_refuses_an_unknown_state(db: Database) -> None:
    url = str(db.engine.url.render_as_string(hide_password=False))
    mine = draft(db, title="关于藜麦种植试点的通知", doc_number="某科发〔2026〕31号")
    foreign_draft(db, SIBLING, "关于藜麦收购价格的通知")

    done = run_xxgk("disclosure", "find", "某科发[2026]31号", "--user", "clerk", "--db", url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"（未编号）\t{STATE_LABELS['draft']}\t{AGENCY}\t关于藜麦种植试点的通知"]
    with db.sessions() as session:
        assert item(session, mine).state == "draft"

    by_state = run_xxgk("disclosure", "find", "藜麦", "--agency", AGENCY, "--state", "已发布", "--db", url)
    assert (by_state.returncode, by_state.stdout.strip()) == (0, "没有找到")

    wrong = run_xxgk("disclosure", "find", "藜麦", "--agency", AGENCY, "--state", "作废", "--db", url)
    assert wrong.returncode == 2
    assert wrong.stderr.strip().splitlines() == [wrong.stderr.strip()]  # one line, no traceback
    assert "没有这种状态：作废" in wrong.stderr
