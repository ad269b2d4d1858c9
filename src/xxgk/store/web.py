"""The web application's tables: users and their roles, the audit log, report-check runs and
uploads into the corpus store (upload jobs).

A user belongs to an agency (administrators may stand outside the tree); what the
user may see follows from the role and the agency's place in the supervision tree
(`xxgk.web.scope`). Every change made through the web app or the `xxgk user`
commands leaves an `AuditEntry`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from xxgk.now import now
from xxgk.store.agencies import Agency
from xxgk.store.base import Base, JsonDocument
from xxgk.store.corpus import CorpusDocument


def utcnow() -> datetime:
    return now()


class Role(StrEnum):
    """Who a signed-in user is. The public needs no account."""

    clerk = "clerk"
    head = "head"
    supervisor = "supervisor"
    admin = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.clerk: "经办人员",
    Role.head: "机关负责人",
    Role.supervisor: "监督机关",
    Role.admin: "系统管理员",
}


class User(Base):
    """A person who signs in. `agency` is required for every role but administrator."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({', '.join(repr(r.value) for r in Role)})", name="role"),
        CheckConstraint("role = 'admin' OR agency_id IS NOT NULL", name="agency_required"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Copied into each session cookie; raising it ends every session of the user (logout, password, disable).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set by an administrator's reset: the user must choose a new password before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())

    agency: Mapped[Agency | None] = relationship()

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class AuditEntry(Base):
    """One change: who (the user, or `actor` for the command line), when, what, to which record."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(50))
    target_type: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[str | None] = mapped_column(String(64))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)


class CheckRun(Base):
    """One upload of published reports to check, owned by the uploader's agency."""

    __tablename__ = "check_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="running")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)

    user: Mapped[User | None] = relationship()
    items: Mapped[list[CheckItem]] = relationship(back_populates="run", order_by="CheckItem.position")


class CheckItem(Base):
    """One uploaded document of a run: its report and findings, or why it could not be read."""

    __tablename__ = "check_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("check_runs.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    agency_name: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    template: Mapped[str | None] = mapped_column(String(10))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JsonDocument, default=list)

    run: Mapped[CheckRun] = relationship(back_populates="items")


def audit(
    session: Session,
    actor: User | str,
    action: str,
    target_type: str,
    target_id: object = None,
    *,
    agency_id: int | None = None,
    **detail: Any,
) -> AuditEntry:
    """Record one change in the audit log, in the caller's transaction (so it stands or falls with it).

    `actor` is the signed-in user, or a name such as "命令行" for changes made outside the web app.
    """
    entry = AuditEntry(
        user_id=actor.id if isinstance(actor, User) else None,
        actor=actor.username if isinstance(actor, User) else actor,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        agency_id=agency_id,
        detail=detail,
    )
    session.add(entry)
    return entry


class UploadJob(Base):
    """One upload of published reports into the corpus store (报告库), and how far it got.

    Kept in the database, not in the server's memory, so the job's page outlives a
    restart: a job the server was running when it stopped is marked interrupted,
    with what it had done, instead of vanishing or spinning forever.
    """

    __tablename__ = "upload_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="running")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    # Where the files wait to be ingested; removed when the job ends, or when it is found interrupted.
    folder: Mapped[str | None] = mapped_column(String(1000))

    user: Mapped[User | None] = relationship()
    files: Mapped[list[UploadJobFile]] = relationship(back_populates="job", order_by="UploadJobFile.position")


class UploadJobFile(Base):
    """One file of an upload job: its name as uploaded and, once known, what became of it (one line)."""

    __tablename__ = "upload_job_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("upload_jobs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    # The staged file's path: the source the corpus store records for the document.
    source: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    result: Mapped[str | None] = mapped_column(Text)

    job: Mapped[UploadJob] = relationship(back_populates="files")


class CorpusRelease(Base):
    """An uploaded report a supervisor made public: until then the portal does not list it.

    Keyed by the document, which keeps its id when a newer parser re-reads it.
    """

    __tablename__ = "corpus_releases"

    document_id: Mapped[int] = mapped_column(ForeignKey(CorpusDocument.id, ondelete="CASCADE"), primary_key=True)
    released_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
