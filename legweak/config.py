"""Every setting of legweak, declared once: its environment variable, default and help.

Clinical figures are not settings: they live in the knowledge base, where they are
reviewed and hashed. What is here changes where and how legweak runs, never what
it advises. The settings table in docs/settings.md is generated from `SETTINGS`
(`legweak settings --markdown`), and a test keeps the two in step.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from legweak.errors import ConfigError


def default_database_url(env: Mapping[str, str] | None = None) -> str:
    """SQLite in the user's data folder (XDG_DATA_HOME, else ~/.local/share), created on first run."""
    env = os.environ if env is None else env
    base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'legweak' / 'interviews.sqlite3'}"


def _port(raw: str) -> int:
    value = int(raw)
    if not 1 <= value <= 65535:
        raise ValueError("a port is a whole number from 1 to 65535")
    return value


def _positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError("it must be a whole number of 1 or more")
    return value


def _text(raw: str) -> str:
    text = raw.strip()
    if not text:
        raise ValueError("it must not be empty")
    return text


def _on_off(raw: str) -> bool:
    text = raw.strip().lower()
    if text in ("on", "true", "yes", "1"):
        return True
    if text in ("off", "false", "no", "0", ""):
        return False
    raise ValueError("use on or off")


def _path_or_none(raw: str) -> Path | None:
    return Path(raw) if raw else None


def _keys(raw: str) -> frozenset[str]:
    """'k1, k2' -> {'k1', 'k2'}: comma-separated, blanks dropped; empty means no keys are needed."""
    return frozenset(key.strip() for key in raw.split(",") if key.strip())


@dataclass(frozen=True)
class RateLimit:
    """At most `count` new interviews per client in each window of `seconds`."""

    count: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.count}/{_PERIOD_NAMES[self.seconds]}"


_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_PERIOD_NAMES = {v: k for k, v in _PERIODS.items()}


def _rate(raw: str) -> RateLimit | None:
    """'300/hour' -> RateLimit(300, 3600); 'off' -> no limit."""
    text = raw.strip().lower()
    if text in ("off", "none", "0"):
        return None
    count, _, period = text.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in _PERIODS:
        raise ValueError("use N/second, N/minute, N/hour or N/day (for example 300/hour), or off")
    return RateLimit(int(count), _PERIODS[period])


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    #: The default as the environment would spell it ("" for none).
    default: str
    help: str
    parse: Callable[[str], Any]
    #: How the default reads in the docs, when it depends on the machine.
    shown: str | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "LEGWEAK_DATABASE_URL",
        "",
        "Where interviews are stored: an SQLAlchemy URL, `sqlite:///PATH` or "
        "`postgresql+psycopg://USER:PASSWORD@HOST/DB`.",
        str,
        shown="`sqlite:///$XDG_DATA_HOME/legweak/interviews.sqlite3` (`~/.local/share/...` when unset)",
    ),
    Setting("host", "LEGWEAK_HOST", "127.0.0.1", "Address `legweak serve` listens on.", str),
    Setting("port", "LEGWEAK_PORT", "8000", "Port `legweak serve` listens on.", _port),
    Setting(
        "workers", "LEGWEAK_WORKERS", "1", "Worker processes of `legweak serve` (one database).", _positive
    ),
    Setting(
        "max_body_bytes",
        "LEGWEAK_MAX_BODY_BYTES",
        "65536",
        "Largest request body the API accepts; a bigger one gets 413.",
        _positive,
    ),
    Setting(
        "rate_limit",
        "LEGWEAK_RATE_LIMIT",
        "300/hour",
        "Interviews one client (IP address) may start per period: N/second, N/minute, N/hour or "
        "N/day, or `off`. More get 429 with Retry-After. Counted in the database, so every "
        "worker shares it.",
        _rate,
    ),
    Setting(
        "emergency_number",
        "LEGWEAK_EMERGENCY_NUMBER",
        "999 in the UK, 911 in the US, 112 in Europe",
        "The emergency number the web app shows on every page, in words (set it to the number "
        "where you deploy, for example `000 in Australia`).",
        _text,
    ),
    Setting(
        "secret_key",
        "LEGWEAK_SECRET_KEY",
        "",
        "Signs the web app's session cookie. Empty: `legweak serve` makes a random one at start, "
        "shared by its workers, so a restart ends open web sessions. Set it to keep them.",
        str,
        shown="random at each start",
    ),
    Setting(
        "kb_dir",
        "LEGWEAK_KB_DIR",
        "",
        "A knowledge-base folder to use instead of the packaged one (for reviewing a change).",
        _path_or_none,
        shown="the packaged knowledge base",
    ),
    Setting(
        "api_keys",
        "LEGWEAK_API_KEYS",
        "",
        "Comma-separated API keys. When set, every `/v1` route and the web app's clinician view "
        "need one, sent as `X-API-Key: KEY` or `Authorization: Bearer KEY` (401 otherwise; the "
        "clinician view asks once); `/healthz`, `/readyz`, the docs and a person's own pages, "
        "download and delete stay open. Empty: no key is needed.",
        _keys,
        shown="none (no key needed)",
    ),
    Setting(
        "access_log",
        "LEGWEAK_ACCESS_LOG",
        "on",
        "Whether `legweak serve` logs a line per request (client address, method, path with "
        "interview ids cut to six characters, status): `on` or `off`. Errors are logged either way; "
        "`off` saves about 4 % of a worker's CPU under load (docs/load.md).",
        _on_off,
    ),
)


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    max_body_bytes: int = 65536
    rate_limit: RateLimit | None = RateLimit(300, 3600)
    emergency_number: str = "999 in the UK, 911 in the US, 112 in Europe"
    secret_key: str = ""
    kb_dir: Path | None = None
    api_keys: frozenset[str] = frozenset()
    access_log: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from the environment; ConfigError names a variable with a bad value."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env, setting.default)
            try:
                values[setting.name] = setting.parse(raw)
            except ValueError as exc:
                raise ConfigError(f"{setting.env}={raw!r} is not a valid value: {exc}.") from None
        settings = cls(**values)
        if not settings.database_url:
            settings = replace(settings, database_url=default_database_url(env))
        return settings

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed (command-line options win over the environment)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def settings_markdown() -> str:
    """The settings table of docs/settings.md."""
    lines = ["| setting | environment variable | default | what it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = s.shown or f"`{s.default}`"
        lines.append(f"| `{s.name}` | `{s.env}` | {default} | {s.help} |")
    return "\n".join(lines) + "\n"


# Every declared setting is a field, and every field is declared: one list, no drift.
assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)]
