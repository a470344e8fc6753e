"""Export of the editor text: rendered like an optimize result (same structure parser and renderer), stored with
the job files and handed out through the same expiring download URLs."""

from __future__ import annotations

import re

from ..clock import iso_from_ms, now_ms
from ..documents.names import ascii_fold, clean_file_name, resume_file_name
from ..documents.readback import read_back
from ..documents.render import render
from ..documents.structure import parse_resume
from ..ids import log_id, new_uuid4
from ..models.export import ExportRequest, ExportResponse
from ..observability import logger, metrics
from ..ports.jobs import JobFiles
from ..schema import export_key
from .sessions import require_resume_size

DEFAULT_STEM = "resume"
MAX_STEM_CHARS = 50  # with the extension, within the 64 characters a job file name may have
NOT_IN_FILE_NAMES = re.compile(r"[^A-Za-z0-9._-]+")
EXPORT_EXTENSION = re.compile(r"\.(pdf|docx|txt)$", re.IGNORECASE)


def export_stem(file_name: str | None) -> str:
    """A file name stem that is safe in an object key, a URL and a Content-Disposition header."""
    base = EXPORT_EXTENSION.sub("", clean_file_name(ascii_fold(file_name or "")) or "")
    stem = NOT_IN_FILE_NAMES.sub("-", base)[:MAX_STEM_CHARS].strip("-._")
    return stem or DEFAULT_STEM


class ExportService:
    def __init__(self, files: JobFiles, max_text_bytes: int, url_expiry_s: int, base_url: str = "") -> None:
        self._files = files
        self._max_text_bytes = max_text_bytes
        self._url_expiry_s = url_expiry_s
        self._base_url = base_url  # the API's configured origin, never the request's Host header

    def export(self, request: ExportRequest) -> ExportResponse:
        require_resume_size(request.text, self._max_text_bytes)
        structure = parse_resume(request.text)
        rendered = render(structure, request.format, request.pageSize)
        checked = read_back(rendered, structure)
        export_id = new_uuid4()
        if request.fileName:
            file_name = f"{export_stem(request.fileName)}.{rendered.extension}"
        else:
            file_name = resume_file_name(structure.name, rendered.extension)
        key = export_key(export_id, file_name)
        self._files.put(key, rendered.data, rendered.content_type)
        expires_at = iso_from_ms(now_ms() + self._url_expiry_s * 1000)
        url = self._files.download_url(key, file_name, rendered.content_type, self._url_expiry_s, self._base_url)
        logger.info(
            "resume exported",
            extra={"export": log_id(export_id), "format": rendered.extension, "bytes": len(rendered.data)},
        )
        metrics.add_metric(name="ResumeExported", unit="Count", value=1)
        return ExportResponse(
            url=url, fileName=file_name, contentType=rendered.content_type, expiresAt=expires_at, readBack=checked
        )
