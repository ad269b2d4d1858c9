"""What one running web app needs to know: its database, its data folder, its limits."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

SECRET_ENV = "XXGK_SECRET_KEY"
DATA_ENV = "XXGK_DATA_DIR"
DEFAULT_DATA_DIR = Path("xxgk-data")


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """How much one upload of reports to check may hold, ZIP contents included.

    A ZIP member larger than `max_ratio` times its compressed size (above a small
    floor) is taken for a zip bomb.
    """

    max_files: int = 500
    max_file_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 256 * 1024 * 1024
    max_ratio: int = 200
    ratio_floor_bytes: int = 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoginLimits:
    """Failed logins allowed per user name and per client address within `window_seconds`."""

    max_failures: int = 5
    window_seconds: float = 15 * 60


@dataclass(frozen=True, slots=True)
class ReportCalendar:
    """Which years the supervisor's grid shows, and when a year's annual report is due.

    The Regulations (第四十九条) have each department submit and publish its report by 31 January of the
    following year; a province that sets another date changes `due_month`/`due_day`.
    """

    first_year: int = 2019
    due_month: int = 1
    due_day: int = 31


def report_calendar(first_year: int, due: str) -> ReportCalendar:
    """The calendar `xxgk serve --first-year --report-due MM-DD` asks for, or ValueError in one Chinese line."""
    month, _, day = due.strip().partition("-")
    if not (month.isdigit() and day.isdigit()):
        raise ValueError(f"报送期限“{due}”应写作 月-日，如 01-31")
    try:
        date(2001, int(month), int(day))  # a day every year has (no 29 February)
    except ValueError:
        raise ValueError(f"报送期限“{due}”不是每年都有的日期") from None
    if not 2019 <= first_year <= 2100:
        raise ValueError(f"起始年度 {first_year} 应在 2019 年至 2100 年之间")
    return ReportCalendar(first_year, int(month), int(day))


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Settings of one app instance; `secret_key` signs the session cookies."""

    database_url: str
    data_dir: Path
    secret_key: str
    jobs: int = 1
    https_only: bool = False
    demo: bool = False  # served with --demo: every page says 演示模式
    session_max_age: int = 8 * 3600
    max_form_bytes: int = 1024 * 1024
    uploads: UploadLimits = field(default_factory=UploadLimits)
    logins: LoginLimits = field(default_factory=LoginLimits)
    calendar: ReportCalendar = field(default_factory=ReportCalendar)

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"


def data_dir(explicit: Path | None = None) -> Path:
    """`--data-dir`, else `XXGK_DATA_DIR`, else `xxgk-data` in the current directory; created if missing."""
    path = explicit or Path(os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> str:
    """`XXGK_SECRET_KEY`, else the key kept in `folder/secret_key`, generated there on first use.

    Kept in a file so sessions survive a restart; readable by the owner only.
    """
    given = os.environ.get(SECRET_ENV)
    if given:
        return given
    path = folder / "secret_key"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()
