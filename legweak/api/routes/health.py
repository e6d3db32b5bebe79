"""Liveness and readiness, for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from legweak.api.deps import CheckerDep, StoreDep
from legweak.api.models import Health, Ready
from legweak.api.problems import MEDIA_TYPE, TYPE_BASE, Problem
from legweak.service import ENGINE_VERSION

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="Ready to serve: database reachable, knowledge base loaded, parser built",
    responses={503: {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": "Not ready"}},
    response_model=Ready,
)
def readyz(checker: CheckerDep, store: StoreDep) -> Ready | JSONResponse:
    try:
        store.ping()
    except Exception as exc:  # any failure to reach the database means: not ready
        body = {
            "type": TYPE_BASE + "not-ready",
            "title": "Not ready",
            "status": 503,
            "detail": f"the database cannot be reached ({type(exc).__name__}); check LEGWEAK_DATABASE_URL.",
            "instance": "/readyz",
        }
        return JSONResponse(body, status_code=503, media_type=MEDIA_TYPE)
    return Ready(
        status="ready", kb_version=checker.kb_version, kb_hash=checker.kb_hash, engine_version=ENGINE_VERSION
    )
