"""The desk's catalogue (主动公开): the work list, drafting with attachments, each item's page with
its review, publication and withdrawal, the review queue. The public item page is mounted
from `disclosure_public`; the scheduler that publishes what is due runs for the app's lifetime.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, HTTPException, Query, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from xxgk.disclosure import finder, service, workflow
from xxgk.disclosure.content import AttachmentRef, ItemContent, form_values, parse_day
from xxgk.disclosure.scheduler import DueRunner
from xxgk.disclosure.vocabulary import LEVEL_NAMES, SECRECY_LEVEL, STATE_LABELS, VALIDITIES
from xxgk.disclosure.worklist import flagged_items
from xxgk.errors import XxgkError
from xxgk.now import today
from xxgk.store.disclosure import DisclosureItem
from xxgk.store.web import Role, User
from xxgk.web.access import AgencyStaff, DbSession
from xxgk.web.csrf import admit_upload, large_upload
from xxgk.web.desk import own_agency
from xxgk.web.disclosure import DraftForm, blank_values, choices, content_of_form, local_instant, may_draft, read_form
from xxgk.web.pages import render
from xxgk.web.routes import disclosure_public, disclosure_screening


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    runner = DueRunner(app.state.xxgk.db)
    runner.start()
    yield
    runner.stop()


router = APIRouter(lifespan=lifespan)
router.include_router(disclosure_public.router)
router.include_router(disclosure_screening.router)  # before /{item_id}: /screening is no item
Text = Annotated[str, Form(max_length=2000)]
Asked = Annotated[str, Query(max_length=200)]
BASE = "/desk/disclosure"
LISTED = 200


def _item(session: Session, user: User, item_id: int) -> DisclosureItem:
    try:
        return service.find_item(session, own_agency(user), item_id)
    except service.DisclosureError:
        raise HTTPException(404, "本机关目录中没有这条信息") from None


def _drafter(user: User) -> None:
    if not may_draft(user):
        raise HTTPException(403, "只有本机关的经办人员或机关负责人可以起草和修改")


@router.get(BASE)
def work_list(request: Request, session: DbSession, user: AgencyStaff, q: Asked = "", state: Asked = "") -> Response:
    """Drafts, items waiting at each level, scheduled, published, withdrawn; deadline flags; and
    the staff search (`finder.find_items`: any state, by 索引号, 文号 or words, over the agency's
    tree) when a query or a state is given."""
    agency = own_agency(user)
    searched = bool(q.strip() or state)
    states = [state] if state in finder.ITEM_STATES else []
    hits = finder.find_items(session, agency, q, states) if searched else []
    items = service.items_of(session, agency)[:LISTED]
    by_state: dict[str, list[DisclosureItem]] = {}
    for found in items:
        by_state.setdefault(found.state, []).append(found)
    return render(
        request,
        "desk/disclosure/index.html",
        by_state=by_state,
        counts=service.count_items(session, agency),
        flagged=flagged_items(session, agency, today()),
        queue=_queue(session, user, items),
        labels=STATE_LABELS,
        may_draft=may_draft(user),
        query=q,
        state=state,
        states=finder.ITEM_STATES,
        searched=searched,
        found=hits,
        own_id=agency.id,
    )


@router.get(f"{BASE}/review")
def review_queue(request: Request, session: DbSession, user: AgencyStaff) -> Response:
    """Every item under review, by the level it waits at, marked where this user may decide."""
    agency = own_agency(user)
    reviewing = service.items_of(session, agency)
    levels = service.settings_of(session, agency).levels
    waiting: dict[str, list[tuple[DisclosureItem, str | None]]] = {level: [] for level in levels}
    for found in reviewing:
        level = workflow.pending_level(session, found)
        if level is not None:
            waiting.setdefault(level, []).append((found, workflow.review_refusal(session, found, user)))
    return render(request, "desk/disclosure/review.html", waiting=waiting)


def _queue(session: Session, user: User, items: list[DisclosureItem]) -> list[tuple[DisclosureItem, str]]:
    """Items whose current level this user may decide."""
    mine = []
    for found in items:
        level = workflow.pending_level(session, found)
        if level is not None and workflow.review_refusal(session, found, user) is None:
            mine.append((found, level))
    return mine


@router.get(f"{BASE}/settings")
def settings_page(request: Request, session: DbSession, user: AgencyStaff, error: str | None = None) -> Response:
    """The agency's review levels, self-approval, 主题 sub-classes and columns (the head changes them)."""
    current = service.settings_of(session, own_agency(user))
    return render(
        request,
        "desk/disclosure/settings.html",
        400 if error else 200,
        settings=current,
        level_names=LEVEL_NAMES,
        subclasses="\n".join(f"{topic}：{'、'.join(names)}" for topic, names in current.choices.subclasses.items()),
        may_change=user.role_enum is Role.head,
        error=error,
    )


