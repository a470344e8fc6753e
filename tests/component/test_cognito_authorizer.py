"""The local runtime's Cognito authorizer (local/auth.py) against real tokens: moto's cognito-idp signs them with its
pool keys, served here from a loopback HTTP server as a pool's JWKS address serves them."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.utilities.utils import load_resource
from starlette.testclient import TestClient

from local.auth import (
    MAX_JWKS_BYTES,
    CognitoVerifier,
    InvalidToken,
    JwksCache,
    KeysUnavailable,
    fetch_jwks,
    issuer_of,
)
from tests.cognito import Pool
from tests.helpers import new_session_id

MOTO_JWKS: dict[str, Any] = load_resource("cognitoidp/resources/jwks-public.json")


class JsonServer:
    """Serves one document at every path on loopback; counts requests."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/jwks.json"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def jwks_server() -> Iterator[JsonServer]:
    server = JsonServer(json.dumps(MOTO_JWKS).encode())
    yield server
    server.close()


@pytest.fixture
def pool() -> Iterator[Pool]:
    with mock_aws():
        yield Pool.create(boto3.client("cognito-idp", region_name="us-east-1"))


@pytest.fixture
def verifier(pool: Pool, jwks_server: JsonServer) -> CognitoVerifier:
    return CognitoVerifier(user_pool_id=pool.pool_id, client_id=pool.client_id, jwks=JwksCache(jwks_server.url))


def payload_of(token: str) -> dict[str, Any]:
    segment = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))))


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


# ---------------------------------------------------------------- the verifier


def test_a_valid_id_token_gives_its_claims_as_strings(pool, verifier):
    sub = pool.invite("ada@example.com")
    token = pool.sign_in("ada@example.com")["IdToken"]
    claims = verifier.claims(token)
    assert claims["sub"] == sub
    assert claims["email"] == "ada@example.com"
    assert claims["aud"] == pool.client_id and claims["token_use"] == "id"
    assert all(isinstance(value, str) for value in claims.values())
    assert claims["exp"] == str(payload_of(token)["exp"])


def test_a_bearer_prefix_is_accepted(pool, verifier):
    sub = pool.invite("ada@example.com")
    token = pool.sign_in("ada@example.com")["IdToken"]
    assert verifier.claims(f"Bearer {token}")["sub"] == sub


def test_an_expired_token_is_refused(pool, jwks_server):
    pool.invite("ada@example.com")
    token = pool.sign_in("ada@example.com")["IdToken"]
    expiry = payload_of(token)["exp"]
    at = {"now": expiry - 1}
    later = CognitoVerifier(
        user_pool_id=pool.pool_id, client_id=pool.client_id, jwks=JwksCache(jwks_server.url), clock=lambda: at["now"]
    )
    assert later.claims(token)["sub"]  # valid one second before it expires
    at["now"] = expiry
    with pytest.raises(InvalidToken, match="exp"):
        later.claims(token)


def test_a_token_issued_in_the_future_is_refused(pool, jwks_server):
    pool.invite("ada@example.com")
    token = pool.sign_in("ada@example.com")["IdToken"]
    issued = payload_of(token)["iat"]
    early = CognitoVerifier(
        user_pool_id=pool.pool_id, client_id=pool.client_id, jwks=JwksCache(jwks_server.url), clock=lambda: issued - 60
    )
    with pytest.raises(InvalidToken, match="iat"):
        early.claims(token)


def test_a_token_for_another_app_client_is_refused(pool, verifier):
    pool.invite("ada@example.com")
    token = pool.sign_in("ada@example.com", client_id=pool.other_client())["IdToken"]
    with pytest.raises(InvalidToken, match="aud"):
        verifier.claims(token)


def test_a_token_from_another_pool_is_refused_though_signed_with_the_same_keys(pool, verifier):
    # moto signs every pool's tokens with one key: only the issuer tells them apart, as it must.
    other = Pool.create(pool.cognito, name="someone-elses")
    other.invite("ada@example.com")
    token = other.sign_in("ada@example.com")["IdToken"]
    assert payload_of(token)["iss"] == issuer_of(other.pool_id) != issuer_of(pool.pool_id)
    with pytest.raises(InvalidToken, match="iss"):
        CognitoVerifier(user_pool_id=pool.pool_id, client_id=other.client_id, jwks=verifier.jwks).claims(token)


