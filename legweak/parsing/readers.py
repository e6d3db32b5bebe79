"""Readers for what a synonym list cannot hold: time, side, age, sex, who the patient is.

Each reader works on the raw text with regular expressions and returns
character offsets, so its readings go through the same negation and context
checks as lexicon matches ("no weakness in my left leg" gives no side).

Findings are read from the knowledge base: a reading is kept only if the KB
has that finding id and option value (`onset`, `duration`, `side`). A KB
without `onset` simply gets no onset from the time reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Finding ids the readers can fill, when the KB has them.
ONSET, DURATION, SIDE = "onset", "duration", "side"
#: Confidence of an onset inferred only from how long ago something began.
INFERRED = 0.6

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30, "forty": 40,
    "a few": 3, "few": 3, "a couple of": 2, "a couple": 2, "couple of": 2,
    "several": 4, "half an": 0.5, "half a": 0.5, "a number of": 4,
}  # fmt: skip
_HOURS = {
    "second": 1 / 3600, "minute": 1 / 60, "min": 1 / 60, "hour": 1, "hr": 1, "day": 24,
    "night": 24, "week": 168, "fortnight": 336, "month": 730, "year": 8760,
}  # fmt: skip
_NUM = (
    r"(?P<num>\d+(?:\.\d+)?(?:\s*(?:-|to|or)\s*\d+)?|"
    + "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
    + ")"
)
_UNIT = r"(?P<unit>" + "|".join(sorted(_HOURS, key=len, reverse=True)) + r")s?\b"
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_F = re.IGNORECASE

_QUALIFIERS = (
    r"(?:(?:last|past|over|about|around|almost|nearly|roughly|approximately|approx|maybe|perhaps|"
    r"like|some|a\s+good|at\s+least|more\s+than|less\s+than|under|just\s+over|just\s+under|"
    r"going\s+on|going\s+on\s+for|there|there\s+for)\s+)*"
)
#: Up to three words between "for"/"over" and a number, as a synonym's `...` gap would
#: allow: "over the last seven weeks", "for like 8 months", "for what feels like 3 weeks".
_GAP = r"(?:[a-z']+\s+){0,3}?"
# "three days ago", "for 18 months", "over the last few days", "this morning", "since Tuesday".
_AGO = re.compile(rf"\b{_NUM}\s+(?:more\s+)?{_UNIT}\s*(?:ago|back)\b", _F)
#: "a few nights a week" is how often, not how long.
_RATE = r"(?!\s*(?:a|an|per|each|every)\s+(?:day|night|week|fortnight|month|year)\b)"
_FOR = re.compile(
    # "since 2 days" is Indian English for "for 2 days"
    r"\b(?:for|been|past|last|lasted|lasting|since)\s+(?:(?:the|a)\s+)?"
    rf"{_QUALIFIERS}{_NUM}\s+{_UNIT}{_RATE}",
    _F,
)
_FOR_GAP = re.compile(rf"\bfor\s+{_GAP}{_NUM}\s+{_UNIT}", _F)
_FOR_PLURAL = re.compile(
    r"\b(?:for|going\s+on)\s+(?:many\s+|some\s+)?(?P<unit>day|week|month|year)s\b|\bfor\s+ages\b", _F
)
#: A time that ends a pause or an easing, not the illness: "stop and stand for a minute",
#: "it eases off within a few minutes" (matched on the words just before the time).
_PAUSE = re.compile(r"\b(?:stop|stops|stopped|stand|standing|rest|resting|sit|sitting|wait|pause)\s*$", _F)
_EASES = re.compile(
    r"\b(?:goes|eases?|eased|settles?|settled|passes|passed|wears|wore|off|away|better|recovers?)\s*$",
    _F,
)
_OVER = re.compile(
    r"\b(?:over|within|in)\s+(?:the\s+)?(?:(?:course\s+of\s+(?:the\s+)?)?(?:last|past|next|a)\s+)?"
    rf"{_QUALIFIERS}(?:{_NUM}\s+)?{_UNIT}",
    _F,
)
_OVER_GAP = re.compile(rf"\bover\s+{_GAP}{_NUM}\s+{_UNIT}", _F)
# "six months of progressive weakness", "a 3-day history of", "2 weeks' history".
#: "3 hours of broken sleep", "2 hours of gardening": time spent on something, not how long
#: the weakness has lasted.
_SPENT = (
    r"(?:sleep|kip|rest|exercise|walking|running|driving|training|work|working|gardening|football"
    r"|standing|sitting|cycling|dancing|hiking|digging|lifting)"
)
_OF = re.compile(rf"\b{_NUM}[\s-]+{_UNIT}'?\s*(?:of\b(?!\s+(?:\w+\s+)?{_SPENT}\b)|history\b)", _F)
_WHEN = [
    (re.compile(r"\b(?:just\s+now|a\s+moment\s+ago|minutes\s+ago)\b", _F), 0.2),
    (
        re.compile(r"\b(?:this|today)\s+(?:morning|afternoon|evening)\b|\bearlier\s+today\b|\btonight\b", _F),
        6,
    ),
    (re.compile(r"\b(?:last\s+night|overnight|yesterday|since\s+yesterday)\b", _F), 20),
    (re.compile(rf"\b(?:since|on|last)\s+{_DAYS}\b|\b(?:since|at)\s+the\s+weekend\b", _F), 96),
    (re.compile(r"\b(?:since\s+)?last\s+week\b", _F), 24 * 8),
    (re.compile(r"\b(?:since\s+)?last\s+month\b", _F), 24 * 35),
    (re.compile(r"\b(?:since\s+)?last\s+year\b|\bfor\s+ages\b", _F), 24 * 365),
]


@dataclass(frozen=True)
class Reading:
    finding: str
    value: str
    start: int
    end: int
    confidence: float = 1.0


def _number(text: str) -> float:
    text = text.lower().strip()
    if text in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[text])
    return float(re.split(r"\s*(?:-|to|or)\s*", text)[-1])


def _hours(match: re.Match[str]) -> float:
    num = match.groupdict().get("num")
    unit = match.group("unit").lower()
    return (_number(num) if num else 1.0) * _HOURS[unit]


def duration_value(hours: float) -> str:
    if hours < 48:
        return "under_2_days"
    if hours < 14 * 24:
        return "days"
    if hours < 84 * 24:  # 12 weeks
        return "weeks"
    return "months"


def onset_value(hours: float) -> str:
    """How fast it came on, from how long it took to develop (or an upper bound on it)."""
    if hours <= 3:
        return "sudden"
    if hours < 24:  # a whole day ("over the last day") is no longer "a few hours"
        return "hours"
    if hours < 14 * 24:
        return "days"
    if hours < 60 * 24:
        return "weeks"
    return "months"


def _matches(text: str, plain: re.Pattern[str], gapped: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of a plain pattern, and of its gapped form where the plain one found none."""
    found = list(plain.finditer(text))
    taken = [(m.start(), m.end()) for m in found]
    for m in gapped.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found.append(m)
    return found


