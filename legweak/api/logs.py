"""What the server's logs may say: never an interview id whole, never what a person wrote.

The routes log nothing themselves. The one logger that sees a person's data is
uvicorn's: its access line has the request path, and the path holds the
interview id, which is the only key to that interview. A filter shortens any
id-shaped token there (and in uvicorn's error log) to its first six characters,
enough to follow one interview through the log, far too few to open it. Bodies
(free text, answers, results) are never logged by uvicorn below its `trace`
level, which `legweak serve` does not offer.
"""

from __future__ import annotations

import logging
import re

#: Loggers of the server that see request paths.
LOGGERS = ("uvicorn.access", "uvicorn.error", "uvicorn")
#: An interview id (legweak/storage/store.py): 22 URL-safe base64 characters.
_ID = re.compile(r"(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{6})[A-Za-z0-9_-]{16}(?![A-Za-z0-9_-])")
PREFIX_CHARS = 6


def redact(text: str) -> str:
    """Every id-shaped token cut to its first six characters and an ellipsis."""
    return _ID.sub(r"\1…", text)


class RedactIds(logging.Filter):
    """Rewrites a record's message, and its traceback text, with ids cut short."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The arguments are cut one by one and keep their shape: uvicorn's access
        # formatter unpacks them (client, method, path, version, status).
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install() -> None:
    """Add the filter to the server's loggers (once, however many apps a process builds)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactIds) for f in logger.filters):
            logger.addFilter(RedactIds())