def test_a_tampered_token_is_refused(pool, verifier):
    pool.invite("ada@example.com")
    victim = pool.invite("grace@example.com")
    header, payload, signature = pool.sign_in("ada@example.com")["IdToken"].split(".")
    claims = payload_of(f"{header}.{payload}.{signature}")
    with pytest.raises(InvalidToken, match="signature"):
        verifier.claims(f"{header}.{b64({**claims, 'sub': victim})}.{signature}")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    with pytest.raises(InvalidToken, match="signature"):
        verifier.claims(f"{header}.{payload}.{flipped}")


def test_an_unsigned_token_is_refused(pool, verifier):
    sub = pool.invite("ada@example.com")
    claims = payload_of(pool.sign_in("ada@example.com")["IdToken"])
    with pytest.raises(InvalidToken):
        verifier.claims(f"{b64({'alg': 'none', 'kid': 'dummy'})}.{b64({**claims, 'sub': sub})}.")


def test_an_access_token_is_refused(pool, verifier):
    pool.invite("ada@example.com")
    token = pool.sign_in("ada@example.com")["AccessToken"]
    with pytest.raises(InvalidToken):
        verifier.claims(token)


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Basic YWRhOnB3", "not.a.token", "a.b.c.d"])
def test_a_missing_or_malformed_header_is_refused(verifier, header):
    with pytest.raises(InvalidToken):
        verifier.claims(header)


# ---------------------------------------------------------------- the pool's keys


def test_keys_are_fetched_once_and_kept(pool, verifier, jwks_server):
    pool.invite("ada@example.com")
    assert jwks_server.requests == 0  # lazily: nothing before the first token
    for _ in range(3):
        verifier.claims(pool.sign_in("ada@example.com")["IdToken"])
    assert jwks_server.requests == 1


def test_an_unknown_key_refetches_the_keys_at_most_once_per_interval(pool):
    pool.invite("ada@example.com")
    token = pool.sign_in("ada@example.com")["IdToken"]
    before_rotation = {"keys": [{**key, "kid": "retired"} for key in MOTO_JWKS["keys"]]}
    answers = [before_rotation, MOTO_JWKS]
    fetched: list[str] = []
    now = {"t": 1000.0}

    def fetch(url: str) -> dict[str, Any]:
        fetched.append(url)
        return answers[min(len(fetched), len(answers)) - 1]

    jwks = JwksCache("https://keys.example/jwks.json", fetch=fetch, clock=lambda: now["t"], refetch_interval_s=60)
    verifier = CognitoVerifier(user_pool_id=pool.pool_id, client_id=pool.client_id, jwks=jwks)
    for _ in range(5):  # the pool rotated its key: the cached set does not have it, and is not refetched yet
        with pytest.raises(InvalidToken):
            verifier.claims(token)
    assert len(fetched) == 1
    now["t"] += 60
    assert verifier.claims(token)["token_use"] == "id"  # one refetch after the interval finds the new key
    assert len(fetched) == 2


def test_an_oversized_key_set_is_not_read(jwks_server):
    jwks_server.body = json.dumps({"keys": [], "padding": "x" * MAX_JWKS_BYTES}).encode()
    with pytest.raises(ValueError, match="bytes"):
        fetch_jwks(jwks_server.url)


@pytest.mark.parametrize("body", [b"<html>not keys</html>", b'{"keys": [{"kty": "RSA"}]}', b'{"keys": 7}'])
def test_unreadable_keys_judge_no_token(pool, jwks_server, body):
    # Not "this token is bad" (a 401 signs the person out): nothing can be judged until the keys can be read.
    pool.invite("ada@example.com")
    jwks_server.body = body
    verifier = CognitoVerifier(user_pool_id=pool.pool_id, client_id=pool.client_id, jwks=JwksCache(jwks_server.url))
    with pytest.raises(KeysUnavailable, match="keys"):
        verifier.claims(pool.sign_in("ada@example.com")["IdToken"])


# ---------------------------------------------------------------- the local runtime in front of the functions


