from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class RequestModel(BaseModel):
    """Base of every request body: unknown fields are ignored (older and newer clients), but values are taken
    as typed (strict), so `"baseVersion": false` or `"3"` is a 422, not silently read as 0 or 3."""

    model_config = ConfigDict(extra="ignore", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _integral_numbers_are_integers(cls, data: Any) -> Any:
        # JSON Schema's "integer" includes 3.0 (some JSON encoders send that); strict mode alone refuses it.
        if isinstance(data, dict):
            return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in data.items()}
        return data


class ErrorBody(BaseModel):
    """Every error response: a stable code plus a sentence for people. Some errors add fields."""

    model_config = ConfigDict(extra="allow")

    error: str
    message: str


class NoSignIn(BaseModel):
    """Accounts are off (AUTH_MODE=none): nobody signs in."""

    mode: Literal["none"]


class CognitoSignIn(BaseModel):
    """Accounts are on: the web app signs in through the pool's managed login (authorization code + PKCE) and sends
    the ID token on every request to a route that is not public."""

    mode: Literal["cognito"]
    userPoolId: str
    clientId: str
    domain: str | None  # the managed login's origin, e.g. https://<prefix>.auth.<region>.amazoncognito.com


class HealthResponse(BaseModel):
    ok: bool
    ts: int  # epoch milliseconds
    local: bool
    version: str
    auth: Annotated[NoSignIn | CognitoSignIn, Field(discriminator="mode")]
