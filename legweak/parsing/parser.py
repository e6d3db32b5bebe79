"""Glue: check the text, run the pipeline, read time/side/age/sex, apply negation and context.

A mention becomes a finding only when it is about the patient now: NegEx turns
"present" into "absent" (and an absent-synonym into "present"); a mention in a
history, hypothetical or family scope is dropped. One finding per id is kept:
the most confident, then the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from legweak.errors import TextError
from legweak.kb.implications import implied
from legweak.parsing.context import CURRENT, FAMILY, HISTORY
from legweak.parsing.measurements import read_measurements
from legweak.parsing.pipeline import SPAN_KEY, get_pipeline, plain_sentence, stem
from legweak.parsing.readers import (
    DURATION,
    ONSET,
    SIDE,
    Demographic,
    Reading,
    expand_shorthand,
    mask,
    read_age,
    read_narrator,
    read_numbers,
    read_sex,
    read_side,
    read_time,
)
from legweak.parsing.result import ParsedFinding, ParseResult

MAX_CHARS = 5000
#: Share of characters that must be printable for the input to count as text.
MIN_PRINTABLE = 0.9


def check_text(text: Any) -> str:
    """The text, or a TextError that says what is wrong with it."""
    if not isinstance(text, str):
        raise TextError(f"text must be a string, not {type(text).__name__}.")
    if not text.strip():
        raise TextError("The text is empty. Describe the problem in a few words, e.g. 'my left leg is weak'.")
    if len(text) > MAX_CHARS:
        raise TextError(
            f"The text is {len(text)} characters long; the limit is {MAX_CHARS}. "
            "Shorten it to the main problem and answer the questions that follow."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise TextError("The text is not valid Unicode (it contains broken characters).") from None
    if "\x00" in text:
        raise TextError("The text contains NUL bytes: it looks like binary data, not words.")
    visible = [c for c in text if not c.isspace()]
    junk = sum(1 for c in visible if not c.isprintable() or c == "\ufffd")
    if visible and (len(visible) - junk) / len(visible) < MIN_PRINTABLE:
        raise TextError("The text is mostly unprintable characters: it looks like binary data, not words.")
    return text


@dataclass(frozen=True)
class Mention:
    """One candidate before context is applied: what matched, and what NegEx and ConText said."""

    label: str  # "finding=value" as the lexicon or a reader gave it
    negated: bool
    status: str  # CURRENT, HISTORY, HYPOTHETICAL or FAMILY
    hedge: float
    confidence: float  # reader's base confidence times the hedge
    start: int  # character offsets
    end: int
    sentence: int


@dataclass(frozen=True)
class Analysis:
    mentions: list[Mention]
    age: Demographic | None
    sex: Demographic | None
    sentences: list[tuple[int, int]]  # character range of each sentence
    recognised: set[int]  # sentences that gave age or sex


def analyse(text: str, kb: Any) -> Analysis:
    """Every mention with its negation and context (for `parse`, benchmarks and debugging)."""
    pipeline = get_pipeline(kb)
    narrator = read_narrator(text)
    patient = frozenset({stem(narrator.relative)}) if narrator.relative else frozenset()

    from spacy.tokens import Span

    with pipeline.lock:
        doc = pipeline.doc(text)
        spans: list[Span] = []
        readings: dict[tuple[int, str], Reading] = {}
        past: set[tuple[int, str]] = set()
        gap_negated: set[tuple[int, str]] = set()
        measured = read_measurements(text, kb)
        for match in pipeline.lexicon_matches(doc):
            if _inside_reading(doc, match, measured):
                continue  # "temp 99 F" is the measured temperature, not also the word "temp"
            spans.append(Span(doc, match.start, match.end, label=match.label))
            if match.phrase in pipeline.past_phrases:
                past.add((match.start, match.label))
            if pipeline.negated_in_gap(doc, match):
                gap_negated.add((match.start, match.label))
        for reading in read_time(text) + read_side(text) + read_numbers(text) + measured:
            finding = kb.findings.get(reading.finding)
            if finding is None or reading.value not in finding.values:
                continue
            span = doc.char_span(reading.start, reading.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            label = f"{reading.finding}={reading.value}"
            if (span.start, label) not in readings:
                readings[(span.start, label)] = reading
                spans.append(Span(doc, span.start, span.end, label=label))
        doc.spans[SPAN_KEY] = spans
        pipeline.negate(doc)
        scan = pipeline.context.scan(doc, patient)
        sentences = list(doc.sents)
        sentence_of = {t.i: n for n, s in enumerate(sentences) for t in s}

        mentions: list[Mention] = []
        for span in doc.spans[SPAN_KEY]:
            context = scan.annotate(span.start, span.end)
            status = context.status
            if status == HISTORY and ((span.start, span.label_) in past or _is_past(kb, span.label_)):
                status = CURRENT  # "had a stroke years ago" is a previous stroke, now
            read = readings.get((span.start, span.label_))
            # A time or a number reads its own value: NegEx has nothing to flip. A side can
            # be negated ("no weakness in my left leg").
            is_time = read is not None and read.finding != SIDE
            start, end = (read.start, read.end) if read else (span.start_char, span.end_char)
            base = read.confidence if read else 1.0
            mentions.append(
                Mention(
                    label=span.label_,
                    negated=_negated(pipeline, doc, span, gap_negated) and not is_time,
                    status=status,
                    hedge=context.hedge,
                    confidence=round(base * context.hedge, 3),
                    start=start,
                    end=end,
                    sentence=sentence_of[span.start],
                )
            )

        recognised: set[int] = set()

        def about_patient(found: Demographic | None) -> Demographic | None:
            if found is None:
                return None
            span = doc.char_span(found.start, found.end, alignment_mode="expand")
            if span is None or not len(span):
                return found
            if scan.annotate(span.start, span.end).status == FAMILY:
                return None
            recognised.add(sentence_of[span.start])
            return found

        # A measured value is not an age: "temp 99 F" is no 99-year-old woman.
        unmeasured = mask(text, [(r.start, r.end) for r in measured])
        age = about_patient(read_age(unmeasured, narrator))
        sex = about_patient(read_sex(unmeasured, narrator))
        has_words = [any(t.is_alpha for t in s) for s in sentences]
        ranges = [(s.start_char, s.end_char) for s in sentences]
    # A sentence without a single word ("...", "?!") has nothing to recognise.
    recognised |= {n for n, words in enumerate(has_words) if not words}
    return Analysis(mentions, age, sex, ranges, recognised)


def _inside_reading(doc: Any, match: Any, readings: list[Reading]) -> bool:
    """Whether a measurement of the same finding holds the match's words."""
    finding = match.label.split("=", 1)[0]
    start = doc[match.start].idx
    end = doc[match.end - 1].idx + len(doc[match.end - 1])
    return any(r.finding == finding and r.start <= start and end <= r.end for r in readings)