def read_time(text: str) -> list[Reading]:
    """Onset (how fast) and duration (how long) from time phrases."""
    out: list[Reading] = []

    def elapsed(m: re.Match[str], hours: float) -> None:
        out.append(Reading(DURATION, duration_value(hours), m.start(), m.end()))
        # Only a very recent start says how fast it came ("an hour ago": it came on within
        # the hour). "Since yesterday" says nothing about speed: reading an onset from it
        # would count the same words twice, once as duration and once as onset.
        if onset_value(hours) == "sudden":
            out.append(Reading(ONSET, "sudden", m.start(), m.end(), INFERRED))

    for m in _AGO.finditer(text):
        elapsed(m, _hours(m))
    for m in _OF.finditer(text):
        elapsed(m, _hours(m))
    for m in _matches(text, _FOR, _FOR_GAP):
        if _PAUSE.search(text, 0, m.start()):
            continue  # "stop and stand for a minute": a pause, not how long it has lasted
        out.append(Reading(DURATION, duration_value(_hours(m)), m.start(), m.end()))
    for m in _FOR_PLURAL.finditer(text):
        unit = (m.group("unit") or "year").lower()
        out.append(Reading(DURATION, duration_value(4 * _HOURS[unit]), m.start(), m.end()))
    for m in _matches(text, _OVER, _OVER_GAP):
        unit = m.group("unit").lower()
        if unit == "night" or re.match(r"in\s+\d", m.group(0), _F):
            continue  # "over night", "in 2 weeks" (a plan) are not a speed
        if _EASES.search(text, 0, m.start()):
            continue  # "the pain goes within a couple of minutes": how fast it eases
        # Without a number, "over the past week" is one week and "over weeks" several.
        several = 4 if m.group(0).lower().endswith("s") else 1
        hours = _hours(m) if m.group("num") else _HOURS[unit] * several
        if unit not in ("second", "minute", "min"):
            hours = max(hours, 4.0)  # "over a couple of hours" is not sudden
        out.append(Reading(ONSET, onset_value(hours), m.start(), m.end()))
        out.append(Reading(DURATION, duration_value(hours), m.start(), m.end(), 0.8))
    for pattern, hours in _WHEN:
        for m in pattern.finditer(text):
            elapsed(m, hours)
    return sorted(out, key=lambda r: (r.start, -r.confidence))


