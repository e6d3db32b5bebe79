"""Optional API keys (LEGWEAK_API_KEYS): when any are set, every /v1 route needs one.

A dependency of the /v1 routers, so a route cannot be added there without it;
/healthz, /readyz and the OpenAPI docs are on other routers and stay open, so a
load balancer and a developer reading the docs need no key. The key is compared
with every configured key in constant time (hmac.compare_digest, no early exit),
so the time of a refusal says nothing about how much of a key was right.
"""

from __future__ import annotations

import hmac

from fastapi import Depends, Request

from legweak.api.deps import CheckerDep
from legweak.errors import ApiKeyError

HEADER = "x-api-key"


def presented_key(request: Request) -> str | None:
    """The key a request carries: `X-API-Key`, else an `Authorization: Bearer` token."""
    key = request.headers.get(HEADER)
    if key:
        return key.strip()
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def key_matches(given: str, keys: frozenset[str]) -> bool:
    """Whether `given` is one of `keys`, comparing with every key and in constant time."""
    candidate = given.encode("utf-8", "surrogateescape")
    found = False
    for key in keys:
        found |= hmac.compare_digest(candidate, key.encode("utf-8"))
    return found


async def require_key(request: Request, checker: CheckerDep) -> None:
    # async: it only compares strings, so it runs on the event loop, not in the thread pool.
    keys = checker.settings.api_keys
    if not keys:
        return
    given = presented_key(request)
    if given is None:
        raise ApiKeyError(missing=True)
    if not key_matches(given, keys):
        raise ApiKeyError(missing=False)


#: Added to every /v1 router: `APIRouter(..., dependencies=[API_KEY])`.
API_KEY = Depends(require_key)