def _negated(pipeline: Any, doc: Any, span: Any, gap_negated: set[tuple[int, str]]) -> bool:
    if (span.start, span.label_) in gap_negated:
        return True
    if not span._.negex:
        return False
    # A phrase that says "no" itself starts its own negation: "no fever and no rash",
    # "no fever and haven't had a wee" coordinate two statements, and the first "no"
    # does not turn the second round.
    if _owns_negation(pipeline, span):
        return False
    if span.label_.endswith("=absent"):
        return bool(pipeline.negated_before(doc, span.start))
    return True


def _owns_negation(pipeline: Any, span: Any) -> bool:
    """A synonym that says "not" itself ("haven't had a wee", "can't pee") is a present sign.

    Only a negation before it ("I don't think I haven't ...") can turn it round.
    """
    if any(t.norm_ in pipeline.gap_negations for t in span):
        return True
    words = " " + " ".join(t.lower_ for t in span) + " "
    return any(f" {trigger} " in words for trigger in pipeline.preceding_triggers)


def _is_past(kb: Any, label: str) -> bool:
    finding = kb.findings.get(label.split("=", 1)[0])
    return bool(getattr(finding, "past", False))


#: Words that make a time phrase the length of an activity or of relief, not of the
#: illness: "when I walk for ten minutes", "sitting eases it within a minute".
_CONDITIONAL = re.compile(
    r"\b(?:when|whenever|if|every\s+time|each\s+time|once\s+i|eases?|eased|settles?|wears\s+off|"
    r"goes\s+(?:away|off)|passes|relieved|relieves|helps?|recovered)\b",
    re.IGNORECASE,
)
#: How long a spell of something else lasts: "morning stiffness lasting over an hour".
_SPELL = re.compile(
    r"\b(?:stiffness|cramps?|pain|spasms?|attacks?|episodes?|spells?)\s+(?:\w+\s+){0,2}(?:lasting|lasts?|lasted)\b",
    re.IGNORECASE,
)
#: How soon it went, not how fast it came: "I felt normal within fifteen minutes" (but "I felt
#: fine yesterday" and "I was fine until an hour ago" date the start, and are kept).
_RELIEF = re.compile(
    r"\b(?:felt|feel|feeling|was|back\s+to)\s+(?:normal|fine|better|myself)(?:\s+again)?\s+(?:within|after|in)\b",
    re.IGNORECASE,
)
#: The same, said after the time: "within 15 minutes of the sweets I felt back to normal".
_RELIEF_AFTER = re.compile(
    r"[^.,;:!?\n]*?\b(?:i|he|she|we|they)\s+(?:felt|was|were)\s+"
    r"(?:back\s+to\s+)?(?:normal|fine|better|myself)\b",
    re.IGNORECASE,
)
#: The weakness as the subject of an onset verb: "it started three days ago", "my legs went".
_ONSET_VERB = re.compile(
    r"\b(?:it|this|they|symptoms?|the\s+weakness|(?:my|his|her|the)\s+(?:legs?|feet|foot))\s+"
    r"(?:\w+\s+){0,2}(?:start|began|begun|begin|came\s+on|come\s+on|develop|went|got)\w*",
    re.IGNORECASE,
)
#: A time phrase that names the length of the complaint itself: "six months of", "3-day history".
_HISTORY_LENGTH = re.compile(r"\bof\b|history", re.IGNORECASE)
#: An illness, not the weakness, is what came on fast: "the fever came on suddenly", "it
#: started suddenly with a high temperature". Its speed is not the weakness's (a flu begins
#: abruptly; the legs' weakness with it builds over hours), so the onset question stays open.
_ILLNESS = (
    r"(?:fever|temperature|temp|flu|bug|virus|illness|infection|diarrh\w*|vomiting|sickness|"
    r"cough|sore\s+throat|chills|shivers)"
)
_ILLNESS_ONSET = re.compile(
    rf"\b(?:the|my|his|her|this|a)\s+{_ILLNESS}\s+(?:\w+\s+){{0,2}}"
    r"(?:start|began|begun|came\s+on|come\s+on|hit|struck)\w*"
    rf"|\b(?:start|began|begun|came\s+on|come\s+on)\w*\b[^.,;:!?\n]*\bwith\s+(?:an?\s+)?(?:high\s+|bad\s+)?{_ILLNESS}\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[.,;:!?\n]")