@router.post(f"{BASE}/settings")
async def save_settings(request: Request, session: DbSession, user: AgencyStaff) -> Response:
    form = await request.form()
    levels = [name for name in LEVEL_NAMES if form.get(f"level-{name}")]
    changes = {
        "levels": levels,
        "self_approval": bool(form.get("self_approval")),
        "columns": str(form.get("columns") or "").splitlines(),
        "subclasses": str(form.get("subclasses") or ""),
    }
    return await run_in_threadpool(_store_settings, request, session, user, changes)


def _store_settings(request: Request, session: Session, user: User, changes: dict[str, Any]) -> Response:
    if user.role_enum is not Role.head:
        raise HTTPException(403, "只有机关负责人可以修改审核设置")
    subclasses: dict[str, list[str]] = {}
    for line in changes.pop("subclasses").splitlines():
        topic, _, names = line.replace(":", "：").partition("：")
        if topic.strip():
            subclasses[topic.strip()] = [n.strip() for n in names.replace(",", "、").split("、") if n.strip()]
    try:
        with session.begin_nested():
            service.configure(session, own_agency(user), user, subclasses=subclasses, **changes)
    except XxgkError as exc:
        return settings_page(request, session, user, str(exc))
    return RedirectResponse(f"{BASE}/settings", status_code=303)


@router.get(f"{BASE}/new")
def new_form(request: Request, session: DbSession, user: AgencyStaff) -> Response:
    _drafter(user)
    return _form_page(request, session, user, DraftForm(blank_values(own_agency(user))), None)


@router.post(f"{BASE}/new")
@large_upload
async def create(request: Request, session: DbSession, user: AgencyStaff) -> Response:
    """A draft with its attachments: the large body is let in only after the role check (`admit_upload`)."""
    _drafter(user)
    await admit_upload(request)
    draft = await read_form(await request.form())
    return await run_in_threadpool(_create, request, session, user, draft)


def _create(request: Request, session: Session, user: User, draft: DraftForm) -> Response:
    _drafter(user)
    agency = own_agency(user)
    content = content_of_form(session, agency, draft)
    if content is None:
        return _form_page(request, session, user, draft, None)
    found = service.create_item(session, agency, user, content)
    service.attach(session, found, user, draft.files)
    return RedirectResponse(f"{BASE}/{found.id}", status_code=303)


@router.get(BASE + "/{item_id}/edit")
def edit_form(request: Request, session: DbSession, user: AgencyStaff, item_id: int) -> Response:
    _drafter(user)
    found = _item(session, user, item_id)
    content = service.content_of(service.version(session, found.current_version_id))
    values = blank_values(own_agency(user)) | _values(session, content)
    return _form_page(request, session, user, DraftForm(values), found)


@router.post(BASE + "/{item_id}/edit")
@large_upload
async def save(request: Request, session: DbSession, user: AgencyStaff, item_id: int) -> Response:
    _drafter(user)
    await admit_upload(request)
    draft = await read_form(await request.form())
    return await run_in_threadpool(_save, request, session, user, item_id, draft)


def _save(request: Request, session: Session, user: User, item_id: int, draft: DraftForm) -> Response:
    _drafter(user)
    found = _item(session, user, item_id)
    current = service.content_of(service.version(session, found.current_version_id))
    kept = tuple(ref for ref in current.attachments if ref.id not in draft.removed)
    content = content_of_form(session, own_agency(user), draft, kept)
    if content is None:
        return _form_page(request, session, user, draft, found)
    try:
        if content != current:
            service.edit_item(session, found, user, content)
        service.attach(session, found, user, draft.files)
    except XxgkError as exc:
        draft.errors["title"] = str(exc)
        return _form_page(request, session, user, draft, found)
    return RedirectResponse(f"{BASE}/{found.id}", status_code=303)


def _values(session: Session, content: ItemContent) -> dict[str, str]:
    return form_values(content, service.relation_numbers(session, content))


def _form_page(
    request: Request, session: Session, user: User, draft: DraftForm, found: DisclosureItem | None
) -> Response:
    agency = own_agency(user)
    settings = service.settings_of(session, agency)
    attachments: tuple[AttachmentRef, ...] = ()
    if found is not None:
        attachments = service.content_of(service.version(session, found.current_version_id)).attachments
    return render(
        request,
        "desk/disclosure/form.html",
        400 if draft.errors else 200,
        form=draft.values,
        errors=draft.errors,
        item=found,
        attachments=attachments,
        columns=settings.choices.columns,
        subclasses=settings.choices.subclasses,
        **choices(),
    )


