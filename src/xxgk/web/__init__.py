"""The web application: FastAPI with server-rendered Jinja2 pages and htmx.

`create_app(settings)` in `xxgk.web.app` builds it; `xxgk serve` runs it. Routes are
split by audience (public, auth, desk, console, admin) and call the same service
functions as the command line.
"""