#: The rest of a clause that says the weakness: "... he is very weak", "... my legs are weak".
_WEAK_AFTER = re.compile(r"[^.,;:!?\n]*\b(?:weak\w*|legs?\s+(?:are|is|have|has|feel)\w*)\b", re.IGNORECASE)
_READER_FINDINGS = (ONSET, DURATION, SIDE)


#: The weakness named in a clause: then its speed is the weakness's, whatever came with it.
_WEAKNESS_WORD = re.compile(r"\b(?:weak\w*|legs?|feet|foot|knees?)\b", re.IGNORECASE)


def _illness_onset(clause: str) -> bool:
    return bool(_ILLNESS_ONSET.search(clause)) and not _WEAKNESS_WORD.search(clause)


def _clause_end(text: str, start: int) -> int:
    return next((x.start() for x in _CLAUSE_START.finditer(text, start)), len(text))


def _time_applies(text: str, m: Mention, mentions: list[Mention], kb: Any) -> bool:
    """Whether a time phrase dates the weakness (not an activity, nor a past event)."""
    cut = max((x.end() for x in _CLAUSE_START.finditer(text, 0, m.start)), default=0)
    before = text[cut : m.start]
    stated = before + text[m.start : m.end]
    if _CONDITIONAL.search(before) or _RELIEF.search(stated) or _SPELL.search(stated):
        return False
    if _RELIEF_AFTER.match(text, m.end, _clause_end(text, m.end)):
        return False
    if m.label.startswith(ONSET + "=") and _illness_onset(text[cut : _clause_end(text, m.end)]):
        return False
    if _HISTORY_LENGTH.search(text[m.start : m.end]) or _ONSET_VERB.search(before):
        return True
    # A clause that opens with the time and goes on to the weakness dates the weakness:
    # "sugar patient, since 1 hour he is very weak" (not the diabetes before the comma).
    end = _clause_end(text, m.end)
    if not before.strip() and _WEAK_AFTER.match(text, m.end, end):
        return True
    # Otherwise the time belongs to the nearest mention in its sentence: a past event
    # ("had flu two weeks ago") keeps its own time; a symptom passes it to the weakness.
    nearby = [
        other
        for other in mentions
        if other.sentence == m.sentence
        and (other.start, other.end) != (m.start, m.end)  # the very same words state the time
        and other.status != FAMILY
        and other.label.split("=", 1)[0] not in _READER_FINDINGS
    ]
    if not nearby:
        return True
    nearest = min(nearby, key=lambda o: max(o.start - m.end, m.start - o.end, 0))
    return not _is_past(kb, nearest.label)


