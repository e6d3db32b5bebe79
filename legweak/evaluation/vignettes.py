"""Reading a vignette file (shared/vignettes/FORMAT.md), refusing malformed ones clearly."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from legweak.errors import VignetteFileError
from legweak.kb.schema import TriageLevel

#: The answer of a case that lies outside the conditions list (FORMAT.md): the catch-all.
OTHER = "other"


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: ICD-10-CM codes or prefixes, any one of them; or `[other]` alone.
    conditions: Annotated[list[str], Field(min_length=1)]
    triage: Annotated[list[TriageLevel], Field(min_length=1)]

    @model_validator(mode="after")
    def _other_alone(self) -> Expected:
        if OTHER in self.conditions and len(self.conditions) > 1:
            raise ValueError(
                "'other' means the answer lies outside the conditions list, so it stands alone: "
                "write conditions: [other], or list the codes without it"
            )
        return self


class Vignette(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(min_length=1)]
    age: Annotated[int, Field(ge=16, le=120)]  # legweak is for people aged 16 and over
    sex: Literal["female", "male"]
    complaint: Annotated[str, Field(min_length=1)]
    facts: list[str] = Field(default_factory=list)
    expected: Expected
    note: str | None = None


def load_vignettes(path: Path) -> list[Vignette]:
    """Every vignette in the file, or VignetteFileError naming the vignette and field."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VignetteFileError(f"{path}: no such file.") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise VignetteFileError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("vignettes"), list):
        raise VignetteFileError(f"{path}: expected 'version: 1' and a list under 'vignettes'.")
    if data.get("version") != 1:
        raise VignetteFileError(f"{path}: 'version' must be 1, not {data.get('version')!r}.")
    out: list[Vignette] = []
    seen: set[str] = set()
    for index, item in enumerate(data["vignettes"]):
        name = item.get("id") if isinstance(item, dict) else None
        label = f"vignette {name!r}" if name else f"vignette #{index + 1}"
        try:
            vignette = Vignette.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "(whole entry)"
            raise VignetteFileError(f"{path}: {label}, field {field!r}: {err['msg']}") from None
        if vignette.id in seen:
            raise VignetteFileError(f"{path}: {label}: duplicate id.")
        seen.add(vignette.id)
        out.append(vignette)
    if not out:
        raise VignetteFileError(f"{path}: the file holds no vignettes.")
    return out
