"""The clinician view: the same result as numbers, codes, weights, rule sources and sites.

When the deployment sets API keys (`LEGWEAK_API_KEYS`), this view asks for one
once, keeps its SHA-256 in the signed, HttpOnly session cookie (never the key
itself), and checks it against the keys on every request (a key taken out of
the setting stops working at once). The person's own pages, download and delete
never need a key.
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from legweak.web.patient import _form, _load, checker_of, redirect
from legweak.web.render import HtmlRoute, page, sessions, web_settings
from legweak.web.session import WebSession

router = APIRouter(route_class=HtmlRoute, include_in_schema=False)


def fingerprint(key: str) -> str:
    """What the cookie keeps of a key: its SHA-256, so the key itself (good for /v1) is never in it."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_accepted(keys: frozenset[str], key: str | None) -> bool:
    """Whether `key` is one of `keys`, compared in constant time."""
    if key is None:
        return False
    return any(hmac.compare_digest(key.encode(), k.encode()) for k in keys)


def _allowed(request: Request, session: WebSession) -> bool:
    keys = web_settings(request).api_keys
    if not keys:
        return True
    return key_accepted(frozenset(fingerprint(k) for k in keys), session.api_key)


@router.get("/clinician")
def clinician_page(request: Request) -> Response:
    session = sessions(request).read(request)
    if not _allowed(request, session):
        return page(request, "clinician_key.html", session, status=401, wrong=False)
    checker = checker_of(request)
    interview = _load(request, session)
    result = checker.result(interview)
    return page(
        request,
        "clinician.html",
        session,
        result=result,
        rules=[checker.rule(rule_id) for rule_id in result.fired_rules],
        answers=checker.answer_lines(interview),
        findings={line.finding: line.label for line in checker.answer_lines(interview)},
    )


@router.post("/clinician/key")
async def enter_key(request: Request) -> Response:
    session = sessions(request).read(request)
    fields = await _form(request, session)
    key = fields.get("key", "").strip()
    keys = web_settings(request).api_keys
    if not await run_in_threadpool(key_accepted, keys, key):
        return page(request, "clinician_key.html", session, status=401, wrong=True)
    session.set(interview_id=session.interview_id, api_key=fingerprint(key))
    return redirect(request, "/clinician", session)
