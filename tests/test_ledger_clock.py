"""The statutory clock, rule by rule, on real dates across holidays and 调休 weekends.

Articles: 《政府信息公开条例》(国务院令第711号) 第三十条 (补正), 第三十一条 (date of
receipt), 第三十三条 (20 working days, one extension of at most 20, consultation
time not counted), 第三十二条/第三十四条 (15 days for the consulted party);
《政府信息公开信息处理费管理办法》 (20 working days to pay). Every expected date
below was counted by hand on the State Council's schedule.
"""

from __future__ import annotations

from datetime import date

import pytest

from xxgk.ledger.calendar import UnknownCalendarYear, WorkCalendar
from xxgk.ledger.clock import ClockError, Event, EventKind, deadline

CAL = WorkCalendar()
D = date


def due(received: date, *events: Event, calendar: WorkCalendar = CAL) -> date | None:
    return deadline(received, events, calendar).due


def test_national_day_2025_with_makeup_sunday_and_saturday() -> None:
    # 第三十一条/第三十三条第二款: received Fri 26 Sep; day 1 is Sun 28 Sep (调休 working day);
    # 1–8 Oct are holidays; Sat 11 Oct is a 调休 working day → the 20th working day is 30 Oct.
    result = deadline(D(2025, 9, 26), [], CAL)
    assert result.due == D(2025, 10, 30)
    text = " ".join(step.text for step in result.steps)
    assert "第 1 个工作日为 2025-09-28" in text
    assert "2025-10-01（星期三） 至 2025-10-08" in text and "2025-10-11（星期六）" in text


def test_the_day_of_receipt_is_not_counted() -> None:
    # Mon 3 Nov 2025: day 1 is Tue 4 Nov, day 20 is Mon 1 Dec (chinese-calendar's
    # find_workday(20, start) counts the start day and would give 28 Nov).
    assert due(D(2025, 11, 3)) == D(2025, 12, 1)


def test_received_during_a_holiday_counts_from_the_first_working_day_after_it() -> None:
    assert due(D(2025, 10, 3)) == D(2025, 11, 4)


def test_spring_festival_2025_with_makeup_weekends() -> None:
    # Holidays 28 Jan – 4 Feb 2025; Sun 26 Jan and Sat 8 Feb are working days.
    assert due(D(2025, 1, 24)) == D(2025, 2, 27)


def test_correction_restarts_the_20_days_from_receipt_of_the_corrected_request() -> None:
    # 第三十条: notice on 9 Oct (within 7 working days: by 13 Oct), corrected request
    # received Mon 20 Oct → 20 working days from 21 Oct → Mon 17 Nov.
    result = deadline(
        D(2025, 9, 26),
        [
            Event(EventKind.correction_notice, D(2025, 10, 9), until=D(2025, 10, 23)),
            Event(EventKind.correction_received, D(2025, 10, 20)),
        ],
        CAL,
    )
    assert result.correction_notice_by == D(2025, 10, 13)
    assert result.due == D(2025, 11, 17)
    assert not result.warnings


def test_waiting_for_a_correction_has_no_due_date_and_says_how_it_ends() -> None:
    result = deadline(D(2025, 9, 26), [Event(EventKind.correction_notice, D(2025, 9, 30), until=D(2025, 10, 20))], CAL)
    assert result.due is None and result.state == "awaiting_correction"
    assert any("逾期不补正" in step.text for step in result.steps)


def test_a_correction_notice_after_7_working_days_is_an_error_and_restarts_nothing() -> None:
    # 第三十条: the notice is due within 7 working days (by 13 Oct); one on 14 Oct is an
    # error on the case, and the 20 days still run from receipt (due 30 Oct).
    result = deadline(
        D(2025, 9, 26),
        [
            Event(EventKind.correction_notice, D(2025, 10, 14), until=D(2025, 10, 28)),
            Event(EventKind.correction_received, D(2025, 10, 15)),
        ],
        CAL,
    )
    assert any("晚于收到申请后 7 个工作日（2025-10-13" in e for e in result.errors)
    assert result.due == D(2025, 10, 30) and result.state == "running"
    in_time = deadline(
        D(2025, 9, 26), [Event(EventKind.correction_notice, D(2025, 10, 13), until=D(2025, 10, 27))], CAL
    )
    assert not in_time.errors and in_time.state == "awaiting_correction"


def test_only_one_correction_notice() -> None:
    with pytest.raises(ClockError, match="一次性"):
        due(
            D(2025, 9, 26),
            Event(EventKind.correction_notice, D(2025, 9, 29)),
            Event(EventKind.correction_notice, D(2025, 9, 30)),
        )


def test_consultation_days_are_not_counted() -> None:
    # 第三十三条第三款: 9–15 Oct 2025 (six working days, Sat 11 Oct included) do not count.
    consultation = Event(EventKind.consultation, D(2025, 10, 9), until=D(2025, 10, 15))
    assert due(D(2025, 9, 26), consultation) == D(2025, 11, 7)