@router.get(BASE + "/{item_id}")
def item_page(
    request: Request, session: DbSession, user: AgencyStaff, item_id: int, error: str | None = None
) -> Response:
    found = _item(session, user, item_id)
    return _item_page(request, session, user, found, error)


def _item_page(
    request: Request, session: Session, user: User, found: DisclosureItem, error: str | None = None
) -> Response:
    current = service.version(session, found.current_version_id)
    content = service.content_of(current)
    level = workflow.pending_level(session, found)
    flags = next((f.flags for f in flagged_items(session, found.agency, today()) if f.item.id == found.id), [])
    return render(
        request,
        "desk/disclosure/item.html",
        400 if error else 200,
        item=found,
        current=current,
        content=content,
        relations=service.relation_numbers(session, content),
        level=level,
        secrecy=level == SECRECY_LEVEL,
        refusal=workflow.review_refusal(session, found, user) if level else None,
        publish_problem=workflow.publication_problem(session, found, current) if current.status == "approved" else None,
        flags=flags,
        labels=STATE_LABELS,
        validities=VALIDITIES,
        may_draft=may_draft(user),
        error=error,
        **disclosure_screening.hits_context(session, found, current, user),
    )


def _act(request: Request, session: Session, user: User, item_id: int, act: object) -> Response:
    found = _item(session, user, item_id)
    try:
        with session.begin_nested():
            act(found)  # type: ignore[operator]
    except XxgkError as exc:
        session.expire_all()
        return _item_page(request, session, user, _item(session, user, item_id), str(exc))
    return RedirectResponse(f"{BASE}/{item_id}", status_code=303)


@router.post(BASE + "/{item_id}/submit")
def submit(request: Request, session: DbSession, user: AgencyStaff, item_id: int) -> Response:
    _drafter(user)
    return _act(request, session, user, item_id, lambda found: workflow.submit(session, found, user))


@router.post(BASE + "/{item_id}/review")
def review(
    request: Request,
    session: DbSession,
    user: AgencyStaff,
    item_id: int,
    decision: Text = "",
    content_hash: Text = "",
    opinion: Text = "",
    basis: Text = "",
) -> Response:
    """通过 or 退回 at the current level, bound to the hash of the content the page showed."""

    def act(found: DisclosureItem) -> None:
        workflow.review(
            session, found, user, approve=decision == "approve", seen_hash=content_hash, opinion=opinion, basis=basis
        )

    return _act(request, session, user, item_id, act)


@router.post(BASE + "/{item_id}/publish")
def publish(request: Request, session: DbSession, user: AgencyStaff, item_id: int, at: Text = "") -> Response:
    """Publish now, or at the Beijing time given."""

    def act(found: DisclosureItem) -> None:
        when = local_instant(at) if at.strip() else None
        if at.strip() and when is None:
            raise service.DisclosureError(f"定时发布的时间“{at}”无法识别")
        workflow.publish(session, found, user, when)

    _drafter(user)
    return _act(request, session, user, item_id, act)


@router.post(BASE + "/{item_id}/withdraw")
def withdraw(
    request: Request, session: DbSession, user: AgencyStaff, item_id: int, reason: Text = "", screening: Text = ""
) -> Response:
    _drafter(user)
    return _act(
        request,
        session,
        user,
        item_id,
        lambda found: workflow.withdraw(session, found, user, reason, screening=bool(screening)),
    )


@router.post(BASE + "/{item_id}/validity")
def validity(
    request: Request,
    session: DbSession,
    user: AgencyStaff,
    item_id: int,
    to: Text = "",
    on: Text = "",
    reason: Text = "",
) -> Response:
    """Record a change of 有效性 with its date and reason (a 废止 decided outside the catalogue, say)."""

    def act(found: DisclosureItem) -> None:
        day = parse_day(on) if on.strip() else today()
        if day is None:
            raise service.DisclosureError(f"变更日期“{on}”不是有效日期")
        if found.state != "published":
            raise service.DisclosureError("只有已发布的信息可以变更有效性")
        workflow.change_validity(session, found, user, to, day, reason)

    _drafter(user)
    return _act(request, session, user, item_id, act)


@router.get(BASE + "/{item_id}/attachments/{attachment_id}")
def staff_attachment(session: DbSession, user: AgencyStaff, item_id: int, attachment_id: int) -> Response:
    found = _item(session, user, item_id)
    try:
        stored = service.attachment(session, found, attachment_id)
    except service.DisclosureError:
        raise HTTPException(404, "没有这个附件") from None
    return disclosure_public.file_response(stored)
