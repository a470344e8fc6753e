"""Ports of the optimizer: the job records, the job queue and the job files (uploads and results)."""

from __future__ import annotations

from typing import Protocol

from ..models.jobs import JobRecord


class JobStore(Protocol):
    """Job records with a compare-and-set on their version; the rules of what may be written are the
    lifecycle's (`services/optimize/lifecycle.py`), not the store's."""

    def get(self, job_id: str) -> JobRecord | None: ...

    def put_if_version(self, job: JobRecord, expected_version: int) -> bool:
        """Store `job` whole if the stored job's version is `expected_version` (0: there is none, or it was
        written before jobs had versions); False (nothing written) otherwise."""
        ...

    def list_for_session(self, session_id: str, limit: int) -> list[JobRecord]:
        """Newest first."""
        ...


class JobQueue(Protocol):
    def send(self, job_id: str) -> None: ...

    def retry_later(self, receipt_handle: str, delay_s: int) -> None:
        """Make a received message visible again after `delay_s` (a retry sooner than the visibility timeout)."""
        ...


class JobFiles(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes | None: ...

    def download_url(self, key: str, filename: str, content_type: str, expires_s: int, base_url: str) -> str:
        """A URL anyone holding it can download the file from until it expires. `base_url` is the API's
        configured origin, PUBLIC_BASE_URL (used where the file is served by this app, ignored for S3); empty, the
        URL is relative to the origin the app is served from."""
        ...
