from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

from tests.cognito import Pool
from tests.e2e.runtime import AWS_LOCAL_ENV, LocalRuntime, MotoServer, provision_aws
from tests.oauth_stub import ManagedLogin


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[LocalRuntime]:
    server = LocalRuntime(log_path=tmp_path / "runtime.log", env={"DATA_DIR": str(tmp_path / "data")})
    server.start()
    yield server
    server.stop()


@dataclass
class AwsRuntime:
    runtime: LocalRuntime
    moto: MotoServer


@pytest.fixture
def aws_runtime(tmp_path: Path) -> Iterator[AwsRuntime]:
    """The local runtime on the AWS adapters, against moto server provisioned by `python -m local.provision`."""
    moto = MotoServer(log_path=tmp_path / "moto.log").start()
    try:
        runtime = LocalRuntime(
            log_path=tmp_path / "runtime.log", env={**provision_aws(moto.base_url), "DATA_DIR": str(tmp_path / "data")}
        )
        runtime.start()
        try:
            yield AwsRuntime(runtime, moto)
        finally:
            runtime.stop()
    finally:
        moto.stop()


@dataclass
class AccountsRuntime:
    """The local runtime with accounts on (AUTH_MODE=cognito): a moto-server user pool, its managed login (the
    OAuth stub) and the runtime verifying ID tokens against the pool's keys, served by moto server."""

    runtime: LocalRuntime
    moto: MotoServer
    pool: Pool
    login: ManagedLogin


@pytest.fixture
def accounts(tmp_path: Path) -> Iterator[AccountsRuntime]:
    moto = MotoServer(log_path=tmp_path / "moto.log").start()
    login: ManagedLogin | None = None
    try:
        cognito = boto3.client(
            "cognito-idp",
            endpoint_url=moto.base_url,
            region_name=AWS_LOCAL_ENV["AWS_DEFAULT_REGION"],
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        pool = Pool.create(cognito)
        login = ManagedLogin(pool).start()
        runtime = LocalRuntime(
            log_path=tmp_path / "runtime.log",
            env={
                "DATA_DIR": str(tmp_path / "data"),
                "AUTH_MODE": "cognito",
                "COGNITO_USER_POOL_ID": pool.pool_id,
                "COGNITO_CLIENT_ID": pool.client_id,
                "COGNITO_DOMAIN": login.base_url,
                "COGNITO_JWKS_URL": f"{moto.base_url}/{pool.pool_id}/.well-known/jwks.json",
            },
        )
        login.callback_urls.add(f"{runtime.base_url}/")
        runtime.start()
        try:
            yield AccountsRuntime(runtime, moto, pool, login)
        finally:
            runtime.stop()
    finally:
        if login:
            login.stop()
        moto.stop()
