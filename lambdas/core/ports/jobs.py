"""Ports of the optimizer: the job records, the job queue and the job files (uploads and results)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..models.jobs import JobPatch, JobRecord, JobState


@dataclass(frozen=True)
class Expect:
    """The condition a job write needs; the write does nothing (returns False) when the stored job differs."""

    statuses: tuple[JobState, ...]
    claim_id: str | None = None  # the job must still be owned by this delivery
    deadline_passed_at_ms: int | None = None  # the job's deadline must be at or before this time


@dataclass(frozen=True)
class Claim:
    claim_id: str
    message_id: str
    lease_until_ms: int
    now_ms: int
    now_iso: str


class JobStore(Protocol):
    def create(self, job: JobRecord) -> None:
        """Insert a new job (its id is fresh: an existing one is a bug, not a race)."""
        ...

    def get(self, job_id: str) -> JobRecord | None: ...

    def claim(self, job_id: str, claim: Claim, patch: JobPatch) -> tuple[bool, JobRecord | None]:
        """QUEUED → PROCESSING for this delivery (counting an attempt and writing `patch`), also when it is
        PROCESSING under a lapsed lease or an earlier delivery of the same message. Never past the deadline.
        Returns (claimed, the job as stored now; None when there is no such job)."""
        ...

    def update(self, job_id: str, patch: JobPatch, expect: Expect) -> bool:
        """Write the patch if the job meets `expect`; False (nothing written) otherwise or when it is gone."""
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
