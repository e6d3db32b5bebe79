"""The HTTP app: `create_app(checker, store)` wires one checker and one store into FastAPI.

The API lives under `/v1`, the web app for people (`legweak.web`) at `/`.

The app keeps no state of its own beyond those two: every interview lives in
the store, so any worker can serve any request. `from_env` is the factory that
`legweak serve` hands to uvicorn, so each worker process builds its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from legweak import __version__, web
from legweak.api import logs, problems
from legweak.api.headers import SecurityHeaders
from legweak.api.limits import BodyLimit
from legweak.api.routes import fhir, health, interviews, kb, stateless
from legweak.config import Settings
from legweak.service import Checker
from legweak.storage import InterviewStore

DESCRIPTION = (
    "legweak: a symptom checker and triage engine for leg weakness in people aged 16 and over. "
    "Not a diagnosis: it says how urgently to get care and which causes fit best. "
    "Errors are RFC 9457 problem details (application/problem+json)."
)


def create_app(checker: Checker, store: InterviewStore, *, prepare: bool = True) -> FastAPI:
    """The API over one checker and one store; `prepare` builds the parser before the first request."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if prepare:
            checker.prepare()  # so the first request with text is as fast as the rest
        yield
        store.close()

    # Swagger UI from files installed with the package: no CDN. ReDoc is left out (it loads web fonts).
    app = FastAPIOffline(
        title="legweak",
        version=__version__,
        description=DESCRIPTION,
        redoc_url=None,
        lifespan=lifespan,
    )
    logs.install()  # before the first request: no interview id reaches a log whole
    app.state.checker = checker
    app.state.store = store
    problems.install(app)
    app.include_router(health.router)
    app.include_router(interviews.router)
    app.include_router(stateless.router)
    app.include_router(kb.router)
    app.include_router(fhir.router)
    web.install(app, checker.settings)
    app.add_exception_handler(StarletteHTTPException, _not_found_as_page)
    app.add_middleware(BodyLimit, max_bytes=checker.settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


async def _not_found_as_page(request: Request, exc: Exception) -> Response:
    """A browser asking for a page that is not there gets the web error page; anyone else, JSON."""
    wants_page = "text/html" in request.headers.get("accept", "") and not request.url.path.startswith("/v")
    if wants_page and isinstance(exc, StarletteHTTPException) and exc.status_code == 404:
        return web.not_found_page(request)
    return await problems.http_error(request, exc)


def from_env() -> FastAPI:
    """The app of one `legweak serve` worker: settings from the environment (migrations already run)."""
    settings = Settings.from_env()
    return create_app(Checker.from_settings(settings), InterviewStore.open(settings.database_url))
