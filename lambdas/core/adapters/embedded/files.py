"""Job files (uploads, results) under DATA_DIR, downloaded through HMAC-signed, expiring URLs that the local
runtime serves at `/api/download/<jobId>/<file>` (the stand-in for S3 presigned URLs)."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, urlencode

from .private import open_private, private_dir
from .snapshots import write_atomically

DOWNLOAD_PREFIX = "/api/download"
SECRET_FILE = ".download-signing-key"  # noqa: S105 - a file name, not a secret
JOB_FILE_KEY = re.compile(r"^jobs/(?P<job>[0-9a-f-]{36})/(?P<file>[A-Za-z0-9._-]{1,64})$")


def load_signing_secret(configured: str | None, data_dir: Path) -> bytes:
    """The configured secret, else the one stored in DATA_DIR, else a new random one stored there (0600).

    Generated once per data directory, never committed: URLs keep working across restarts."""
    if configured:
        return configured.encode("utf-8")
    path = data_dir / SECRET_FILE
    private_dir(data_dir)
    if path.is_file():
        return path.read_bytes()
    # Write a candidate, then link it into place: link fails if another process won the race, and nobody ever
    # reads a half-written key.
    candidate = data_dir / f"{SECRET_FILE}.{os.getpid()}.tmp"
    fd = open_private(candidate, os.O_WRONLY | os.O_TRUNC)
    with os.fdopen(fd, "wb") as handle:
        handle.write(os.urandom(32).hex().encode("ascii"))
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(candidate, path)
    except FileExistsError:
        pass
    finally:
        candidate.unlink()
    return path.read_bytes()


class UrlSigner:
    def __init__(self, secret: Callable[[], bytes]) -> None:
        self._load_secret = secret  # read on first use: storing an upload needs no key

    @cached_property
    def _secret(self) -> bytes:
        return self._load_secret()

    def signature(self, key: str, filename: str, expires_at: int) -> str:
        message = f"{key}\n{filename}\n{expires_at}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def verify(self, key: str, filename: str, expires_at: int, signature: str, now: float | None = None) -> bool:
        """True only for an untampered, unexpired URL."""
        if expires_at < (time.time() if now is None else now):
            return False
        return hmac.compare_digest(self.signature(key, filename, expires_at), signature)


class FileJobFiles:
    def __init__(self, root: Path, signer: UrlSigner) -> None:
        self._root = root
        self.signer = signer

    def path(self, key: str) -> Path:
        if not JOB_FILE_KEY.match(key):
            raise ValueError(f"not a job file key: {key!r}")
        return self._root / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        write_atomically(self.path(key), data)

    def get(self, key: str) -> bytes | None:
        path = self.path(key)
        return path.read_bytes() if path.is_file() else None

    def download_url(self, key: str, filename: str, content_type: str, expires_s: int, base_url: str) -> str:
        match = JOB_FILE_KEY.match(key)
        if match is None:
            raise ValueError(f"not a job file key: {key!r}")
        expires_at = int(time.time()) + expires_s
        query = urlencode(
            {"name": filename, "exp": expires_at, "sig": self.signer.signature(key, filename, expires_at)}
        )
        return f"{base_url}{DOWNLOAD_PREFIX}/{match['job']}/{quote(match['file'])}?{query}"