def _value(kb: Any, label: str, negated: bool) -> tuple[str, str] | None:
    """(finding id, value) for a mention about the patient now, or None if it says nothing."""
    finding_id, value = label.split("=", 1)
    finding = kb.findings.get(finding_id)
    if finding is None:
        return None
    if finding.type == "binary":
        if negated:
            value = "absent" if value == "present" else "present"
        return finding_id, value
    if negated or value not in finding.values:
        return None
    return finding_id, value


def _family_value(kb: Any, label: str, negated: bool) -> tuple[str, str] | None:
    """A relative's symptom or illness, as the family-history finding it stands for."""
    finding_id, value = label.split("=", 1)
    finding = kb.findings.get(finding_id)
    if finding is None or getattr(finding, "family", None) is None or value != "present" or negated:
        return None
    return finding.family, "present"


#: What may join a specific finding to a general one after it in one phrase: "numb and tingling".
_COORDINATION = re.compile(r"\s*(?:,|&|/|\band\b|\bor\b)(?:\s*(?:,|&|/|\band\b|\bor\b))*\s*", re.IGNORECASE)


def _same_phrase(text: str, specific: ParsedFinding, general: ParsedFinding) -> bool:
    """Whether a general finding comes from the specific one's words, or directly follows them.

    "feet are numb and tingling": the tingling is the stocking pattern's. Only what follows
    is joined: in "type 2 diabetes and injects insulin" the diabetes is said on its own.
    """
    if specific.start < general.end and general.start < specific.end:
        return True
    return general.start >= specific.end and (
        _COORDINATION.fullmatch(text[specific.end : general.start]) is not None
    )


def _keep_most_specific(kb: Any, text: str, found: list[ParsedFinding]) -> list[ParsedFinding]:
    """One phrase, one finding: a present finding drops the mentions of findings it `refines`.

    "dark brown wee" is cola-coloured urine, not also dark urine; "legs collapsed" is
    cannot stand, not also gives way. A general finding said in other words stays ("urine
    is dark, and now it is like cola"). An absent specific finding says nothing about the
    general one.
    """
    specific = [
        (f, set(getattr(kb.findings.get(f.id), "refines", ()) or ()))
        for f in found
        if f.value == "present" and kb.findings.get(f.id) is not None
    ]
    return [
        g
        for g in found
        if not any(g.id in refined and _same_phrase(text, f, g) for f, refined in specific if refined)
    ]


#: A time reading at least this sure counts as the text stating a time.
_STATED = 0.5


def _conflicting_times(found: Iterable[ParsedFinding]) -> set[str]:
    """Onset and duration that the text states in two different ways.

    "Sore back for months ... this morning my leg went weak" gives two
    durations; whichever is kept, the text has not settled how long the weakness
    has lasted. A time read from text may lower a rule (a timing `unless`), so a
    conflict is left unanswered: the interview asks it directly, and until then
    the more urgent rule stands.
    """
    stated: dict[str, list[ParsedFinding]] = {}
    for f in found:
        if f.id in (ONSET, DURATION) and f.confidence >= _STATED:
            stated.setdefault(f.id, []).append(f)
    # Two readings of the same words ("over a week": a synonym and the time reader)
    # are one statement, whatever each makes of it.
    return {
        fid
        for fid, readings in stated.items()
        if any(
            a.value != b.value and (a.end <= b.start or b.end <= a.start) for a in readings for b in readings
        )
    }


