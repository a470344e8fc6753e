"""POST /api/export through the local runtime process: the returned URL downloads a real .docx, on the embedded
store (the runtime's signed /api/download route) and on the AWS adapters (a presigned URL to moto server's S3)."""

from __future__ import annotations

import io

import httpx
import pytest
from docx import Document

from tests.e2e.conftest import AwsRuntime
from tests.e2e.runtime import LocalRuntime

pytestmark = pytest.mark.e2e
RESUME = "# Jane Doe\n## Experience\n- Shipped the billing platform to every customer\n"


def download_export(api: httpx.Client) -> tuple[dict, httpx.Response]:
    exported = api.post("/api/export", json={"text": RESUME, "fileName": "Jane Doe"})
    assert exported.status_code == 200, exported.text
    body = exported.json()
    return body, httpx.get(body["url"], timeout=10)


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in Document(io.BytesIO(data)).paragraphs]


EXPECTED = [("Title", "Jane Doe"), ("Heading 1", "Experience"), ("List Bullet", RESUME.splitlines()[-1][2:])]


def test_export_downloads_through_the_runtimes_signed_url(runtime: LocalRuntime):
    with httpx.Client(base_url=runtime.base_url, timeout=10) as api:
        body, download = download_export(api)
        assert body["url"].startswith(f"{runtime.base_url}/api/download/")
        assert download.status_code == 200
        assert download.headers["content-disposition"] == 'attachment; filename="Jane-Doe.docx"'
        assert paragraphs(download.content) == EXPECTED
        tampered = httpx.get(body["url"].replace("name=Jane-Doe.docx", "name=other.docx"), timeout=10)
        assert tampered.status_code == 403


def test_export_downloads_through_a_presigned_s3_url(aws_runtime: AwsRuntime):
    with httpx.Client(base_url=aws_runtime.runtime.base_url, timeout=10) as api:
        body, download = download_export(api)
        assert body["url"].startswith(f"{aws_runtime.moto.base_url}/e2e-jobs/jobs/")
        assert "X-Amz-Signature" in body["url"]
        assert download.status_code == 200
        assert paragraphs(download.content) == EXPECTED
