"""export λ: POST /api/export — the editor text as a .pdf, .docx or .txt file, read back with the upload extractor,
answered with a download URL and the read-back result."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from core import container
from core.http import api_handler, error_doc, make_resolver
from core.models.export import ExportRequest, ExportResponse

app = make_resolver()


@app.post(
    "/api/export",
    summary="The resume text as a .pdf, .docx (headings, bullets) or .txt file; answers a download URL",
    responses={
        200: {"description": "Exported", "content": {"application/json": {"model": ExportResponse}}},
        400: error_doc("The body is not valid JSON, or the text is not valid Unicode"),
        413: error_doc("Text over the resume limit, more lines or PDF pages than a document can have"),
        422: error_doc("Empty text, a field of the wrong type or value, or a file that did not read back"),
        503: error_doc("Storage busy; retry after Retry-After"),
    },
)
def export(request: Annotated[ExportRequest, Body()]) -> ExportResponse:
    return container.export_service().export(request)


lambda_handler = api_handler(app)