_LIMB = r"(?:leg|foot|feet|thigh|knee|calf|calves|ankle|hip|lower\s+limb|toes?|shin)"
_SIDE_PATTERNS = [
    (r"\bboth\s+(?:of\s+)?(?:my\s+|his\s+|her\s+|the\s+)?"
     r"(?:legs|feet|sides|knees|thighs|calves|ankles|lower\s+limbs|hips)\b", "both_legs", 1.0),
    (r"\bbilateral(?:ly)?\b|\beach\s+leg\b", "both_legs", 1.0),
    (r"\b(?:left|right)\s+(?:(?:and|&)\s+(?:left|right)\s+)legs?\b", "both_legs", 1.0),
    (rf"\b(?:left|right)(?:[- ]hand)?(?:[- ]sided)?\s+(?:arm\s+and\s+)?{_LIMB}\b", "one_leg", 1.0),
    (r"\b(?:left|right)[- ]sided\b|\b(?:left|right)\s+side\b|\bunilateral(?:ly)?\b", "one_leg", 0.9),
    (r"\bone\s+(?:of\s+my\s+)?(?:legs?|side|foot)\b", "one_leg", 1.0),
    (r"\bthe\s+other\s+(?:leg|side)\s+is\s+(?:fine|ok|okay|normal|alright)\b", "one_leg", 1.0),
    (r"\b(?:my|his|her|the)\s+legs\b|\blegs\s+(?:are|feel|felt|have|were|keep|went|gave)\b",
     "both_legs", 0.7),
]  # fmt: skip
_SIDE = [(re.compile(p, _F), value, c) for p, value, c in _SIDE_PATTERNS]
# Clinical notes write the side as a capital letter: "R leg", "L calf" (only as written:
# a lower-case "r" or "l" is a typo or a unit, never a side).
_SIDE.append((re.compile(rf"\b[RL]\s+(?:{_LIMB}|buttock|LL)\b", 0), "one_leg", 1.0))


def read_side(text: str) -> list[Reading]:
    """Which legs: one (left, right, one side) or both (both legs, bilateral, "my legs")."""
    out = [
        Reading(SIDE, value, m.start(), m.end(), conf)
        for pattern, value, conf in _SIDE
        for m in pattern.finditer(text)
    ]
    return sorted(out, key=lambda r: (r.start, -r.confidence))


# --- who the patient is -------------------------------------------------------------

_MALE_REL = {"dad", "father", "husband", "son", "brother", "grandfather", "grandad", "granddad",
             "grandpa", "uncle", "boyfriend", "stepfather", "nephew", "grandson", "daddy"}  # fmt: skip
_FEMALE_REL = {"mum", "mom", "mother", "wife", "daughter", "sister", "grandmother", "gran",
               "grandma", "nan", "nana", "aunt", "auntie", "girlfriend", "stepmother", "niece",
               "granddaughter", "mummy", "mam"}  # fmt: skip
