"""Every error a user can meet, each with a message that says what to do.

Adapters map these to their medium: the CLI to exit code 2 and a sentence, the
API to a problem-details response. Nothing here knows about either.

    LegweakError
    ├── KnowledgeBaseError          a knowledge-base file is malformed
    ├── VignetteFileError           a vignette file is malformed
    ├── ConfigError                 a setting (environment variable) has a bad value
    ├── SessionFormatError          a stored interview cannot be read back
    ├── ApiKeyError                 an API key is needed (LEGWEAK_API_KEYS) and none or a wrong one came
    ├── InterviewNotFoundError      no stored interview has that id
    ├── InputError                  input that is not acceptable
    │   ├── UnknownFindingError
    │   ├── UnknownConditionError
    │   ├── UnknownValueError
    │   ├── AgeError
    │   ├── UnderAgeError
    │   ├── SexError
    │   ├── TextError
    │   ├── FhirFormatError         a FHIR resource that is not the shape an operation takes
    │   ├── MissingOpeningItemError a $next-question response without age or sex
    │   ├── UnknownLinkIdError      a response item legweak never asked
    │   └── UnansweredItemError     an earlier question of a $next-question response left blank
    └── InterviewStateError         an action the interview's state does not allow
        ├── StaleAnswerError        an answer to a question that is not the pending one
        ├── InterviewDoneError      an answer after the interview has finished
        ├── InterviewInProgressError  the final result asked for too early
        ├── KnowledgeBaseChangedError  the knowledge base no longer holds a stored answer
        ├── ConcurrentUpdateError   another answer to the same interview won the race
        └── OutOfTurnAnswerError    a $next-question response item that is not the question due then
"""

from __future__ import annotations


class LegweakError(Exception):
    """Base class: the message is written for the person who must act on it."""


class KnowledgeBaseError(LegweakError):
    """A knowledge-base file is malformed or inconsistent; names file, entry and field."""

    def __init__(
        self, file: str, entry: str | None, field: str | None, problem: str, folder: str | None = None
    ) -> None:
        self.file = file
        self.entry = entry
        self.field = field
        self.problem = problem
        self.folder = folder
        where = f"{folder.rstrip('/')}/{file}" if folder else file
        if entry:
            where += f", entry {entry!r}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")


class InputError(LegweakError):
    """Input from a person or a client was not acceptable (bad id, value, age, text)."""


class UnknownFindingError(InputError):
    def __init__(self, finding_id: str, suggestions: list[str] | None = None) -> None:
        self.finding_id = finding_id
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"unknown finding {finding_id!r}.{hint} Run 'legweak kb list' to see every finding id."
        )


class UnknownValueError(InputError):
    def __init__(self, finding_id: str, value: str, allowed: list[str]) -> None:
        self.finding_id = finding_id
        self.value = value
        self.allowed = allowed
        super().__init__(f"{value!r} is not an answer to {finding_id!r}; use one of: {', '.join(allowed)}.")


class UnknownConditionError(InputError):
    def __init__(self, condition_id: str, suggestions: list[str] | None = None) -> None:
        self.condition_id = condition_id
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"unknown condition {condition_id!r}.{hint} Run 'legweak kb list' to see every condition id."
        )


class AgeError(InputError):
    """Age outside 0-120, or not a whole number."""


class UnderAgeError(InputError):
    """legweak is for people aged 16 and over; the message says where a child gets help."""

    def __init__(self, age: int) -> None:
        self.age = age
        super().__init__(
            f"legweak is for people aged 16 and over, and the age given is {age}. "
            "For a child or young teenager with weak legs, speak to a doctor, a nurse "
            "or a children's health line today. If the child cannot stand or walk, has "
            "trouble breathing, or is very drowsy, call emergency services now "
            "(999 in the UK, 911 in the US, 112 in Europe)."
        )


class SexError(InputError):
    def __init__(self, sex: str) -> None:
        super().__init__(f"sex must be 'female' or 'male', not {sex!r}.")


class TextError(InputError):
    """Free text that is empty, too long, or not text."""


class InterviewStateError(LegweakError):
    """An action that the interview's state does not allow (e.g. 'back' at the start)."""


class VignetteFileError(LegweakError):
    """A vignette file is malformed; names the vignette and the field."""


class ConfigError(LegweakError):
    """A setting was given a value it cannot take; names the variable and what it accepts."""


class SessionFormatError(LegweakError):
    """Stored interview data that is not a session this version can read."""


class InterviewNotFoundError(LegweakError):
    def __init__(self, interview_id: str) -> None:
        self.interview_id = interview_id
        super().__init__(
            f"no interview has the id {interview_id!r}. It may have been deleted or purged; "
            "start a new interview."
        )


class StaleAnswerError(InterviewStateError):
    """An answer names a question the interview is not waiting for.

    This is a repeated submit, a second browser tab, or a client that went back
    without saying so. Recording it as "don't know" for the pending question
    could skip a warning-sign screen, so it is refused.
    """

    def __init__(self, question_id: str, pending: str) -> None:
        self.question_id = question_id
        self.pending = pending
        super().__init__(
            f"the answer is for question {question_id!r}, but the interview is waiting for "
            f"{pending!r}. It may have been answered already (a repeated submit or another tab): "
            "fetch the interview again and answer the question it shows."
        )


