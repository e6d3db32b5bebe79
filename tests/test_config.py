"""Settings: declared once, read from the environment, documented from the declaration."""

from __future__ import annotations

from pathlib import Path

import pytest

from legweak.config import SETTINGS, RateLimit, Settings, default_database_url, settings_markdown
from legweak.errors import ConfigError

ROOT = Path(__file__).parents[1]


def test_the_docs_table_is_generated_from_the_declarations() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    assert settings_markdown() in text, "regenerate it with `legweak settings --markdown`"
    for setting in SETTINGS:
        assert setting.env.startswith("LEGWEAK_") and setting.help


def test_defaults_without_an_environment() -> None:
    settings = Settings.from_env({"XDG_DATA_HOME": "/data"})
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8000, 1)
    assert settings.database_url == "sqlite:////data/legweak/interviews.sqlite3"
    assert settings.kb_dir is None


def test_the_environment_sets_each_value() -> None:
    env = {
        "LEGWEAK_DATABASE_URL": "sqlite:///x.db",
        "LEGWEAK_HOST": "0.0.0.0",
        "LEGWEAK_PORT": "9000",
        "LEGWEAK_WORKERS": "2",
        "LEGWEAK_MAX_BODY_BYTES": "1000",
        "LEGWEAK_RATE_LIMIT": "20/minute",
        "LEGWEAK_KB_DIR": "/kb",
    }
    settings = Settings.from_env(env)
    assert settings == Settings(
        "sqlite:///x.db", "0.0.0.0", 9000, 2, 1000, rate_limit=RateLimit(20, 60), kb_dir=Path("/kb")
    )
    assert settings.replace(port=8001, host=None).port == 8001
    assert settings.replace(port=8001, host=None).host == "0.0.0.0"


@pytest.mark.parametrize(
    "name, value", [("LEGWEAK_PORT", "eighty"), ("LEGWEAK_PORT", "70000"), ("LEGWEAK_WORKERS", "0")]
)
def test_a_bad_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


def test_the_default_database_lives_in_the_home_folder_without_xdg() -> None:
    assert default_database_url({}).endswith("/.local/share/legweak/interviews.sqlite3")


def test_the_access_log_is_on_unless_turned_off() -> None:
    assert Settings.from_env({}).access_log is True
    assert Settings.from_env({"LEGWEAK_ACCESS_LOG": "Off"}).access_log is False
    with pytest.raises(ConfigError, match="LEGWEAK_ACCESS_LOG"):
        Settings.from_env({"LEGWEAK_ACCESS_LOG": "sometimes"})


def test_api_keys_are_the_comma_separated_non_empty_keys() -> None:
    assert Settings.from_env({}).api_keys == frozenset()
    assert Settings.from_env({"LEGWEAK_API_KEYS": " a1, ,b2,a1 ,"}).api_keys == frozenset({"a1", "b2"})


def test_the_emergency_number_names_911_999_and_112_and_cannot_be_empty() -> None:
    default = Settings.from_env({}).emergency_number
    assert all(number in default for number in ("911", "999", "112"))
    assert Settings.from_env({"LEGWEAK_EMERGENCY_NUMBER": "000"}).emergency_number == "000"
    with pytest.raises(ConfigError, match="LEGWEAK_EMERGENCY_NUMBER"):
        Settings.from_env({"LEGWEAK_EMERGENCY_NUMBER": "  "})