def test_an_open_consultation_pauses_the_clock_and_names_the_15_day_reply_window() -> None:
    result = deadline(D(2025, 9, 26), [Event(EventKind.consultation, D(2025, 10, 9))], CAL)
    assert result.due is None and result.state == "consulting"
    # 第三十二条: 15 working days after Thu 9 Oct (Sat 11 Oct works) → 29 Oct.
    assert any("15 个工作日" in s.text and "2025-10-29" in s.text for s in result.steps)


def test_a_consultation_after_the_deadline_does_not_move_it() -> None:
    late = Event(EventKind.consultation, D(2025, 11, 10), until=D(2025, 11, 20))
    result = deadline(D(2025, 9, 26), [late], CAL)
    assert result.due == D(2025, 10, 30)
    assert result.warnings


def test_one_extension_of_at_most_20_working_days_with_approver_and_reason() -> None:
    extension = Event(EventKind.extension, D(2025, 10, 20), days=20, approver="王主任", reason="需调取档案")
    result = deadline(D(2025, 9, 26), [extension], CAL)
    assert result.due == D(2025, 11, 27)  # 30 Oct + 20 working days
    assert any("王主任" in s.text and "需调取档案" in s.text for s in result.steps)
    assert not result.warnings
    with pytest.raises(ClockError, match="最长不得超过 20"):
        due(D(2025, 9, 26), Event(EventKind.extension, D(2025, 10, 20), days=21, approver="王", reason="多"))
    with pytest.raises(ClockError, match="只能延期一次"):
        due(D(2025, 9, 26), extension, Event(EventKind.extension, D(2025, 10, 21), days=1, approver="王", reason="多"))


def test_an_extension_without_approver_is_flagged() -> None:
    result = deadline(D(2025, 9, 26), [Event(EventKind.extension, D(2025, 10, 20), days=5)], CAL)
    assert result.due == D(2025, 11, 6)
    assert any("审批人" in w for w in result.warnings)


def test_fee_notice_gives_20_working_days_to_pay_and_counted_setting_keeps_the_clock() -> None:
    # 国办函〔2020〕109号: 20 working days from the day after receipt of the notice (no
    # receipt recorded: the notice's date, said so). XXGK_FEE_PERIOD_COUNTED=1 keeps the clock running.
    result = deadline(D(2025, 9, 26), [Event(EventKind.fee_notice, D(2025, 9, 29))], CAL, fee_counted=True)
    assert result.fee_payment_by == D(2025, 11, 3)
    assert result.due == D(2025, 10, 30)
    assert any("逾期未缴费" in s.text and "XXGK_FEE_PERIOD_COUNTED=1" in s.text for s in result.steps)
    assert any("未记录申请人收到通知的日期" in s.text for s in result.steps)
    late = deadline(
        D(2025, 9, 26), [Event(EventKind.fee_notice, D(2025, 9, 29)), Event(EventKind.fee_paid, D(2025, 11, 4))], CAL
    )
    assert any("晚于缴费期限" in w for w in late.warnings)


def test_events_before_receipt_or_out_of_order_are_refused() -> None:
    with pytest.raises(ClockError, match="早于收到申请日期"):
        due(D(2025, 9, 26), Event(EventKind.fee_notice, D(2025, 9, 1)))
    with pytest.raises(ClockError, match="早于补正告知日期"):
        due(
            D(2025, 9, 26),
            Event(EventKind.correction_notice, D(2025, 10, 10)),
            Event(EventKind.correction_received, D(2025, 10, 9)),
        )


def test_a_correction_without_a_recorded_notice_still_restarts_the_clock_and_is_flagged() -> None:
    result = deadline(D(2025, 9, 26), [Event(EventKind.correction_received, D(2025, 10, 20))], CAL)
    assert result.due == D(2025, 11, 17)
    assert any("未记录补正告知日期" in w for w in result.warnings)


def test_a_year_nobody_published_is_estimated_and_only_absurd_years_are_refused() -> None:
    # 2027 is in no source: estimated (元旦 Fri 1 Jan off) → received Sun 20 Dec 2026, day 20 is Mon 18 Jan.
    result = deadline(D(2026, 12, 20), [], CAL)
    assert (result.due, result.estimated_years) == (D(2027, 1, 18), (2027,))
    assert any("2027 年：该年国务院放假安排尚未公布" in step.text for step in result.steps)
    assert deadline(D(2025, 9, 26), [], CAL).estimated_years == ()  # 2025 is published
    with pytest.raises(UnknownCalendarYear, match="2200 年"):
        due(D(2199, 12, 20))


def test_an_override_corrects_the_package() -> None:
    # A day declared a holiday (e.g. a local adjustment) pushes the deadline by one working day.
    assert due(D(2025, 9, 26), calendar=WorkCalendar({D(2025, 10, 20): False})) == D(2025, 10, 31)


def test_a_late_decision_is_counted_in_working_days() -> None:
    result = deadline(D(2025, 9, 26), [], CAL, decided=D(2025, 11, 4))
    assert any("超过期限 3 个工作日" in s.text for s in result.steps)