#: Red or swollen skin named in a sentence: then what "spreads up" in it is the redness.
_SKIN = frozenset({"leg_red_hot", "leg_swelling", "redness_spreading_fast"})
_NERVE_WORD = re.compile(r"\b(?:weak\w*|numb\w*|tingl\w*|pins\s+and\s+needles|feeling)\b", re.IGNORECASE)


def _skin_spreads(
    sentences: list[str], found: list[tuple[ParsedFinding, int]]
) -> list[tuple[ParsedFinding, int]]:
    """ "My shin's gone red and hot and it's spreading up to the knee" is cellulitis spreading,
    not weakness climbing from the feet: in a sentence about red or swollen skin that names no
    weakness or numbness, spreading is the skin's."""
    skin = {n for f, n in found if f.id in _SKIN and f.value == "present"}
    spreading_skin = {n for n in skin if not _NERVE_WORD.search(sentences[n])}
    return [(f, n) for f, n in found if not (f.id == "ascending_weakness" and n in spreading_skin)]


def _aside(pipeline: Any, plain: str) -> bool:
    """A sentence to the reader, or about who writes and how they feel: it holds no sign."""
    kinds = pipeline.aside_kinds
    return plain in pipeline.asides or (kinds is not None and kinds.fullmatch(plain) is not None)


def parse_text(text: Any, kb: Any = None) -> ParseResult:
    text = check_text(text)
    if kb is None:
        from legweak.kb.loader import load_kb

        kb = load_kb()
    # Clinical shorthand is read as words ("c/o SOB" as "complains of short of breath");
    # what is found keeps the words and offsets of the text as written.
    expanded = expand_shorthand(text, getattr(kb.context, "shorthand", None))
    analysis = analyse(expanded.text, kb)
    found: list[tuple[ParsedFinding, int]] = []
    for m in analysis.mentions:
        if m.label.split("=", 1)[0] in (ONSET, DURATION) and not _time_applies(
            expanded.text, m, analysis.mentions, kb
        ):
            continue
        if m.status == FAMILY:
            resolved = _family_value(kb, m.label, m.negated)
        elif m.status == CURRENT:
            resolved = _value(kb, m.label, m.negated)
        else:
            resolved = None
        if resolved is None:
            continue
        start, end = expanded.original(m.start, m.end)
        finding = ParsedFinding(resolved[0], resolved[1], text[start:end], start, end, m.confidence)
        found.append((finding, m.sentence))

    found = _skin_spreads([expanded.text[a:b] for a, b in analysis.sentences], found)
    one_per_phrase = _keep_most_specific(kb, text, [f for f, _ in found])
    best: dict[str, ParsedFinding] = {}
    for f in sorted(one_per_phrase, key=lambda f: (f.start, f.end)):
        kept = best.get(f.id)
        if kept is None or f.confidence > kept.confidence:
            best[f.id] = f
    for fid in _conflicting_times(f for f, _ in found):
        best.pop(fid, None)
    # What an umbrella answer implies ("no medicines": no statin), unless said outright.
    for f in list(best.values()):
        for fid, value in implied(kb, f.id, f.value).items():
            best.setdefault(fid, ParsedFinding(fid, value, f.text, f.start, f.end, f.confidence))
    recognised = analysis.recognised | {sentence for _, sentence in found}
    pipeline = get_pipeline(kb)
    sentences = [text[slice(*expanded.original(a, b))].strip() for a, b in analysis.sentences]
    recognised |= {n for n, sentence in enumerate(sentences) if _aside(pipeline, plain_sentence(sentence))}
    return ParseResult(
        findings=sorted(best.values(), key=lambda f: (f.start, f.end, f.id)),
        age=int(analysis.age.value) if analysis.age else None,
        sex=str(analysis.sex.value) if analysis.sex else None,
        unrecognised=[sentence for n, sentence in enumerate(sentences) if n not in recognised],
    )
