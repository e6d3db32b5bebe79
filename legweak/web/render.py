"""Pages from templates, and the one error page every web route falls back to.

`HtmlRoute` turns an error raised by a web route into the error page (with the
status the error calls for), so a person never sees JSON; the API's routes keep
their problem-details JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from legweak.config import Settings
from legweak.errors import (
    ApiKeyRequiredError,
    CsrfError,
    InputError,
    InterviewNotFoundError,
    InterviewStateError,
    LegweakError,
    RateLimitedError,
    StorageUnavailableError,
    UnknownConditionError,
)
from legweak.web.session import Sessions, WebSession

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def first_upper(text: str) -> str:
    """A capital first letter, the rest as written (Jinja's `capitalize` would turn COVID into covid)."""
    return text[:1].upper() + text[1:]


TEMPLATES.env.filters["first_upper"] = first_upper

#: Error class -> (status, page title, what the person can do), most specific first.
ERRORS: tuple[tuple[type[Exception], int, str, str], ...] = (
    (
        InterviewNotFoundError,
        404,
        "We cannot find your answers",
        "They may have been deleted, or they are too old. You can start again.",
    ),
    (UnknownConditionError, 404, "Page not found", "There is no page here. Go back to the start."),
    (CsrfError, 403, "This form has expired", "Go back to the start page and try again."),
    (ApiKeyRequiredError, 401, "A key is needed", "This page needs the key this service was set up with."),
    (RateLimitedError, 429, "Too many starts", "Too many checks were started from here. Try again later."),
    (
        StorageUnavailableError,
        503,
        "We cannot save answers right now",
        "Our database is not working at the moment. Try again in a few minutes.",
    ),
    (InterviewStateError, 409, "This step is out of date", "Go back to your questions to carry on."),
    (InputError, 422, "We could not use that answer", "Go back and try again."),
    (LegweakError, 500, "Something went wrong", "Please try again in a few minutes."),
)


def web_settings(request: Request) -> Settings:
    value = request.app.state.web_settings
    assert isinstance(value, Settings)
    return value


def sessions(request: Request) -> Sessions:
    value = request.app.state.web_sessions
    assert isinstance(value, Sessions)
    return value


def page(
    request: Request,
    template: str,
    session: WebSession | None = None,
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    """A rendered page; the session cookie is written when the session changed."""
    settings = web_settings(request)
    session = session or sessions(request).read(request)
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "emergency_number": settings.emergency_number,
            "csrf": session.csrf,
            "has_interview": session.interview_id is not None,
            **context,
        },
        status_code=status,
    )
    sessions(request).write(request, response, session)
    return response


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    return page(request, "error.html", status=status, title=title, detail=detail)


def legweak_error_page(request: Request, exc: Exception) -> Response:
    for cls, status, title, detail in ERRORS:
        if isinstance(exc, cls):
            return error_page(request, status, title, detail)
    raise exc


def not_found_page(request: Request) -> Response:
    return error_page(request, 404, "Page not found", "There is no page here. Go back to the start.")


class HtmlRoute(APIRoute):
    """A web route: an error becomes the error page, never JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except LegweakError as exc:
                return legweak_error_page(request, exc)
            except RequestValidationError:
                return error_page(request, 422, "We could not read that form", "Go back and try again.")

        return route
