"""Fixtures for every tier: an isolated environment per test, and the two storage backends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto import mock_aws

from core import container
from local.provision import Provisioned, provision

# Variables the product reads; none may leak in from the developer's shell.
PRODUCT_ENV_PREFIXES = (
    "AWS_",
    "STORAGE",
    "LOCAL_DEV",
    "DATA_DIR",
    "DDB_",
    "SNAPSHOT_",
    "JOBS_",
    "LLM_",
    "OPENAI_",
    "GROQ_",
    "CHAT_",
    "ALLOWED_ORIGINS",
    "MAX_",
    "HOT_TTL",
    "RETRY_AFTER",
    "IDEMPOTENCY_",
    "POWERTOOLS_",
    "JOB_",
    "OPTIMIZE_",
    "DOWNLOAD_",
    "AI_",
    "AUTH_",
    "COGNITO_",
)

AWS_TEST_ENV = {
    "STORAGE": "aws",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "DDB_TABLE": "test-sessions",
    "IDEMPOTENCY_TABLE": "test-idempotency",
    "SNAPSHOT_BUCKET": "test-snapshots",
    "JOBS_BUCKET": "test-jobs",
}


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in list(os.environ):
        if key.startswith(PRODUCT_ENV_PREFIXES):
            monkeypatch.delenv(key)
    # Never let a test reach a real AWS account, even by mistake.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    container.reset()
    yield
    container.reset()


@pytest.fixture
def embedded_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data_dir = tmp_path / "data"
    monkeypatch.setenv("STORAGE", "embedded")
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    container.reset()
    return data_dir


@pytest.fixture
def moto_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Provisioned]:
    for key, value in AWS_TEST_ENV.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        container.reset()
        created = provision()
        for key, value in created.env().items():
            monkeypatch.setenv(key, value)
        container.reset()
        yield created


@pytest.fixture
def accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts on (AUTH_MODE=cognito): requests carry the claims API Gateway's authorizer verified
    (`tests.helpers.api_event(signed_in=...)`). Combine with a storage fixture (after it)."""
    monkeypatch.setenv("AUTH_MODE", "cognito")
    monkeypatch.setenv("COGNITO_USER_POOL_ID", "us-east-1_TestPool1")
    monkeypatch.setenv("COGNITO_CLIENT_ID", "testclient0123456789abcdef")
    container.reset()


@pytest.fixture(params=["embedded", "aws"])
def any_store(request: pytest.FixtureRequest) -> str:
    """Runs a test once on the embedded adapters and once on the AWS adapters (moto)."""
    request.getfixturevalue("embedded_env" if request.param == "embedded" else "moto_env")
    return str(request.param)
