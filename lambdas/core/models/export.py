"""Export of the editor text as a file: the API contract."""

from __future__ import annotations

from pydantic import BaseModel, Field

from .common import RequestModel
from .jobs import PageSize, ReadBack, RequestedFormat


class ExportRequest(RequestModel):
    text: str = Field(
        min_length=1,
        pattern=r"\S",  # something besides white space: an empty resume has nothing to export
        description="The resume text as in the editor (`# Heading`, `- bullet` lines are understood)",
    )
    format: RequestedFormat = "docx"
    pageSize: PageSize = "letter"
    fileName: str | None = Field(
        None, max_length=255, description="Wanted file name; made safe, extension set (default: from the name)"
    )


class ExportResponse(BaseModel):
    url: str = Field(description="Download URL, valid until expiresAt (S3 presigned, or signed by the local app)")
    fileName: str
    contentType: str
    expiresAt: str  # ISO-8601 UTC
    readBack: ReadBack = Field(description="The file read again with the upload extractor before it was offered")
