"""Mounting the web app at `/` beside the API: its routes, its static files, its sessions."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from legweak.config import Settings
from legweak.web import clinician, patient
from legweak.web.session import Sessions

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI, settings: Settings) -> None:
    """Add the web pages to an app that already holds `state.checker` and `state.store`.

    Without a `secret_key` a random one is made: right for one process (tests, a
    single worker); `legweak serve` sets one for all its workers.
    """
    app.state.web_settings = settings
    app.state.web_sessions = Sessions(settings.secret_key or secrets.token_urlsafe(32))
    app.include_router(patient.router)
    app.include_router(clinician.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
