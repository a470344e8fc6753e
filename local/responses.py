"""The API's error shape for answers the local runtime gives itself (not from a handler)."""

from __future__ import annotations

from starlette.responses import JSONResponse


def json_error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)