_OTHER_REL = {"partner", "friend", "neighbour", "neighbor", "flatmate", "patient", "client", "spouse"}
_RELATIVES = _MALE_REL | _FEMALE_REL | _OTHER_REL
_REL = "|".join(sorted(_RELATIVES, key=len, reverse=True))
_PREAMBLE = (
    r"^\W*(?:(?:hi|hello|hey|please\s+help|help|urgent|dear|sir|madam|doctor|doc|respected|namaste"
    r"|good\s+(?:morning|afternoon|evening))\W+)*"
    r"(?:i\s*(?:'m|am)\s+|im\s+)?"
)
#: The writer says outright that they type for someone else: "writing this for my nan".
_FOR_SOMEONE = (
    r"(?:(?:writing|asking|here|typing|enquiring|worried|concerned|messaging|checking|filling\s+this\s+in)"
    r"(?:\s+(?:this|in|on\s+here|here))?\s+(?:for|about|on\s+behalf\s+of)\s+"
    r"|(?:this\s+is\s+)?(?:for|about|on\s+behalf\s+of)\s+)"
)
_DESCRIBED = r"(?:(?:elderly|old|poor|\d+[- ]?(?:year[- ]old|yo|y/o|yr[- ]old)|\w+-year-old)\s+)?"
_RELATIVE_FIRST = re.compile(
    _PREAMBLE + rf"(?P<for>{_FOR_SOMEONE})?(?:my|our)\s+{_DESCRIBED}(?P<rel>{_REL})(?P<poss>['\u2019]?s)?\b",
    _F,
)
_FAMILY_CUE = re.compile(
    r"\b(?:same|also|too|as\s+well|runs\s+in|family|died|passed\s+away|history\s+of|years\s+ago|"
    r"had\s+(?:a\s+)?(?:stroke|ms|cancer|diabetes)|"
    # a time of the relative's own life: "used a wheelchair from his thirties"
    r"(?:from|in|since)\s+(?:his|her|their)\s+(?:teens|twenties|thirties|forties|fifties|sixties|\d0s)|"
    r"as\s+a\s+(?:child|boy|girl|teenager|young\s+(?:man|woman)))\b",
    _F,
)
_PATIENT_CUE = re.compile(
    r"\b(?:can'?t|cannot|couldn'?t|unable|won'?t|isn'?t\s+able|keeps|kept|fell|collapsed|"
    r"suddenly|today|yesterday|this\s+morning|last\s+night|now|since|ago|is\s+\d+|"
    r"\d+[- ]years?[- ]old|aged\s+\d+|he|she|his|her|him|legs?|weak|numb|"
    r"gone|went|feels?|felt|complain\w*|started|began|"
    # a symptom now, in general words: "my son has chest pain"
    r"pain|hurts?|aches?|sore|swollen|swelling|tingl\w*|dizzy|confused|slurr\w*|droop\w*|"
    r"lopsided|breath\w*|sick|unwell|ill|poorly|fever|temperature|bleeding|fall|falls|"
    r"wet|soiled|drowsy|sleepy|shaking|shaky|fit|seizure)\b",
    _F,
)


#: Family cues that only add ("too", "also"): about the relative's own signs when the text
#: goes on about what she or he has now.
_ADDED = frozenset({"too", "also", "as well"})
_THIRD_PERSON_NOW = re.compile(
    r"\b(?:she|he)(?:'s|\s+is|\s+has|\s+keeps|\s+can'?t|\s+cannot|\s+won'?t)\s+(?:been\s+)?\w+ing\b|"
    r"\b(?:she|he)\s+(?:can'?t|cannot|keeps|is\s+unable)\b",
    _F,
)
_PAST_TENSE = re.compile(r"\b(?:had|used\s+to|was|were)\b", _F)
_NOW = re.compile(
    r"\b(?:can'?t|cannot|unable|now|today|tonight|this\s+(?:morning|afternoon|evening)|last\s+night|"
    r"yesterday|suddenly|since|keeps|is|are|has|have|'s|just|minutes?|hours?)\b",
    _F,
)
#: The relative only reports: "my wife says I ...", "my husband noticed ...".
_REPORTER = re.compile(r"\s*(?:says|said|thinks|thought|noticed|told|tells|reckons|saw|has\s+noticed)\b", _F)
#: The writer speaks of their own body or self: "my leg", "me", "I have".
_WRITER_BODY = re.compile(
    r"\bmy\s+\w+|\bme\b|\bmyself\b|\bi\s+(?:have|feel|felt|can'?t|cannot|got|keep)\b|\bi've\b", _F
)


@dataclass(frozen=True)
class Narrator:
    """Who the text is about: the writer, or a relative the writer speaks for."""

    relative: str | None  # "dad", "mum", ... when a relative is the patient
    sex: str | None  # sex implied by that relative's noun


