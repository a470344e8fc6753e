"""Cognito's managed login, as far as the web app uses it, on loopback for tests: the authorization code flow with
PKCE (S256), the refresh token grant, revocation and sign-out. The tokens are moto's real signed tokens (cognito-idp
`initiate_auth` on the pool), so the local runtime verifies them against the pool's keys as API Gateway would.

    /oauth2/authorize  a sign-in form (email + password), then a redirect to redirect_uri with ?code=&state=
    /oauth2/token      authorization_code (PKCE checked) and refresh_token grants, answered as Cognito answers
    /oauth2/revoke     revokes a refresh token (RFC 7009): the refresh grant refuses it from then on
    /logout            a redirect to logout_uri

moto (5.2.5) has no RevokeToken, and its global sign-out would end every device's sign-in; so the stand-in keeps
the refresh tokens revoked here and its refresh grant refuses them before asking the pool, as Cognito refuses them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.cognito import Pool

MAX_FORM_BYTES = 16 * 1024


@dataclass
class Grant:
    """An authorization code: what the token endpoint checks it against, and the tokens it is exchanged for."""

    client_id: str
    redirect_uri: str
    code_challenge: str
    tokens: dict[str, Any]


@dataclass
class ManagedLogin:
    pool: Pool
    # Where the app client may send people back to (Cognito's callback and sign-out URLs).
    callback_urls: set[str] = field(default_factory=set)
    grants: dict[str, Grant] = field(default_factory=dict)
    sign_ins: list[str] = field(default_factory=list)  # emails, in order
    refreshes: int = 0
    revoked: set[str] = field(default_factory=set)  # refresh tokens
    _httpd: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> ManagedLogin:
        login = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                login._get(self)

            def do_POST(self) -> None:
                login._post(self)

            def do_OPTIONS(self) -> None:
                _answer(self, 204, b"", "text/plain")

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    # ---------------------------------------------------------------- endpoints

    def _get(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path == "/oauth2/authorize":
            problem = self._authorize_problem(query)
            if problem:
                _answer(request, 400, _page(f"<p role='alert'>{html.escape(problem)}</p>"))
            else:
                _answer(request, 200, _login_form(query))
        elif url.path == "/logout":
            if query.get("client_id") != self.pool.client_id or query.get("logout_uri") not in self.callback_urls:
                _answer(request, 400, _page("<p role='alert'>Sign-out needs this app's client_id and logout_uri.</p>"))
            else:
                _redirect(request, query["logout_uri"])
        else:
            _answer(request, 404, _page("<p>Not found</p>"))

    def _post(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        if length > MAX_FORM_BYTES:
            _answer(request, 413, _json({"error": "invalid_request"}), "application/json")
            return
        form = {k: v[-1] for k, v in parse_qs(request.rfile.read(length).decode()).items()}
        path = urlsplit(request.path).path
        if path == "/login":
            self._login(request, form)
        elif path == "/oauth2/token":
            status, body = self._token(form)
            _answer(request, status, _json(body), "application/json")
        elif path == "/oauth2/revoke":
            status, answer = self._revoke(form)
            _answer(request, status, answer, "application/json")
        else:
            _answer(request, 404, _page("<p>Not found</p>"))

    def _authorize_problem(self, query: dict[str, str]) -> str | None:
        if query.get("client_id") != self.pool.client_id:
            return "Unknown client_id."
        if query.get("redirect_uri") not in self.callback_urls:
            return "redirect_uri is not one of the app client's callback URLs."
        if query.get("response_type") != "code":
            return "Only response_type=code is allowed."
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return "PKCE with S256 is required."
        return None

    def _login(self, request: BaseHTTPRequestHandler, form: dict[str, str]) -> None:
        problem = self._authorize_problem(form)
        if problem:
            _answer(request, 400, _page(f"<p role='alert'>{html.escape(problem)}</p>"))
            return
        try:
            tokens = self.pool.sign_in(form.get("email", ""), form.get("password", ""))
        except self.pool.cognito.exceptions.NotAuthorizedException:
            _answer(request, 200, _login_form(form, "Incorrect username or password."))
            return
        except self.pool.cognito.exceptions.UserNotFoundException:
            _answer(request, 200, _login_form(form, "Incorrect username or password."))
            return
        code = secrets.token_urlsafe(24)
        self.grants[code] = Grant(form["client_id"], form["redirect_uri"], form["code_challenge"], tokens)
        self.sign_ins.append(form.get("email", ""))
        back = {"code": code, **({"state": form["state"]} if form.get("state") else {})}
        _redirect(request, f"{form['redirect_uri']}?{urlencode(back)}")

    def _token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if form.get("client_id") != self.pool.client_id:
            return 400, {"error": "invalid_client"}
        if form.get("grant_type") == "authorization_code":
            grant = self.grants.pop(form.get("code", ""), None)  # a code is good once
            verifier = form.get("code_verifier", "")
            if (
                grant is None
                or grant.client_id != form["client_id"]
                or grant.redirect_uri != form.get("redirect_uri")
                or _s256(verifier) != grant.code_challenge
            ):
                return 400, {"error": "invalid_grant"}
            tokens = grant.tokens
            return 200, {
                "id_token": tokens["IdToken"],
                "access_token": tokens["AccessToken"],
                "refresh_token": tokens["RefreshToken"],
                "expires_in": tokens["ExpiresIn"],
                "token_type": "Bearer",
            }
        if form.get("grant_type") == "refresh_token":
            if form.get("refresh_token") in self.revoked:
                return 400, {"error": "invalid_grant"}
            try:
                tokens = self.pool.refresh(form.get("refresh_token", ""))
            except self.pool.cognito.exceptions.NotAuthorizedException:
                return 400, {"error": "invalid_grant"}
            self.refreshes += 1
            # As Cognito: no new refresh token (the one sent stays good).
            return 200, {
                "id_token": tokens["IdToken"],
                "access_token": tokens["AccessToken"],
                "expires_in": tokens["ExpiresIn"],
                "token_type": "Bearer",
            }
        return 400, {"error": "unsupported_grant_type"}

    def _revoke(self, form: dict[str, str]) -> tuple[int, bytes]:
        """As Cognito answers: 200 with an empty body, for a token it does not know too (RFC 7009 2.2)."""
        if form.get("client_id") != self.pool.client_id:
            return 400, _json({"error": "invalid_client"})
        if not form.get("token"):
            return 400, _json({"error": "invalid_request"})
        self.revoked.add(form["token"])
        return 200, b""


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


def _page(content: str) -> bytes:
    head = "<!doctype html><html lang='en'><meta charset='utf-8'><title>Sign in</title>"
    return f"{head}<body>{content}</body></html>".encode()


PASSED_ON = ("client_id", "redirect_uri", "response_type", "state", "code_challenge", "code_challenge_method", "scope")


def _login_form(query: dict[str, str], problem: str | None = None) -> bytes:
    hidden = "".join(
        f"<input type='hidden' name='{name}' value='{html.escape(query[name], quote=True)}'>"
        for name in PASSED_ON
        if name in query
    )
    alert = f"<p role='alert'>{html.escape(problem)}</p>" if problem else ""
    return _page(
        f"<h1>Sign in</h1>{alert}<form method='post' action='/login'>{hidden}"
        "<label>Email <input name='email' type='email' autocomplete='username'></label>"
        "<label>Password <input name='password' type='password' autocomplete='current-password'></label>"
        "<button type='submit'>Sign in</button></form>"
    )


def _answer(request: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/html") -> None:
    request.send_response(status)
    request.send_header("Content-Type", f"{content_type}; charset=utf-8")
    request.send_header("Content-Length", str(len(body)))
    request.send_header("Cache-Control", "no-store")
    # The token endpoint is called from the web app's origin (Cognito's answers carry CORS headers too).
    origin = request.headers.get("Origin")
    if origin:
        request.send_header("Access-Control-Allow-Origin", origin)
        request.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
        request.send_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization")
    request.end_headers()
    request.wfile.write(body)


def _redirect(request: BaseHTTPRequestHandler, location: str) -> None:
    request.send_response(302)
    request.send_header("Location", location)
    request.send_header("Content-Length", "0")
    request.end_headers()
