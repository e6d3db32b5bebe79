"""What a route needs, taken from the app that `create_app` wired once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from legweak.service import Checker
from legweak.storage import InterviewStore


def checker(request: Request) -> Checker:
    value = request.app.state.checker
    assert isinstance(value, Checker)
    return value


def store(request: Request) -> InterviewStore:
    value = request.app.state.store
    assert isinstance(value, InterviewStore)
    return value


CheckerDep = Annotated[Checker, Depends(checker)]
StoreDep = Annotated[InterviewStore, Depends(store)]
