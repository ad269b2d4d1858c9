"""Administration of the working-day calendar: a year's State Council notice imported whole.

The administrator pastes or uploads the notice in the import format
(`xxgk.ledger.schedule`); the preview lists the open applications, of every
agency, whose due dates move; saving stores the year as published, recomputes
every open clock (each move goes into its case's timeline) and is audited.
Preview and save call the same functions as `xxgk calendar import`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.ledger.calendar import package_knows
from xxgk.ledger.estimate import ESTIMATE_NOTE
from xxgk.ledger.schedule import FORMAT_HELP, Schedule, ScheduleError, parse_schedule
from xxgk.ledger.yearly import import_schedule, preview_schedule, published_years
from xxgk.now import today
from xxgk.web.access import Admin, DbSession
from xxgk.web.pages import render

router = APIRouter(prefix="/admin/calendar")
MAX_TEXT = 20_000  # characters: a notice is well under 2 000
MOVES_SHOWN = 500
Text = Annotated[str, Form(max_length=MAX_TEXT)]


@router.get("")
def calendar_page(request: Request, session: DbSession, user: Admin) -> Response:
    return _page(request, session)


@router.post("/preview")
async def preview(
    request: Request,
    session: DbSession,
    user: Admin,
    text: Text = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Read the notice (the uploaded file wins over the pasted text) and show what saving would move."""
    source = "粘贴的内容"
    if file is not None and file.filename:
        data = await file.read(MAX_TEXT * 4 + 1)
        source = file.filename
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _page(request, session, 400, error=f"{source}：不是 UTF-8 文本", text="")
        if len(text) > MAX_TEXT:
            return _page(request, session, 400, error=f"{source}：内容过长（超过 {MAX_TEXT} 字）", text="")
    schedule, error = _parsed(text, source)
    if schedule is None:
        return _page(request, session, 400, error=error, text=text)
    moves = preview_schedule(session, schedule)
    return render(
        request,
        "admin/calendar_preview.html",
        schedule=schedule,
        text=text,
        moves=moves[:MOVES_SHOWN],
        moved=len(moves),
        replaced=any(y.year == schedule.year for y in published_years(session)),
    )


@router.post("")
def save(request: Request, session: DbSession, user: Admin, text: Text = "") -> Response:
    schedule, error = _parsed(text, "粘贴的内容")
    if schedule is None:
        return _page(request, session, 400, error=error, text=text)
    import_schedule(session, schedule, user)
    return RedirectResponse(f"/admin/calendar?imported={schedule.year}", status_code=303)


def _parsed(text: str, source: str) -> tuple[Schedule | None, str]:
    try:
        return parse_schedule(text, source), ""
    except ScheduleError as exc:
        return None, str(exc)


def _page(request: Request, session: Session, status_code: int = 200, **extra: object) -> Response:
    imported = {y.year: y for y in published_years(session)}
    years = []
    for year in range(today().year - 1, today().year + 2):
        if year in imported:
            source = f"已导入：{imported[year].document}（{imported[year].issued_on.isoformat()}）"
        elif package_knows(year):
            source = "已公布（chinese-calendar 已收录）"
        else:
            source = f"推定：{ESTIMATE_NOTE}"
        years.append((year, source))
    extra.setdefault("text", "")
    return render(
        request,
        "admin/calendar.html",
        status_code,
        years=years,
        imported=sorted(imported.values(), key=lambda y: y.year, reverse=True),
        just_imported=request.query_params.get("imported"),
        format_help=FORMAT_HELP,
        **extra,
    )
