"""The shared resolver: JSON errors for every failure, CORS only for configured origins."""

from core.config import reset_settings
from core.errors import RateLimited
from core.http import make_resolver
from tests.helpers import FakeLambdaContext, api_event


def resolve(app, path: str, origin: str | None = None) -> dict:
    headers = {"Origin": origin} if origin else {}
    return app.resolve(api_event("GET", path, headers=headers), FakeLambdaContext())


def build_app():
    app = make_resolver()

    @app.get("/limited")
    def limited() -> dict:
        raise RateLimited("Slow down.", retry_after=7)

    @app.get("/boom")
    def boom() -> dict:
        raise RuntimeError("resume text must not leak: Jane Doe")

    @app.get("/ok")
    def ok() -> dict:
        return {"fine": True}

    return app


def test_app_errors_carry_status_code_message_and_retry_after():
    out = resolve(build_app(), "/limited")
    assert out["statusCode"] == 429
    assert out["body"] == '{"error":"rate_limited","message":"Slow down."}'
    assert out["multiValueHeaders"]["Retry-After"] == ["7"]


def test_unexpected_errors_are_json_500_without_details():
    out = resolve(build_app(), "/boom")
    assert out["statusCode"] == 500
    assert "Jane" not in out["body"] and '"error":"internal_error"' in out["body"]


def test_cors_headers_only_for_allowed_origins(monkeypatch):
    assert "Access-Control-Allow-Origin" not in resolve(build_app(), "/ok", "https://evil.example")["multiValueHeaders"]
    monkeypatch.setenv("ALLOWED_ORIGINS", "http://localhost:5173,https://app.example")
    reset_settings()
    app = build_app()
    allowed = resolve(app, "/ok", "https://app.example")["multiValueHeaders"]
    assert allowed["Access-Control-Allow-Origin"] == ["https://app.example"]
    assert "Access-Control-Allow-Origin" not in resolve(app, "/ok", "https://evil.example")["multiValueHeaders"]
