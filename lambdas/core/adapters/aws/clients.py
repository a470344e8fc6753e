"""Lazily created boto3 clients with bounded, SDK-managed retries (no hand-written retry loops)."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from ...config import get_settings


@cache
def client(service: str) -> Any:
    settings = get_settings()
    config = Config(
        retries={"mode": "standard", "total_max_attempts": settings.aws_max_attempts},
        connect_timeout=2,
        read_timeout=5,
        tcp_keepalive=True,
        # Presigned S3 URLs with SigV4 (X-Amz-Expires): SigV2 URLs are refused in newer regions.
        signature_version="s3v4" if service == "s3" else None,
    )
    return boto3.session.Session().client(service, endpoint_url=settings.aws_endpoint_url, config=config)


def reset_clients() -> None:
    client.cache_clear()
