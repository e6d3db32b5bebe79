"""What the parser returns: plain frozen dataclasses, cheap to import."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ParsedFinding:
    id: str  # finding id
    value: str  # "present" | "absent" | an option value of a categorical finding
    text: str  # the words it came from (a substring of the input)
    start: int  # character offsets into the input
    end: int
    confidence: float  # 0..1, lowered by hedges ("maybe", "I think", "a bit")


@dataclass(frozen=True)
class ParseResult:
    findings: list[ParsedFinding]  # one per finding id, in text order
    age: int | None
    sex: str | None  # "female" | "male"
    unrecognised: list[str]  # sentences in which nothing was recognised

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [asdict(f) for f in self.findings],
            "age": self.age,
            "sex": self.sex,
            "unrecognised": list(self.unrecognised),
        }
