"""The local runtime's part of API Gateway's Cognito authorizer (AUTH_MODE=cognito).

In AWS, API Gateway verifies the ID token in the `Authorization` header against the user pool before any function
runs and hands the function its claims (`requestContext.authorizer.claims`, all strings). Locally this module does
the same for every route that is not public: the functions (`core.auth.caller_of`) read the claims either way and
never verify a token themselves.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from core.config import Settings

# A pool's key set is a few keys (about 1 KB each); anything much larger is not a key set.
MAX_JWKS_BYTES = 64 * 1024
JWKS_TIMEOUT_S = 5.0
# A token signed with a key not in the cached set refetches the set (keys rotate) at most this often, so a stream
# of tokens with made-up key ids cannot turn into a stream of requests to the pool.
JWKS_REFETCH_INTERVAL_S = 60.0
# API Gateway's authorizer refuses tokens over about 10 KB; a header this long is not a Cognito token.
MAX_TOKEN_CHARS = 16 * 1024


class InvalidToken(Exception):
    """Missing, malformed, badly signed, expired or meant for someone else: the request answers 401."""


class KeysUnavailable(Exception):
    """The pool's signing keys cannot be read (unreachable, or not a key set): no token can be judged, so the
    request answers 503, never 401 (which would sign the person out)."""


def issuer_of(user_pool_id: str) -> str:
    region = user_pool_id.split("_", 1)[0]  # pool ids start with their region: eu-west-1_AbC123
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"


def fetch_jwks(url: str) -> dict[str, Any]:
    """The key set at `url`, read with a timeout and at most MAX_JWKS_BYTES."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"the key set's address is not http(s): {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - http(s) only
    with urllib.request.urlopen(request, timeout=JWKS_TIMEOUT_S) as response:  # noqa: S310
        raw = response.read(MAX_JWKS_BYTES + 1)
    if len(raw) > MAX_JWKS_BYTES:
        raise ValueError(f"the key set at {url} is over {MAX_JWKS_BYTES} bytes")
    document = json.loads(raw)
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError(f"no key set at {url}")
    return document


class JwksCache:
    """The pool's signing keys: fetched on first use, kept, and fetched again (at most once per interval) when a
    token names a key the cached set does not have."""

    def __init__(
        self,
        url: str,
        fetch: Callable[[str], dict[str, Any]] = fetch_jwks,
        clock: Callable[[], float] = time.monotonic,
        refetch_interval_s: float = JWKS_REFETCH_INTERVAL_S,
    ) -> None:
        self.url = url
        self._fetch = fetch
        self._clock = clock
        self._interval = refetch_interval_s
        self._lock = threading.Lock()
        self._keys: Any = None  # joserfc KeySet
        self._fetched_at = float("-inf")

    def key_set(self, kid: str | None) -> Any:
        """The key set, holding `kid` if the pool has it (after at most one refetch per interval)."""
        from joserfc.errors import JoseError
        from joserfc.jwk import KeySet

        with self._lock:
            known = self._keys is not None and any(key.kid == kid for key in self._keys.keys)
            if not known and self._clock() - self._fetched_at >= self._interval:
                self._fetched_at = self._clock()
                try:
                    self._keys = KeySet.import_key_set(self._fetch(self.url))  # type: ignore[arg-type]
                except (OSError, ValueError, TypeError, KeyError, JoseError) as error:
                    if self._keys is None:
                        raise KeysUnavailable(f"the pool's keys cannot be read: {error}") from error
            if self._keys is None:
                raise KeysUnavailable("the pool's keys cannot be read")
            return self._keys


class CognitoVerifier:
    """Verifies an ID token as API Gateway's Cognito authorizer does: RS256 signature by one of the pool's keys,
    issuer, audience (the app client), token_use "id", expiry and issue time."""

    def __init__(
        self,
        *,
        user_pool_id: str,
        client_id: str,
        jwks: JwksCache,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer_of(user_pool_id)
        self.client_id = client_id
        self.jwks = jwks
        self._clock = clock

    @classmethod
    def from_settings(cls, settings: Settings) -> CognitoVerifier:
        assert settings.cognito_user_pool_id and settings.cognito_client_id  # Settings validates it
        issuer = issuer_of(settings.cognito_user_pool_id)
        url = settings.cognito_jwks_url or f"{issuer}/.well-known/jwks.json"
        return cls(
            user_pool_id=settings.cognito_user_pool_id, client_id=settings.cognito_client_id, jwks=JwksCache(url)
        )

    def claims(self, authorization: str | None) -> dict[str, str]:
        """The verified token's claims as API Gateway passes them on (strings). Raises InvalidToken."""
        from joserfc import jwt
        from joserfc.errors import ClaimError, JoseError

        token = (authorization or "").strip()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        if not token or len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
            raise InvalidToken("no token")
        try:
            header = json.loads(_b64decode(token.split(".", 1)[0]))
            kid = header.get("kid") if isinstance(header, dict) else None
            if not isinstance(kid, str):
                raise InvalidToken("the token names no key")
            decoded = jwt.decode(token, self.jwks.key_set(kid), algorithms=["RS256"])
            registry = jwt.JWTClaimsRegistry(
                now=int(self._clock()),
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.client_id},
                token_use={"essential": True, "value": "id"},
                sub={"essential": True},
                exp={"essential": True},
                iat={"essential": True},
            )
            registry.validate(decoded.claims)
        except ClaimError as error:
            raise InvalidToken(f"claim {error.claim}: {error}") from error
        except (JoseError, ValueError) as error:
            raise InvalidToken(str(error)) from error
        return {name: _claim_text(value) for name, value in decoded.claims.items()}


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _claim_text(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value) if isinstance(value, (list, dict)) else str(value)
