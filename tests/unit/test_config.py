from pathlib import Path

import pytest

from core.config import ConfigError, get_settings, reset_settings


def settings_with(monkeypatch: pytest.MonkeyPatch, **env: str):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    reset_settings()
    return get_settings()


def test_defaults_target_aws_so_a_lambda_needs_no_extra_configuration(monkeypatch):
    settings = settings_with(monkeypatch)
    assert settings.storage == "aws"
    assert settings.ddb_table == "Sessions"
    assert settings.max_resume_bytes == 256 * 1024
    assert settings.llm_provider == "writer"


def test_the_offline_engines_old_name_mock_is_still_accepted(monkeypatch):
    assert settings_with(monkeypatch, LLM_PROVIDER="mock").llm_provider == "writer"
    assert settings_with(monkeypatch, LLM_PROVIDER="writer").llm_provider == "writer"


def test_seed_local_dev_flag_selects_the_embedded_store(monkeypatch):
    settings = settings_with(monkeypatch, LOCAL_DEV="1", DATA_DIR="/tmp/x")
    assert settings.storage == "embedded"
    assert settings.data_dir == Path("/tmp/x")
    assert settings.is_local


def test_explicit_storage_wins_over_local_dev(monkeypatch):
    assert settings_with(monkeypatch, LOCAL_DEV="1", STORAGE="aws").storage == "aws"


def test_allowed_origins_are_split_and_trimmed(monkeypatch):
    settings = settings_with(monkeypatch, ALLOWED_ORIGINS=" https://a.example , http://localhost:5173,")
    assert settings.allowed_origins == ("https://a.example", "http://localhost:5173")


@pytest.mark.parametrize("origin", ["javascript://x", "http://a.example/path", "http://a.example?x=1", "a.example"])
def test_the_public_base_url_is_an_http_origin(monkeypatch, origin):
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        settings_with(monkeypatch, PUBLIC_BASE_URL=origin)


def test_the_public_base_url_loses_its_trailing_slash(monkeypatch):
    assert settings_with(monkeypatch, PUBLIC_BASE_URL="https://a.example:8443/").public_base_url == (
        "https://a.example:8443"
    )


def test_invalid_environment_lists_every_problem(monkeypatch):
    with pytest.raises(ConfigError) as raised:
        settings_with(monkeypatch, STORAGE="floppy", MAX_RESUME_BYTES="-5", LLM_PROVIDER="oracle")
    message = str(raised.value)
    assert "STORAGE" in message and "MAX_RESUME_BYTES" in message and "LLM_PROVIDER" in message


def test_settings_are_read_once(monkeypatch):
    first = settings_with(monkeypatch, DDB_TABLE="one")
    monkeypatch.setenv("DDB_TABLE", "two")
    assert get_settings() is first
    assert get_settings().ddb_table == "one"
