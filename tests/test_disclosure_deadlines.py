"""Deadlines of proactive disclosure: 20 working days from 成文 (条例第二十六条), the 解读 of a 规范性文件
within 3 working days, its 有效期, the six-month reminder and the expiry that run_due applies."""

from __future__ import annotations

from datetime import date, timedelta

from disclosure_support import item, published, set_up
from xxgk.disclosure import workflow
from xxgk.disclosure.deadlines import ItemDates, add_months, flags
from xxgk.disclosure.worklist import flagged_items
from xxgk.ledger.calendar import WorkCalendar, package_knows
from xxgk.now import today
from xxgk.store.agencies import Agency
from xxgk.store.database import open_database
from xxgk.store.transaction import in_transaction

CALENDAR = WorkCalendar()
NORMATIVE = "行政规范性文件"


def dates(**changes: object) -> ItemDates:
    base: dict[str, object] = {
        "doc_kind": "其他文件",
        "written_on": date(2026, 11, 2),
        "published_on": date(2026, 11, 30),
        "valid_until": None,
        "validity": "现行有效",
    }
    return ItemDates(**(base | changes))  # type: ignore[arg-type]


def kinds(item: ItemDates, on: date = date(2026, 12, 10)) -> list[str]:
    return [flag.kind for flag in flags(item, CALENDAR, on)]


def test_publication_on_the_20th_working_day_after_it_was_made_is_in_time_the_21st_is_late() -> None:
    # 2026-11-02 is a Monday; no holiday until the new year: the 20th working day is 11-30.
    assert kinds(dates(published_on=date(2026, 11, 30))) == []
    late = flags(dates(published_on=date(2026, 12, 1)), CALENDAR, date(2026, 12, 10))
    assert [f.kind for f in late] == ["late"]
    assert "第 21 个工作日" in late[0].message and "条例第二十六条" in late[0].message


def test_an_unpublished_item_is_flagged_once_its_20_working_days_have_passed() -> None:
    waiting = dates(published_on=None)
    assert kinds(waiting, date(2026, 11, 30)) == []
    assert kinds(waiting, date(2026, 12, 1)) == ["unpublished_late"]


def test_the_national_day_holidays_do_not_count() -> None:
    # Made on 2026-09-30: the holidays of 1–7 October are skipped, so 20 working days reach late October.
    made = date(2026, 9, 30)
    twentieth = CALENDAR.nth_workday_after(made, 20)
    assert twentieth > made + timedelta(days=28)
    assert kinds(dates(written_on=made, published_on=twentieth)) == []
    assert kinds(dates(written_on=made, published_on=CALENDAR.nth_workday_after(made, 21))) == ["late"]


def test_a_normative_document_needs_its_interpretation_within_3_working_days() -> None:
    rule = dates(
        doc_kind=NORMATIVE,
        written_on=date(2026, 11, 10),
        published_on=date(2026, 11, 16),
        valid_until=date(2031, 11, 15),
    )
    # Published Monday 11-16: the 3rd working day after is Thursday 11-19.
    assert kinds(rule, date(2026, 11, 18)) == ["interpretation_due"]
    assert kinds(rule, date(2026, 11, 20)) == ["no_interpretation"]
    assert kinds(ItemDates(**{**_fields(rule), "interpretations": [date(2026, 11, 19)]}), date(2026, 11, 20)) == []
    late = flags(ItemDates(**{**_fields(rule), "interpretations": [date(2026, 11, 20)]}), CALENDAR, date(2026, 11, 25))
    assert [f.kind for f in late] == ["no_interpretation"] and "晚于" in late[0].message


def test_a_normative_document_without_a_period_of_validity_is_flagged() -> None:
    rule = dates(doc_kind=NORMATIVE, interpretations=[date(2026, 11, 30)])
    assert kinds(rule) == ["no_validity"]


def test_the_desk_is_reminded_six_months_before_a_period_of_validity_ends() -> None:
    on = date(2026, 11, 20)
    assert add_months(on, 6) == date(2027, 5, 20)
    assert kinds(dates(valid_until=date(2027, 5, 20)), on) == ["expiring"]
    assert kinds(dates(valid_until=date(2027, 5, 21)), on) == []
    assert kinds(dates(valid_until=date(2027, 5, 20), validity="已废止"), on) == []


def test_a_year_whose_holidays_are_not_published_is_counted_by_estimate_and_said_so() -> None:
    year = 2030
    assert not package_knows(year) and CALENDAR.estimated(year)
    found = flags(dates(written_on=date(year, 1, 2), published_on=date(year, 3, 1)), CALENDAR, date(year, 3, 2))
    assert [f.kind for f in found] == ["late"] and f"{year} 年的放假安排尚未公布" in found[0].message


def test_a_year_beyond_every_estimate_gives_a_flag_not_an_error() -> None:
    year = 2300
    found = flags(dates(written_on=date(year, 1, 2), published_on=date(year, 3, 1)), CALENDAR, date(year, 3, 2))
    assert [f.kind for f in found] == ["calendar"] and str(year) in found[0].message


def test_run_due_marks_an_item_whose_validity_ended_and_the_desk_lists_the_flags(database_url: str) -> None:
    db = open_database(database_url)
    set_up(db)
    yesterday = today() - timedelta(days=1)
    ended = published(
        db,
        title="到期的办法",
        written_on=(yesterday - timedelta(days=1)).isoformat(),
        valid_until=yesterday.isoformat(),
    )
    ending = published(db, title="快到期的办法", valid_until=add_months(today(), 3).isoformat())
    summary = in_transaction(db, workflow.run_due)
    assert len(summary.expired) == 1
    with db.sessions() as session:
        found = item(session, ended)
        assert found.validity == "已失效"
        assert (found.validity_changes[0].on, found.validity_changes[0].reason) == (
            today(),
            f"有效期至 {yesterday.isoformat()} 届满",
        )
        agency = session.get(Agency, found.agency_id)
        assert agency is not None
        listed = {f.item.id: [flag.kind for flag in f.flags] for f in flagged_items(session, agency, today())}
        assert listed == {ending: ["expiring"]}
    assert in_transaction(db, workflow.run_due).expired == []  # applied once


def _fields(item: ItemDates) -> dict[str, object]:
    return {name: getattr(item, name) for name in ItemDates.__slots__}  # type: ignore[attr-defined]
