"""What one answer says about others, by the `covers` of umbrella findings.

"I take no medicines" rules out every medicine finding; "I take a statin"
means taking medicines. The parser and the service both apply this, so an
answer settles the same findings whether it was typed or chosen.
"""

from __future__ import annotations

from legweak.kb.loader import KnowledgeBase

PRESENT = "present"
ABSENT = "absent"


def implied(kb: KnowledgeBase, finding_id: str, value: str) -> dict[str, str]:
    """Answers implied by one answer (not including the answer itself)."""
    out: dict[str, str] = {}
    finding = kb.findings.get(finding_id)
    if finding is None:
        return out
    if value == ABSENT:
        for covered in finding.covers:
            out[covered] = ABSENT
    elif value == PRESENT:
        for umbrella in kb.findings.values():
            if finding_id in umbrella.covers:
                out[umbrella.id] = PRESENT
    return out
