"""Accounts on (AUTH_MODE=cognito) without AWS: the local runtime verifies moto-server ID tokens against the pool's
keys; the tokens come from the managed login stand-in (tests/oauth_stub.py) through the authorization code flow
with PKCE, as the web app gets them."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.e2e.conftest import AccountsRuntime
from tests.helpers import new_session_id

pytestmark = pytest.mark.e2e


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_params(accounts: AccountsRuntime, challenge: str, state: str) -> dict[str, str]:
    return {
        "client_id": accounts.pool.client_id,
        "redirect_uri": f"{accounts.runtime.base_url}/",
        "response_type": "code",
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "scope": "openid email",
    }


def sign_in(accounts: AccountsRuntime, email: str, password: str) -> tuple[str, str]:
    """Through the managed login as a browser would: the form, then the redirect back; returns (code, verifier)."""
    verifier, challenge = pkce()
    params = authorize_params(accounts, challenge, state="s-123")
    with httpx.Client(base_url=accounts.login.base_url, timeout=10) as browser:
        form = browser.get("/oauth2/authorize", params=params)
        assert form.status_code == 200 and "<form" in form.text
        back = browser.post("/login", data={**params, "email": email, "password": password})
    assert back.status_code == 302, back.text
    location = urlsplit(back.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{accounts.runtime.base_url}/"
    query = parse_qs(location.query)
    assert query["state"] == ["s-123"]
    return query["code"][0], verifier


def exchange(accounts: AccountsRuntime, **form: str) -> httpx.Response:
    return httpx.post(
        f"{accounts.login.base_url}/oauth2/token",
        data={"client_id": accounts.pool.client_id, **form},
        headers={"Origin": accounts.runtime.base_url},
        timeout=10,
    )


def test_signed_out_calls_get_401_and_a_signed_in_person_works(accounts: AccountsRuntime):
    accounts.pool.invite("ada@example.com", "Ada-password-1")
    with httpx.Client(base_url=accounts.runtime.base_url, timeout=10) as api:
        health = api.get("/api/health")
        assert health.status_code == 200
        assert health.json()["auth"] == {
            "mode": "cognito",
            "userPoolId": accounts.pool.pool_id,
            "clientId": accounts.pool.client_id,
            "domain": accounts.login.base_url,
        }
        sid = new_session_id()
        refused = api.put(f"/api/resume/{sid}", json={"text": "Ada Lovelace", "baseVersion": 0})
        assert refused.status_code == 401 and refused.json()["message"] == "Unauthorized"

        code, verifier = sign_in(accounts, "ada@example.com", "Ada-password-1")
        tokens = exchange(
            accounts,
            grant_type="authorization_code",
            code=code,
            redirect_uri=f"{accounts.runtime.base_url}/",
            code_verifier=verifier,
        )
        assert tokens.status_code == 200
        assert tokens.headers["access-control-allow-origin"] == accounts.runtime.base_url
        body = tokens.json()
        assert body["token_type"] == "Bearer" and body["refresh_token"]

        signed_in = {"Authorization": body["id_token"]}
        saved = api.put(f"/api/resume/{sid}", json={"text": "Ada Lovelace", "baseVersion": 0}, headers=signed_in)
        assert saved.status_code == 200
        read = api.get(f"/api/session/{sid}", headers=signed_in)
        assert read.status_code == 200 and read.json()["resume"] == "Ada Lovelace"
        # The access token is not what the API takes (API Gateway's Cognito authorizer takes the ID token).
        assert api.get(f"/api/session/{sid}", headers={"Authorization": body["access_token"]}).status_code == 401

        refreshed = exchange(accounts, grant_type="refresh_token", refresh_token=body["refresh_token"])
        assert refreshed.status_code == 200 and "refresh_token" not in refreshed.json()
        again = api.get(f"/api/session/{sid}", headers={"Authorization": f"Bearer {refreshed.json()['id_token']}"})
        assert again.status_code == 200 and again.json()["resume"] == "Ada Lovelace"


def test_the_managed_login_checks_the_password_pkce_and_one_use_codes(accounts: AccountsRuntime):
    accounts.pool.invite("ada@example.com", "Ada-password-1")
    _, challenge = pkce()
    params = authorize_params(accounts, challenge, state="s")
    wrong = httpx.post(f"{accounts.login.base_url}/login", data={**params, "email": "ada@example.com", "password": "x"})
    assert wrong.status_code == 200 and "Incorrect username or password." in wrong.text
    no_pkce = {k: v for k, v in params.items() if not k.startswith("code_challenge")}
    assert httpx.get(f"{accounts.login.base_url}/oauth2/authorize", params=no_pkce).status_code == 400
    elsewhere = {**params, "redirect_uri": "http://attacker.example/"}
    assert httpx.get(f"{accounts.login.base_url}/oauth2/authorize", params=elsewhere).status_code == 400

    code, verifier = sign_in(accounts, "ada@example.com", "Ada-password-1")
    redirect_uri = f"{accounts.runtime.base_url}/"
    stolen = exchange(
        accounts, grant_type="authorization_code", code=code, redirect_uri=redirect_uri, code_verifier=pkce()[0]
    )
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    code, verifier = sign_in(accounts, "ada@example.com", "Ada-password-1")
    first = exchange(
        accounts, grant_type="authorization_code", code=code, redirect_uri=redirect_uri, code_verifier=verifier
    )
    assert first.status_code == 200
    replayed = exchange(
        accounts, grant_type="authorization_code", code=code, redirect_uri=redirect_uri, code_verifier=verifier
    )
    assert replayed.status_code == 400 and replayed.json()["error"] == "invalid_grant"

    out = httpx.get(
        f"{accounts.login.base_url}/logout",
        params={"client_id": accounts.pool.client_id, "logout_uri": redirect_uri},
    )
    assert out.status_code == 302 and out.headers["location"] == redirect_uri


def signed_in_refresh_token(accounts: AccountsRuntime, email: str, password: str) -> str:
    code, verifier = sign_in(accounts, email, password)
    redirect_uri = f"{accounts.runtime.base_url}/"
    tokens = exchange(
        accounts, grant_type="authorization_code", code=code, redirect_uri=redirect_uri, code_verifier=verifier
    )
    return str(tokens.json()["refresh_token"])


def test_a_revoked_refresh_token_refreshes_nothing_and_other_sign_ins_go_on(accounts: AccountsRuntime):
    accounts.pool.invite("ada@example.com", "Ada-password-1")
    laptop = signed_in_refresh_token(accounts, "ada@example.com", "Ada-password-1")
    phone = signed_in_refresh_token(accounts, "ada@example.com", "Ada-password-1")
    assert exchange(accounts, grant_type="refresh_token", refresh_token=laptop).status_code == 200

    def revoke(**form: str) -> httpx.Response:
        return httpx.post(f"{accounts.login.base_url}/oauth2/revoke", data=form, timeout=10)

    assert revoke(token=laptop, client_id="another-app").json() == {"error": "invalid_client"}
    assert revoke(client_id=accounts.pool.client_id).json() == {"error": "invalid_request"}
    assert exchange(accounts, grant_type="refresh_token", refresh_token=laptop).status_code == 200  # still good

    revoked = revoke(token=laptop, client_id=accounts.pool.client_id)
    assert revoked.status_code == 200 and revoked.content == b""
    refused = exchange(accounts, grant_type="refresh_token", refresh_token=laptop)
    assert refused.status_code == 400 and refused.json() == {"error": "invalid_grant"}
    assert exchange(accounts, grant_type="refresh_token", refresh_token=phone).status_code == 200  # this one only
