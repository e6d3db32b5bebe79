"""Errors as RFC 9457 problem details: one table from exception class to HTTP status.

Every error a client can cause gets a 4xx with a message it can act on; a 500 is
kept for faults of the server itself. The message is the exception's own, which
legweak/errors.py writes for the person who must act on it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from legweak.errors import (
    ApiKeyError,
    ConcurrentUpdateError,
    InputError,
    InterviewDoneError,
    InterviewInProgressError,
    InterviewNotFoundError,
    InterviewStateError,
    KnowledgeBaseChangedError,
    LegweakError,
    RateLimitedError,
    StaleAnswerError,
    StorageUnavailableError,
    TextError,
    UnderAgeError,
    UnknownConditionError,
    UnknownFindingError,
    UnknownValueError,
)

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:legweak:problem:"
#: Sent with every 401, as RFC 9110 asks: how to authenticate (legweak/api/access.py).
API_KEY_CHALLENGE = 'Bearer realm="legweak"'


class Problem(BaseModel):
    """RFC 9457 problem details; extension members (such as `pending`) may follow."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str


#: Most specific first: the first class an error is an instance of decides.
TABLE: tuple[tuple[type[Exception], int, str, str], ...] = (
    (InterviewNotFoundError, 404, "interview-not-found", "No such interview"),
    (UnknownFindingError, 404, "unknown-finding", "No such finding"),
    (UnknownConditionError, 404, "unknown-condition", "No such condition"),
    (StaleAnswerError, 409, "stale-answer", "Answer to a question that is not pending"),
    (InterviewDoneError, 409, "interview-done", "The interview has finished"),
    (InterviewInProgressError, 409, "interview-in-progress", "The interview is still in progress"),
    (ConcurrentUpdateError, 409, "concurrent-update", "Changed by another request"),
    (KnowledgeBaseChangedError, 409, "knowledge-base-changed", "The knowledge base has changed"),
    (InterviewStateError, 409, "interview-state", "Not allowed in this state of the interview"),
    (UnderAgeError, 422, "under-age", "legweak is for people aged 16 and over"),
    (UnknownValueError, 422, "invalid-answer", "Not an answer this question offers"),
    (TextError, 422, "invalid-text", "The text cannot be read"),
    (InputError, 422, "invalid-input", "Input not acceptable"),
    (ApiKeyError, 401, "api-key-required", "A valid API key is needed"),
    (RateLimitedError, 429, "rate-limited", "Too many interviews started"),
    (StorageUnavailableError, 503, "storage-unavailable", "The interview database cannot be reached"),
    (LegweakError, 500, "server-error", "The server could not complete the request"),
)

#: The problem responses every route declares in OpenAPI.
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": description}
    for status, description in (
        (400, "Malformed JSON"),
        (401, "The server needs an API key (LEGWEAK_API_KEYS) and none or a wrong one was sent"),
        (404, "No such interview, finding or condition"),
        (409, "The interview's state does not allow this"),
        (413, "The request body is over the size limit"),
        (422, "A value that is not acceptable"),
        (429, "Too many interviews started from one client; see Retry-After"),
        (503, "The interview database cannot be reached; nothing was changed"),
    )
}


def problem(
    request: Request,
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _extras(exc: Exception) -> dict[str, Any]:
    if isinstance(exc, StaleAnswerError):
        return {"question_id": exc.question_id, "pending": exc.pending}
    if isinstance(exc, UnknownValueError):
        return {"finding": exc.finding_id, "allowed": exc.allowed}
    if isinstance(exc, UnknownFindingError):
        return {"finding": exc.finding_id}
    return {}


def _headers(exc: Exception) -> dict[str, str] | None:
    if isinstance(exc, RateLimitedError):
        return {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, ApiKeyError):
        return {"WWW-Authenticate": API_KEY_CHALLENGE}
    return None


async def legweak_error(request: Request, exc: Exception) -> JSONResponse:
    for cls, status, slug, title in TABLE:
        if isinstance(exc, cls):
            headers = _headers(exc)
            return problem(request, status, slug, title, str(exc), headers, **_extras(exc))
    raise exc  # pragma: no cover - LegweakError closes the table


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return problem(
            request,
            400,
            "malformed-json",
            "Malformed JSON",
            "the request body is not valid JSON: send one object.",
        )
    listed = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg")), "type": e.get("type")}
        for e in errors
    ]
    first = listed[0]
    where = ".".join(p for p in first["loc"] if p != "body") or "the body"
    return problem(
        request,
        422,
        "invalid-request",
        "The request does not have the expected shape",
        f"{where}: {first['msg']}.",
        errors=listed,
    )


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    detail = str(exc.detail)
    if exc.status_code == 404:
        detail = f"there is nothing at {request.url.path}; the API lives under /v1 (see /openapi.json)."
    return problem(request, exc.status_code, slug, str(exc.detail), detail)


def install(app: FastAPI) -> None:
    app.add_exception_handler(LegweakError, legweak_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
