"""`GET /api/download/<jobId>/<file>?name=…&exp=…&sig=…`: the local runtime's stand-in for S3 presigned URLs.

Serves an optimize job's result file only for an untampered, unexpired HMAC signature (see
`core.adapters.embedded.files`). Local only: in AWS the status answer carries a presigned S3 URL instead, and the
jobs bucket's CORS rule (cdk_app/constructs/data.py) does what `cors_headers` does here.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from core import container
from core.adapters.embedded.files import DOWNLOAD_PREFIX, JOB_FILE_KEY, FileJobFiles
from core.documents.render import CONTENT_TYPES

from .responses import json_error

EXPOSED_HEADERS = "Content-Disposition, Content-Length, Content-Type, ETag"


def cors_headers(request: Request) -> dict[str, str]:
    """A cross-origin client in ALLOWED_ORIGINS may fetch() a download link and read its file name."""
    origin = request.headers.get("origin")
    if not origin or origin not in container.get_settings().allowed_origins:
        return {"Vary": "Origin"}
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSED_HEADERS, "Vary": "Origin"}


async def download(request: Request) -> Response:
    response = _download(request)
    response.headers.update(cors_headers(request))
    return response


def _download(request: Request) -> Response:
    files = container.job_files()
    if not isinstance(files, FileJobFiles):
        return json_error(404, "not_found", "Downloads come from S3 presigned URLs with this storage.")
    key = f"jobs/{request.path_params['jobId']}/{request.path_params['file']}"
    name = request.query_params.get("name", "")
    try:
        expires_at = int(request.query_params.get("exp", ""))
    except ValueError:
        expires_at = 0
    if not JOB_FILE_KEY.match(key) or not files.signer.verify(
        key, name, expires_at, request.query_params.get("sig", "")
    ):
        return json_error(
            403, "forbidden", "This download link is invalid or has expired: check the job status for a new one."
        )
    path = files.path(key)
    if not path.is_file():
        return json_error(404, "not_found", "This file no longer exists (job results are kept for a limited time).")
    extension = path.suffix.lstrip(".")
    return FileResponse(path, media_type=CONTENT_TYPES.get(extension, "application/octet-stream"), filename=name)


DOWNLOAD_ROUTES = [Route(DOWNLOAD_PREFIX + "/{jobId}/{file}", download, methods=["GET", "HEAD"], name="download")]
