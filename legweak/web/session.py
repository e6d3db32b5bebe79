"""The web app's own session: one signed cookie with the interview id, a CSRF token and a key's hash.

Nothing about a person's health is in the cookie: only the id of their stored
interview, so their answers stay in the database where delete and purge reach
them. The cookie is signed with itsdangerous (a change by the browser is a new,
empty session), HttpOnly so no script can read it, SameSite=Lax so another site
cannot post with it, and Secure when the page came over HTTPS.

Every form carries the session's CSRF token; a POST whose token does not match
the cookie's is refused (`CsrfError`), so another site cannot submit a form in
the person's name even where SameSite is not enforced.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from legweak.errors import CsrfError

COOKIE = "legweak_session"
#: A session cookie older than this is not read (the interview itself is purged on its own clock).
MAX_AGE_SECONDS = 7 * 24 * 3600


@dataclass
class WebSession:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    interview_id: str | None = None
    #: The SHA-256 of an API key the clinician entered once, checked again on every request.
    api_key: str | None = None
    changed: bool = False

    def set(self, *, interview_id: str | None = None, api_key: str | None = None) -> None:
        self.interview_id = interview_id
        if api_key is not None:
            self.api_key = api_key
        self.changed = True


class Sessions:
    """Reads and writes the signed session cookie."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="legweak-web-session")

    def read(self, request: Request) -> WebSession:
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = self._serializer.loads(raw, max_age=MAX_AGE_SECONDS)
            except BadSignature:
                data = None
            if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                interview_id, api_key = _text(data, "interview_id"), _text(data, "api_key")
                return WebSession(csrf=data["csrf"], interview_id=interview_id, api_key=api_key)
        return WebSession(changed=True)

    def write(self, request: Request, response: Response, session: WebSession) -> None:
        if not session.changed:
            return
        data = {"csrf": session.csrf, "interview_id": session.interview_id, "api_key": session.api_key}
        response.set_cookie(
            COOKIE,
            self._serializer.dumps(data),
            max_age=MAX_AGE_SECONDS,
            path="/",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )


def _text(data: dict[str, object], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def check_csrf(session: WebSession, token: str | None) -> None:
    """Refuse a form whose token is not this session's."""
    if not token or not hmac.compare_digest(token.encode(), session.csrf.encode()):
        raise CsrfError()
