"""/v1/kb: the knowledge base the server runs on, in the public shapes."""

from __future__ import annotations

from fastapi import APIRouter

from legweak.api.access import API_KEY
from legweak.api.deps import CheckerDep
from legweak.api.problems import RESPONSES
from legweak.service.schemas import ConditionInfo, FindingInfo, KbInfo

router = APIRouter(prefix="/v1/kb", tags=["knowledge base"], responses=RESPONSES, dependencies=[API_KEY])


@router.get("", summary="Version, content hash and size of the knowledge base")
def info(checker: CheckerDep) -> KbInfo:
    return checker.kb_info()


@router.get("/conditions", summary="Every condition")
def conditions(checker: CheckerDep) -> list[ConditionInfo]:
    return checker.conditions()


@router.get("/conditions/{condition_id}", summary="One condition")
def condition(condition_id: str, checker: CheckerDep) -> ConditionInfo:
    return checker.condition(condition_id)


@router.get("/findings", summary="Every finding, with the answers it takes")
def findings(checker: CheckerDep) -> list[FindingInfo]:
    return checker.findings()


@router.get("/findings/{finding_id}", summary="One finding")
def finding(finding_id: str, checker: CheckerDep) -> FindingInfo:
    return checker.finding(finding_id)
