"""What every request handler can reach: settings, database, login throttle, check runner, pages."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.templating import Jinja2Templates

from xxgk.store.database import Database
from xxgk.web.checking import CheckRunner
from xxgk.web.library import Library
from xxgk.web.settings import WebSettings
from xxgk.web.throttle import LoginThrottle


@dataclass(frozen=True, slots=True)
class WebContext:
    settings: WebSettings
    db: Database
    throttle: LoginThrottle
    checks: CheckRunner
    library: Library
    pages: Jinja2Templates


def web_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.xxgk
    return context