def read_narrator(text: str) -> Narrator:
    """A text that opens with "my dad ..." and speaks of his symptoms is about the dad.

    Whoever types, the current symptoms of the person being checked are the
    patient's: "writing this for my nan, she can't get up", "my partners mouth
    has gone lopsided", "my son has chest pain". "My father had a stroke at 60"
    is family history instead: a relative named with a family cue (same, runs
    in, died, history of, had a stroke) and no sign of a present problem stays
    someone else, unless the writer said they are typing for that person.
    """
    first = re.split(r"(?<=[.!?;\n])\s", text.strip(), maxsplit=1)[0]
    match = _RELATIVE_FIRST.search(first)
    if not match:
        return Narrator(None, None)
    rest = first[match.end() :]
    if match.group("poss") and re.match(rf"\s+(?:\w+\s+)?(?:{_REL})\b", rest, _F):
        return Narrator(None, None)  # "my mum's brother had ...": the brother, a relative
    typing_for = bool(match.group("for"))
    past_only = bool(_PAST_TENSE.search(rest)) and not _NOW.search(rest)  # "my mother had back pain"
    cue = _FAMILY_CUE.search(rest)
    if cue and cue.group().lower() in _ADDED and _THIRD_PERSON_NOW.search(rest):
        cue = None  # "she's been tripping, and now her hand's gone weak too": more of her signs
    family = cue or past_only
    if not typing_for and (family or not _PATIENT_CUE.search(rest) or _REPORTER.match(rest)):
        return Narrator(None, None)
    if _WRITER_BODY.search(re.sub(rf"\b(?:my|our)\s+(?:{_REL})\b", "", rest, flags=_F)):
        return Narrator(None, None)  # "my husband noticed my leg is weak": the writer is the patient
    rel = match.group("rel").lower()
    sex = "male" if rel in _MALE_REL else "female" if rel in _FEMALE_REL else None
    return Narrator(rel, sex)


_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|me|my|myself)\b", _F)


@dataclass(frozen=True)
class Demographic:
    value: int | str
    start: int
    end: int


_AGE_SELF = [
    r"\bi\s*(?:'m|am)\s+(?:a\s+|an\s+)?(?P<age>\d{1,3})(?!\s*(?:%|kg|lb|st|stone|cm|ft|feet|foot|inch|weeks?|days?|months?|times?|miles?|percent|minutes?|hours?|mg)\b)(?:\s*(?:years?|yrs?|y/?o)\b)?",
    r"\bmy\s+age\s+is\s+(?P<age>\d{1,3})\b",
]
_NOT_AGE_AFTER = (
    r"(?!\s*(?:%|kg|lb|st|stone|cm|ft|feet|weeks?|days?|months?|times?|miles?|minutes?|hours?|mg)\b)"
)
_AGE_ANY = [
    r"\b(?P<age>\d{1,3})\s*[- ]?\s*(?:years?|yrs?|yr)\s*[- ]?\s*old\b",
    r"\b(?P<age>\d{1,3})\s*(?:yo|y/o|y\.o\.)\b",
    r"\baged?\s*:?\s*(?P<age>\d{1,3})\b",
    r"(?<![\d.])\b(?P<age>\d{1,3})\s*(?:yo|year old|years old)?\s*(?:male|female|man|woman|m|f)\b"
    r"(?=\s*(?:with|presents|presenting|,|\.|$))",
    # Clinical shorthand: "72 F c/o ...", "58M PMH ...", "45yo F": a capital M or F glued to an age.
    r"(?<![\d.])(?<!temp )(?<!temperature )\b(?P<age>\d{1,3})\s*(?:yo|y/o|y\.o\.)?\s*(?-i:M|F)\b",
    # The sex first: "F 72, c/o ...", "M58".
    r"(?<![\w/.])(?-i:M|F)\s?(?P<age>\d{1,3})(?![\w.%/°])" + _NOT_AGE_AFTER,
]
_NOT_AGE = r"(?!\s*(?:%|kg|lb|st|stone|cm|ft|feet|weeks?|days?|months?|times?|miles?|minutes?|hours?|mg)\b)"
_AGE_REL = (
    r"\b(?:(?:my|our)\s+{rel}|he|she)\s*(?:'s|is|has\s+just\s+turned|turned|who\s+is)\s+"
    r"(?P<age>\d{{1,3}})\b" + _NOT_AGE
)
_AGE_THIRD = r"\b(?:he|she)\s*(?:'s|is)\s+(?P<age>\d{1,3})\b" + _NOT_AGE