class InterviewDoneError(InterviewStateError):
    def __init__(self, question_id: str) -> None:
        self.question_id = question_id
        super().__init__(
            f"the interview has finished, so question {question_id!r} cannot be answered; "
            "get the result, or go back to change an answer."
        )


class InterviewInProgressError(InterviewStateError):
    def __init__(self, pending: str) -> None:
        self.pending = pending
        super().__init__(
            f"the interview is still waiting for an answer to {pending!r}; the result is ready "
            "once every question has been answered."
        )


class KnowledgeBaseChangedError(InterviewStateError):
    """The interview began on a knowledge base that no longer holds one of its answers."""

    def __init__(self, old_hash: str, new_hash: str, missing: list[str]) -> None:
        self.old_hash = old_hash
        self.new_hash = new_hash
        self.missing = missing
        super().__init__(
            f"the interview began on knowledge base {old_hash}, and the current one ({new_hash}) no "
            f"longer asks about {', '.join(repr(m) for m in missing)}; please start a new interview."
        )


class ConcurrentUpdateError(InterviewStateError):
    def __init__(self, interview_id: str) -> None:
        self.interview_id = interview_id
        super().__init__(
            f"interview {interview_id!r} was changed by another request at the same time; "
            "fetch it again and answer the question it shows."
        )


class RateLimitedError(LegweakError):
    """Too many interviews started from one client in a short time (LEGWEAK_RATE_LIMIT)."""

    def __init__(self, limit: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"too many interviews were started from this address (the limit is {limit}); "
            f"try again in {retry_after} seconds. If this is an emergency, do not wait: "
            "call emergency services now."
        )


class ApiKeyError(LegweakError):
    """The server is set up with API keys (LEGWEAK_API_KEYS) and the request had no valid one.

    The message never repeats the key that was sent.
    """

    def __init__(self, missing: bool) -> None:
        self.missing = missing
        what = "this request has no API key" if missing else "the API key of this request is not valid"
        super().__init__(
            f"{what}. This server needs one on every /v1 request: send it as 'X-API-Key: KEY' or "
            "'Authorization: Bearer KEY'. Ask whoever runs the server for a key."
        )


class StorageUnavailableError(LegweakError):
    """The interview database cannot be reached (down, restarting, or out of connections)."""

    def __init__(self) -> None:
        super().__init__(
            "the interview database cannot be reached right now, so answers cannot be saved; "
            "nothing was changed. Try again in a minute. If a warning sign is worrying you, "
            "do not wait: get medical help now."
        )


# -- FHIR ($next-question and the resources sent to legweak) -----------------------------


class FhirFormatError(InputError):
    """A FHIR resource sent to legweak is not valid, or not the shape the operation takes.

    `where` is the FHIRPath-like location of the problem, so a developer can find it.
    """

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class MissingOpeningItemError(InputError):
    """A $next-question response that lacks an answer to an opening item (age, sex)."""

    def __init__(self, link_id: str, expected: str) -> None:
        self.link_id = link_id
        super().__init__(
            f"the questionnaire response has no answer to the opening item {link_id!r}; "
            f"answer it with {expected} before asking for the next question."
        )


class UnknownLinkIdError(InputError):
    """A response or contained-questionnaire item whose linkId legweak never asks."""

    def __init__(
        self, link_id: str, where: str, problem: str = "which is not a question legweak asks"
    ) -> None:
        self.link_id = link_id
        super().__init__(
            f"{where} has an item with linkId {link_id!r}, {problem}. "
            "Send back the items of the contained Questionnaire that legweak returned, unchanged."
        )


class UnansweredItemError(InputError):
    """A question in the middle of a $next-question response that has no answer."""

    def __init__(self, link_id: str) -> None:
        self.link_id = link_id
        super().__init__(
            f"question {link_id!r} has no answer, but later questions do. Answer it "
            '("don\'t know" is an answer) or remove the questions after it.'
        )


class OutOfTurnAnswerError(StaleAnswerError):
    """A $next-question item that is not the question the interview asks at that point.

    The contained Questionnaire was edited, reordered, or built on another
    knowledge base; replaying it would record answers against the wrong screens.
    """

    def __init__(self, question_id: str, pending: str) -> None:
        self.question_id = question_id
        self.pending = pending
        InterviewStateError.__init__(
            self,
            f"the questionnaire response answers {question_id!r} where the interview asks {pending!r}. "
            "Send back the contained Questionnaire exactly as legweak returned it, or start again "
            "from the opening items.",
        )


# -- the web app ------------------------------------------------------------------------


class CsrfError(LegweakError):
    """A form was posted without this browser session's token: from another site, or an old page."""

    def __init__(self) -> None:
        super().__init__(
            "this form has expired or did not come from this site. Go back to the start page, "
            "reload it, and send the form again."
        )


class ApiKeyRequiredError(LegweakError):
    """A page or route needs an API key (LEGWEAK_API_KEYS is set) and none, or a wrong one, was given."""

    def __init__(self) -> None:
        super().__init__("this needs an API key: enter one of the keys this service was set up with.")


class ProposerUnavailableError(LegweakError):
    """The semantic proposer's model (the `wordllama` package) cannot be loaded."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"The semantic proposer needs the 'wordllama' package ({problem}). "
            "Install the project again with 'make install'."
        )