@pytest.fixture
def cognito_runtime(embedded_env, pool, jwks_server, monkeypatch) -> TestClient:
    from local.server import create_app

    monkeypatch.setenv("AUTH_MODE", "cognito")
    monkeypatch.setenv("COGNITO_USER_POOL_ID", pool.pool_id)
    monkeypatch.setenv("COGNITO_CLIENT_ID", pool.client_id)
    monkeypatch.setenv("COGNITO_DOMAIN", "https://login.example/")
    monkeypatch.setenv("COGNITO_JWKS_URL", jwks_server.url)
    return TestClient(create_app())  # no lifespan: no background pollers in this test


def record_invocations(client: TestClient) -> list[dict[str, Any]]:
    """The events the runtime hands its functions, from now on."""
    events: list[dict[str, Any]] = []
    invoker = client.app.state.invoker  # type: ignore[attr-defined]
    real_invoke = invoker.invoke

    def invoke(function: str, event: dict[str, Any]) -> dict[str, Any]:
        events.append(event)
        return real_invoke(function, event)

    invoker.invoke = invoke
    return events


def test_a_request_without_a_valid_token_is_refused_before_any_function_runs(cognito_runtime, pool):
    invoked = record_invocations(cognito_runtime)
    sid = new_session_id()
    pool.invite("ada@example.com")
    wrong_audience = pool.sign_in("ada@example.com", client_id=pool.other_client())["IdToken"]
    for headers in ({}, {"Authorization": wrong_audience}, {"Authorization": "Bearer nonsense"}):
        refused = cognito_runtime.put(f"/api/resume/{sid}", json={"text": "Ada", "baseVersion": 0}, headers=headers)
        assert refused.status_code == 401
        assert refused.json() == {"error": "unauthorized", "message": "Unauthorized"}
    assert invoked == []


def test_unreachable_keys_are_a_503_to_retry_not_a_401(cognito_runtime, pool, jwks_server):
    invoked = record_invocations(cognito_runtime)
    pool.invite("ada@example.com")
    jwks_server.body = b"<html>the identity provider is down</html>"
    token = pool.sign_in("ada@example.com")["IdToken"]
    answer = cognito_runtime.get(f"/api/session/{new_session_id()}", headers={"Authorization": token})
    assert (answer.status_code, answer.json()["error"]) == (503, "service_unavailable")
    assert answer.headers["Retry-After"] == "5" and invoked == []


def test_a_signed_in_request_reaches_the_function_with_the_claims(cognito_runtime, pool):
    events = record_invocations(cognito_runtime)
    sub = pool.invite("ada@example.com")
    token = pool.sign_in("ada@example.com")["IdToken"]
    sid = new_session_id()
    saved = cognito_runtime.put(
        f"/api/resume/{sid}", json={"text": "Ada Lovelace", "baseVersion": 0}, headers={"Authorization": token}
    )
    assert saved.status_code == 200
    read = cognito_runtime.get(f"/api/session/{sid}", headers={"Authorization": f"Bearer {token}"})
    assert read.status_code == 200 and read.json()["resume"] == "Ada Lovelace"
    assert [e["requestContext"]["authorizer"]["claims"]["sub"] for e in events] == [sub, sub]


def test_public_routes_and_preflights_need_no_token(cognito_runtime, pool):
    health = cognito_runtime.get("/api/health")
    assert health.status_code == 200
    assert health.json()["auth"] == {
        "mode": "cognito",
        "userPoolId": pool.pool_id,
        "clientId": pool.client_id,
        "domain": "https://login.example",
    }
    # One path, two routes: reading a read-only link is public, revoking it is not.
    share_id = new_session_id()
    assert cognito_runtime.get(f"/api/shared/{share_id}").status_code == 404
    assert cognito_runtime.delete(f"/api/shared/{share_id}").status_code == 401
    preflight = cognito_runtime.options(
        f"/api/resume/{new_session_id()}",
        headers={"Origin": "http://127.0.0.1:5173", "Access-Control-Request-Method": "PUT"},
    )
    assert preflight.status_code != 401


def test_without_accounts_nothing_is_asked_and_health_says_so(embedded_env):
    from local.server import create_app

    client = TestClient(create_app())
    assert client.get("/api/health").json()["auth"] == {"mode": "none"}
    sid = new_session_id()
    assert client.put(f"/api/resume/{sid}", json={"text": "Ada", "baseVersion": 0}).status_code == 200
