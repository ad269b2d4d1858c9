"""The Jinja2 environment of the HTML and Markdown writers, over the templates shipped in the package."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from xxgk.render.layout import PUBLISHED_LABEL
from xxgk.render.mdescape import escape_markdown


@cache
def environment() -> Environment:
    """One environment per process: templates are compiled once, values always escaped."""
    env = Environment(
        loader=PackageLoader("xxgk.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["published_label"] = PUBLISHED_LABEL
    env.filters["md"] = escape_markdown
    return env


def template(name: str) -> Template:
    return environment().get_template(name)


@cache
def stylesheet() -> str:
    """The page's CSS, inlined so the page is complete on its own."""
    return files("xxgk.render").joinpath("templates", "report.css").read_text(encoding="utf-8")