def mask(text: str, ranges: list[tuple[int, int]]) -> str:
    """The text with these character ranges blanked out, offsets unchanged.

    Readers that must not see what another reader has read (an age reader and a
    measured "temp 99 F") read the masked text.
    """
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def read_age(text: str, narrator: Narrator) -> Demographic | None:
    """The patient's age, if the text says it ("I'm 54", "a 58-year-old man", "my dad is 71").

    The writer's own statement ("I'm 54") comes first; an age that names a
    relative who is not the patient ("my 80-year-old mother") is not the patient's.
    """
    if narrator.relative:
        tiers = [[*_AGE_ANY, _AGE_REL.format(rel=re.escape(narrator.relative))]]
    elif _FIRST_PERSON.search(text):
        tiers = [_AGE_SELF, _AGE_ANY]
    else:
        tiers = [[*_AGE_ANY, _AGE_THIRD]]
    others = _RELATIVES - {narrator.relative or ""}
    for patterns in tiers:
        found = []
        for pattern in patterns:
            for m in re.finditer(pattern, text, _F):
                follower = re.match(r"\s*(\w+)", text[m.end() :])
                if follower and follower.group(1).lower() in others:
                    continue
                if 0 < int(m.group("age")) <= 120:
                    found.append(Demographic(int(m.group("age")), m.start(), m.end()))
                    break
        if found:
            return min(found, key=lambda d: d.start)
    return None


_SEX_WORDS = [
    (r"\b(?:man|male|gentleman|guy|boy|mr)\b", "male"),
    (r"\b(?:woman|female|lady|girl|mrs|ms|miss)\b", "female"),
    # Clinical shorthand after an age: "45yo F", "62 y/o M", "70M", "38F".
    (r"(?<![\d.])\d{1,3}\s*(?:yo|y/o|y\.o\.|yr|yrs|years?)?\s*m\b", "male"),
    (r"(?<![\d.])\d{1,3}\s*(?:yo|y/o|y\.o\.|yr|yrs|years?)?\s*f\b", "female"),
    # The sex before the age: "M 58", "F72".
    (r"(?<![\w/.])(?-i:M)\s?\d{1,3}(?![\w.%/°])", "male"),
    (r"(?<![\w/.])(?-i:F)\s?\d{1,3}(?![\w.%/°])", "female"),
]
_SPOUSE = [(r"\bmy\s+(?:wife)\b", "male"), (r"\bmy\s+(?:husband)\b", "female")]
_PRONOUN = [(r"\b(?:he|him|his|himself)\b", "male"), (r"\b(?:she|her|hers|herself)\b", "female")]


def _first(text: str, options: list[tuple[str, str]]) -> Demographic | None:
    hits = [
        Demographic(sex, m.start(), m.end())
        for pattern, sex in options
        for m in [re.search(pattern, text, _F)]
        if m
    ]
    return min(hits, key=lambda d: d.start) if hits else None


def read_sex(text: str, narrator: Narrator) -> Demographic | None:
    """The patient's sex: stated ("a 58-year-old man"), the relative's ("my dad"), or a pronoun."""
    if narrator.relative:
        if narrator.sex:
            # "my husband", "my husband's legs", and the apostrophe left out: "my husbands legs".
            m = re.search(rf"\b{re.escape(narrator.relative)}(?:['\u2019]?s)?\b", text, _F)
            if m is not None:
                return Demographic(narrator.sex, m.start(), m.end())
            return _first(text, _PRONOUN)
        return _first(text, _PRONOUN)
    stated = _first(text, _SEX_WORDS)
    if stated:
        return stated
    if _FIRST_PERSON.search(text):
        return _first(text, _SPOUSE)
    return _first(text, _PRONOUN)


# --- numbers: units of alcohol ----------------------------------------------------
# A measured temperature or blood sugar is a measurement like any other: see
# measurements.py and the knowledge base's measurements.yaml.

HEAVY_ALCOHOL = "alcohol_heavy"
#: More than this many units a week is drinking above the UK low-risk guideline.
UNITS_PER_WEEK = 14

