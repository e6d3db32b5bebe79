"""What a route needs, taken from the app that `create_app` wired once.

The dependencies are `async def`: they only read the app's state, and FastAPI runs a
plain `def` dependency in its thread pool, a thread hop (and GIL hand-over) each, three
per request before any work was done.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from legweak.service import Checker
from legweak.storage import InterviewStore


async def checker(request: Request) -> Checker:
    value = request.app.state.checker
    assert isinstance(value, Checker)
    return value


async def store(request: Request) -> InterviewStore:
    value = request.app.state.store
    assert isinstance(value, InterviewStore)
    return value


CheckerDep = Annotated[Checker, Depends(checker)]
StoreDep = Annotated[InterviewStore, Depends(store)]
