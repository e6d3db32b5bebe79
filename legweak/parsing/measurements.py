"""Measured values in text: "K+ 2.4", "sodium was 118", "BP 88/50", "sats 88% on air".

A note or a relative often states the one fact that settles a case: a
potassium of 7.2 or a blood pressure of 88/50. The names, units, plausible
ranges and bands all live in the knowledge base (`measurements.yaml`); this
module only knows the shape of a reading: a name, a few link words, a number
(or two, for a blood pressure), and an optional unit.

A number is read only when it can really be that measurement: inside the
plausible range after converting its unit, not followed by a dose or amount
unit ("K 10 mg"), and not a score or date ("HR 3/52"). A name right after a
number is a unit, not a measurement ("omeprazole 40 mg 2 a day").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from legweak.kb.schema import Measurement, Measurements
from legweak.parsing.readers import Reading

_F = re.IGNORECASE
_NUMBER = r"(?P<cmp>[<>]=?\s*)?(?P<v>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
#: How far either side of a reading its own words reach ("sats 94%, on 2 L").
_WINDOW = 40
_CLAUSE_END = re.compile(r"[.;\n](?!\d)")


def _alternation(words: list[str]) -> str:
    """Longest first, so "serum k+" wins over "k"; spaces match any run of spaces."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(piece) for piece in w.split()) for w in parts)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@dataclass(frozen=True)
class _Compiled:
    measurement: Measurement
    pattern: re.Pattern[str]
    own_units: dict[str, tuple[float, float]]  # written unit -> (factor, offset)
    not_after: re.Pattern[str] | None
    support: re.Pattern[str] | None


class MeasurementReader:
    """One compiled pattern per measurement of a knowledge base."""

    def __init__(self, table: Measurements) -> None:
        self.table = table
        links = _alternation(table.links)
        link_part = rf"(?:\s*(?:{links})(?![a-z]))*" if links else ""
        foreign = {u.lower() for u in table.foreign_units}
        self.foreign = foreign
        self.compiled: list[_Compiled] = []
        for m in table.measurements:
            own = {name: (u.factor, u.offset) for u in m.units for name in u.names}
            units = _alternation([*own, *foreign])
            second = r"\s*(?:/|over)\s*(?P<v2>\d{2,3})" if m.kind == "pair" else ""
            pattern = re.compile(
                rf"(?<![\w+\-/])(?P<name>{_alternation(m.names)})(?![a-z0-9])"
                rf"{link_part}\s*{_NUMBER}{second}"
                rf"(?:\s*(?P<unit>{units})(?![a-z]))?",
                _F,
            )
            not_after = re.compile(rf"\b(?:{_alternation(m.not_after)})\s*$", _F) if m.not_after else None
            support = re.compile("|".join(m.support.patterns), _F) if m.support else None
            self.compiled.append(_Compiled(m, pattern, own, not_after, support))

    def read(self, text: str) -> list[Reading]:
        out: list[Reading] = []
        for c in self.compiled:
            for match in c.pattern.finditer(text):
                reading = self._reading(c, text, match)
                if reading is not None:
                    out.append(reading)
        return sorted(out, key=lambda r: (r.start, r.finding))

    def _reading(self, c: _Compiled, text: str, match: re.Match[str]) -> Reading | None:
        m = c.measurement
        before = text[: match.start()]
        name = re.sub(r"\s+", " ", match.group("name").lower())
        # "40mg", "5k", or "40 mg 2": a name stuck to a number is that number's unit.
        if re.search(r"\d$", before) or (re.search(r"\d\s$", before) and name in self.foreign):
            return None
        if c.not_after is not None and c.not_after.search(before):
            return None
        after = text[match.end() :]
        if m.kind == "single" and re.match(r"\s*/\s*\d", after):
            return None  # a score, a fraction or a date: "4/5", "3/52"
        written = (match.group("unit") or "").lower()
        value = _number(match.group("v"))
        if written:
            key = re.sub(r"\s+", " ", written)
            if key not in c.own_units:
                return None  # a dose or an amount: "K 10 mg", "sats 2 days"
            factor, offset = c.own_units[key]
        else:
            bare = [u for u in m.units if u.bare is not None and u.bare.holds(value)]
            if not bare:
                return None
            factor, offset = bare[0].factor, bare[0].offset
        own = value * factor + offset
        if not m.plausible.holds(own):
            return None
        if m.kind == "pair" and not m.plausible.holds(float(match.group("v2"))):
            return None
        band = m.band(own)
        if c.support is not None and band.value not in (m.support.keeps if m.support else []):
            start = max(0, match.start() - _WINDOW)
            ends = [e.end() for e in _CLAUSE_END.finditer(text, start, match.start())]
            start = ends[-1] if ends else start
            stop = _CLAUSE_END.search(text, match.end(), match.end() + _WINDOW)
            window = text[start : stop.start() if stop else match.end() + _WINDOW]
            if c.support.search(window):
                return None  # "sats 95% on 2 L" says nothing about the saturation on air
        return Reading(m.finding, band.value, match.start(), match.end())


#: One arm's blood pressure with its side before or after: "R arm 182/100", "146/84 (L)".
_SIDE = r"(?P<{n}>right|left|r|l)(?:\s+arm)?"
_SIDED_BP = re.compile(
    rf"(?<![\w/]){_SIDE.format(n='before')}\.?\s*[:=\-]?\s*(?:bp\s*)?(?P<a>\d{{2,3}})\s*/\s*\d{{2,3}}(?![\d/])"
    rf"|(?<![\w/])(?P<b>\d{{2,3}})\s*/\s*\d{{2,3}}\s*\(?\s*(?:in\s+the\s+)?{_SIDE.format(n='after')}\b\)?",
    _F,
)


def read_arm_difference(text: str, table: Measurements) -> list[Reading]:
    """A difference between the arms' top numbers, as present or absent (`arm_difference`).

    One reading per sentence that gives both arms; a side given twice keeps its first number.
    """
    spec = table.arm_difference
    if spec is None:
        return []
    out: list[Reading] = []
    for sentence in re.finditer(r"[^.;\n]+", text):
        seen: dict[str, tuple[float, int, int]] = {}
        for m in _SIDED_BP.finditer(sentence.group()):
            side = (m.group("before") or m.group("after")).lower()[0]
            number = float(m.group("a") or m.group("b"))
            if 50 <= number <= 300:
                seen.setdefault(side, (number, sentence.start() + m.start(), sentence.start() + m.end()))
        if "r" not in seen or "l" not in seen:
            continue
        (right, r0, r1), (left, l0, l1) = seen["r"], seen["l"]
        gap = abs(right - left)
        value = "present" if gap >= spec.present_from else "absent" if gap < spec.absent_below else None
        if value is not None:
            out.append(Reading(spec.finding, value, min(r0, l0), max(r1, l1)))
    return out


_CACHE: dict[int, tuple[Measurements, MeasurementReader]] = {}


def reader_for(table: Measurements) -> MeasurementReader:
    """The compiled reader of a table, built once per table object."""
    hit = _CACHE.get(id(table))
    if hit is None or hit[0] is not table:
        hit = (table, MeasurementReader(table))
        _CACHE[id(table)] = hit
    return hit[1]


def read_measurements(text: str, kb: Any) -> list[Reading]:
    """Lab values and vital signs, as readings of their findings; none if the KB has no table."""
    table = getattr(kb, "measurements", None)
    if not isinstance(table, Measurements) or not table.measurements:
        return []
    return reader_for(table).read(text) + read_arm_difference(text, table)
