"""One person's interview as plain, versioned data that can be stored and restored.

A session holds only JSON-safe values: what was read in the opening text is kept
as a `Reading` (data, not parser objects), so a stored interview continues in
another process, on another day, exactly where it stopped. `revision` counts
every change, so storage can refuse two concurrent answers to one interview;
`pending` is the id of the question the interview is waiting for, so an answer
to any other question is refused rather than recorded against the wrong screen.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from legweak.errors import SessionFormatError
from legweak.kb.schema import Sex
from legweak.service.schemas import Reading

#: Bumped when the stored form changes in a way older code cannot read.
SESSION_FORMAT = 1

Origin = str  # "text", "question" or "given"


class Session(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    age: int
    sex: Sex
    #: The content hash of the knowledge base the answers were last checked against.
    kb_hash: str
    text: str | None = None
    reading: Reading | None = None
    #: finding id -> answer word ("present", "absent", "unknown" or an option id).
    evidence: dict[str, str] = Field(default_factory=dict)
    #: finding id -> where the answer came from: "text", "question" or "given".
    origin: dict[str, Origin] = Field(default_factory=dict)
    #: The findings each answered screen set, so `back` can undo a whole screen.
    steps: list[list[str]] = Field(default_factory=list)
    max_questions: int | None = None
    #: One more for every change; storage uses it to let only one of two concurrent answers win.
    revision: int = 0
    #: The id of the question the interview waits for; None when it has finished.
    pending: str | None = None
    #: Knowledge-base hashes the interview ran on before the current one, oldest first.
    earlier_kb_hashes: list[str] = Field(default_factory=list)

    @property
    def questions_asked(self) -> int:
        return len(self.steps)

    @property
    def done(self) -> bool:
        return self.pending is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe data; `Session.from_dict` restores an equal session."""
        return {"format": SESSION_FORMAT, **self.model_dump(mode="json")}

    @classmethod
    def from_dict(cls, data: Any) -> Session:
        """A session from `to_dict` output; SessionFormatError for anything else."""
        if not isinstance(data, dict):
            raise SessionFormatError(f"a stored session must be an object, not {type(data).__name__}.")
        body = dict(data)
        fmt = body.pop("format", None)
        if fmt != SESSION_FORMAT:
            raise SessionFormatError(
                f"stored session format {fmt!r} is not {SESSION_FORMAT}, the one this version reads."
            )
        try:
            return cls.model_validate(body)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "(whole session)"
            raise SessionFormatError(f"stored session, field {where!r}: {err['msg']}.") from None
