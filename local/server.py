"""The local runtime's HTTP app: every /api route from the route table, the SPA, the OpenAPI document."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from core.config import get_settings
from core.routes import ROUTES
from core.routes import Route as ApiRoute

from .auth import CognitoVerifier, InvalidToken, KeysUnavailable
from .background import BackgroundRunner
from .downloads import DOWNLOAD_ROUTES
from .events import BodyTooLarge, http_response, proxy_event, read_body
from .invoker import LambdaInvoker
from .openapi import build_openapi
from .responses import json_error

REPO = Path(__file__).resolve().parent.parent
DIST = REPO / "frontend" / "dist"
# API Gateway refuses payloads over 10 MB before any Lambda runs; so does the local runtime.
MAX_BODY_BYTES = 10 * 1024 * 1024

NOT_BUILT = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Resume Chat</title>
<body style="font-family: system-ui; max-width: 40rem; margin: 4rem auto">
<h1>Resume Chat</h1><p>The API is running, but the web app has not been built yet.</p>
<p>Run <code>make dev</code> (it builds <code>frontend/</code>) or <code>make frontend</code>, then reload.</p>
<p>API health: <a href="/api/health">/api/health</a> · OpenAPI: <a href="/api/openapi.json">/api/openapi.json</a></p>
</body></html>"""


def api_endpoint(
    invoker: LambdaInvoker, route: ApiRoute, verifier: CognitoVerifier | None = None
) -> Callable[[Request], Awaitable[Response]]:
    """One route's endpoint; with a verifier (AUTH_MODE=cognito) it plays API Gateway's Cognito authorizer in front
    of every route that is not public (not on CORS preflights, which API Gateway answers without it)."""
    authorizer = None if route.public else verifier

    async def endpoint(request: Request) -> Response:
        claims = None
        if authorizer is not None and request.method != "OPTIONS":
            try:
                claims = await run_in_threadpool(authorizer.claims, request.headers.get("authorization"))
            except InvalidToken:
                # API Gateway's authorizer answers {"message": "Unauthorized"}: the same message here, in the API's
                # error shape (clients read `error` and `message` from every error).
                return json_error(401, "unauthorized", "Unauthorized")
            except KeysUnavailable:
                answer = json_error(503, "service_unavailable", "Sign-in cannot be checked right now; please retry.")
                answer.headers["Retry-After"] = "5"
                return answer
        try:
            raw = await read_body(request, MAX_BODY_BYTES)
        except BodyTooLarge:
            return json_error(413, "payload_too_large", "Request bodies are limited to 10 MB.")
        event = proxy_event(request, raw, route.path)
        if claims is not None:
            event["requestContext"]["authorizer"] = {"claims": claims}
        result = await run_in_threadpool(invoker.invoke, route.function, event)
        return http_response(result)

    return endpoint


@cache
def openapi_document() -> bytes:
    return json.dumps(build_openapi()).encode("utf-8")


async def openapi(_: Request) -> Response:
    return Response(openapi_document(), media_type="application/json")


async def api_not_found(_: Request) -> Response:
    return json_error(404, "not_found", "No such route.")


async def spa(request: Request) -> Response:
    index = DIST / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT)
    path = request.path_params.get("path", "")
    candidate = (DIST / path).resolve()
    if path and candidate.is_file() and candidate.is_relative_to(DIST.resolve()):
        return FileResponse(candidate)
    # Client-side routes get the app shell; it must never be cached so a new build is picked up.
    return FileResponse(index, headers={"Cache-Control": "no-cache"})


def create_app(extra_routes: list[BaseRoute] | None = None) -> Starlette:
    invoker = LambdaInvoker()
    settings = get_settings()
    verifier = CognitoVerifier.from_settings(settings) if settings.auth_mode == "cognito" else None
    background = BackgroundRunner(invoker)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        background.start()
        try:
            yield
        finally:
            background.stop()

    methods: dict[str, list[str]] = {}
    for route in ROUTES:
        methods.setdefault(route.path, []).append(route.method)
    routes: list[BaseRoute] = [Route("/api/openapi.json", openapi, methods=["GET"])]
    routes += extra_routes or []
    routes += DOWNLOAD_ROUTES
    routes += [
        Route(
            route.path, api_endpoint(invoker, route, verifier), methods=[route.method, "OPTIONS"], name=route.function
        )
        for route in ROUTES
    ]
    routes += [Route("/api/{path:path}", api_not_found, methods=["GET", "PUT", "POST", "DELETE", "PATCH"])]
    if (DIST / "assets").is_dir():
        routes.append(Mount("/assets", app=StaticFiles(directory=DIST / "assets")))
    routes.append(Route("/{path:path}", spa, methods=["GET", "HEAD"]))
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.invoker = invoker
    return app