_UNITS = re.compile(
    r"\b(?P<n>\d{1,3})\s*(?:alcohol\s+)?units?\s+(?:of\s+alcohol\s+)?(?:a|per|each|every)\s+(?P<per>week|day)\b",
    _F,
)


def read_numbers(text: str) -> list[Reading]:
    """Weekly alcohol units ("30 units a week", "4 units a day")."""
    out: list[Reading] = []
    for m in _UNITS.finditer(text):
        weekly = int(m.group("n")) * (7 if m.group("per").lower() == "day" else 1)
        heavy = "present" if weekly > UNITS_PER_WEEK else "absent"
        out.append(Reading(HEAVY_ALCOHOL, heavy, m.start(), m.end()))
    return out


# --- the clinical register: shorthand read as the words it stands for ------------------


@dataclass(frozen=True)
class Expanded:
    """A text with its shorthand written out, and the way back to the original offsets."""

    text: str
    #: (original start, original end, expanded start, expanded end) of each replacement.
    pieces: tuple[tuple[int, int, int, int], ...] = ()

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original range of an expanded range; words inside an expansion map to all of it."""
        return self._at(start, is_end=False), self._at(end, is_end=True)

    def _at(self, position: int, is_end: bool) -> int:
        shift = 0
        for old_start, old_end, new_start, new_end in self.pieces:
            if position < new_start or (is_end and position == new_start):
                break
            if position < new_end or (is_end and position == new_end):
                return old_end if is_end else old_start
            shift = old_end - new_end
        return position + shift


def _shorthand_pattern(key: str) -> str:
    """A shorthand as a whole token: no letter, digit or slash glued to its word ends."""
    left = r"(?<![\w/])" if key[0].isalnum() else ""
    right = r"(?![\w/])" if key[-1].isalnum() else ""
    return left + re.escape(key) + right


def _shorthand_regex(
    words: dict[str, str], exact: dict[str, str], durations: dict[str, str]
) -> re.Pattern[str]:
    alternatives = [
        *(f"(?i:{_shorthand_pattern(k)})" for k in sorted(words, key=len, reverse=True)),
        *(_shorthand_pattern(k) for k in sorted(exact, key=len, reverse=True)),
    ]
    if durations:
        units = "|".join(sorted(durations, key=len, reverse=True))
        alternatives.insert(0, rf"(?<![\d/.])(?P<n>\d{{1,2}}(?:\.\d)?)\s?/\s?(?P<per>{units})(?![\d/])")
    return re.compile("|".join(alternatives))


_SHORTHAND_CACHE: dict[int, tuple[object, re.Pattern[str]]] = {}


def expand_shorthand(text: str, rules: object) -> Expanded:
    """ "58M, 3/7 hx bilat LL weakness" -> "58M, for 3 days history bilateral lower limbs weakness".

    `rules` is the `shorthand` of context.yaml (words in any case, exact words, duration
    denominators); a knowledge base without it leaves the text as it is.
    """
    words: dict[str, str] = dict(getattr(rules, "words", {}) or {})
    exact: dict[str, str] = dict(getattr(rules, "exact", {}) or {})
    durations: dict[str, str] = dict(getattr(rules, "durations", {}) or {})
    if not (words or exact or durations):
        return Expanded(text)
    cached = _SHORTHAND_CACHE.get(id(rules))
    if cached is None or cached[0] is not rules:
        cached = _SHORTHAND_CACHE[id(rules)] = (rules, _shorthand_regex(words, exact, durations))
    pattern = cached[1]
    lower = {k.lower(): v for k, v in words.items()}
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    at = length = 0
    for m in pattern.finditer(text):
        n = m.groupdict().get("n")
        if n is not None:
            unit = durations[m.group("per")]
            written = f"for {n} {unit}" + ("" if n == "1" else "s")
        else:
            written = exact.get(m.group(0)) or lower[m.group(0).lower()]
        out.append(text[at : m.start()])
        length += m.start() - at
        pieces.append((m.start(), m.end(), length, length + len(written)))
        out.append(written)
        length += len(written)
        at = m.end()
    if not pieces:
        return Expanded(text)
    out.append(text[at:])
    return Expanded("".join(out), tuple(pieces))
