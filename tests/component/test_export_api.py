"""export Lambda on both stores: the editor text as a .pdf/.docx/.txt file, read back, behind an expiring download
URL."""

from __future__ import annotations

import io
import re
import time
from datetime import datetime
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from botocore.retries.standard import ExponentialBackoff
from export.handler import lambda_handler as export_api

from core import container
from core.adapters.aws.clients import client
from core.documents.render import DOCX_CONTENT_TYPE
from core.documents.structure import parse_resume
from core.services.export import export_stem
from tests.helpers import aws_error, call

RESUME = """# Jane Doe
Backend engineer who ships reliable services.

## Experience
- Built Python services that processed invoices for every customer
- Cut p99 latency by 40% with a DynamoDB redesign

SKILLS
• Python, AWS Lambda, DynamoDB
"""
# Headers a request may bring: download URLs never follow them (PUBLIC_BASE_URL is the API's origin).
ORIGIN = {"Host": "evil.example", "X-Forwarded-Proto": "javascript"}


@pytest.fixture(autouse=True)
def no_backoff_sleep(monkeypatch):
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)


def export(body=None, **kwargs):
    return call(export_api, "POST", "/api/export", body, headers=ORIGIN, **kwargs)


def key_of(url: str) -> str:
    """The stored object behind a download URL (S3: /jobs/<id>/<file>; local: /api/download/<id>/<file>)."""
    export_id, file_name = urlparse(url).path.split("/")[-2:]
    return f"jobs/{export_id}/{unquote(file_name)}"


def stored_keys(store: str) -> list[str]:
    settings = container.get_settings()
    if store == "aws":
        listed = client("s3").list_objects_v2(Bucket=settings.jobs_bucket)
        return [o["Key"] for o in listed.get("Contents", [])]
    root = settings.data_dir / "jobs"
    return [str(p.relative_to(settings.data_dir)) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_docx_export_has_the_resumes_headings_and_bullets(any_store):
    import docx

    result = export({"text": RESUME, "fileName": "Jane Doe CV.docx"})
    assert result.status == 200, result.body
    assert result.body["fileName"] == "Jane-Doe-CV.docx"
    assert result.body["contentType"] == DOCX_CONTENT_TYPE
    expires = datetime.fromisoformat(result.body["expiresAt"].replace("Z", "+00:00")).timestamp()
    assert abs(expires - (time.time() + 3600)) < 60  # the same 1-hour URL lifetime as optimize results

    key = key_of(result.body["url"])
    assert stored_keys(any_store) == [key]
    data = container.job_files().get(key)
    assert data is not None
    paragraphs = [(p.style.name if p.style else "", p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert paragraphs == [
        ("Title", "Jane Doe"),
        ("Normal", "Backend engineer who ships reliable services."),
        ("Heading 1", "Experience"),
        ("List Bullet", "Built Python services that processed invoices for every customer"),
        ("List Bullet", "Cut p99 latency by 40% with a DynamoDB redesign"),
        ("Heading 1", "Skills"),
        ("List Bullet", "Python, AWS Lambda, DynamoDB"),
    ]


@pytest.mark.parametrize("page_size", ["letter", "a4"])
def test_pdf_export_is_named_after_the_person_and_read_back(any_store, page_size):
    from pypdf import PdfReader

    text = RESUME.replace("Jane Doe", "Zoë Łukasiewicz")
    words = len(re.findall(r"\w+", text))  # markers ("#", "-", "•") are not words
    result = export({"text": text, "format": "pdf", "pageSize": page_size})
    assert result.status == 200, result.body
    assert result.body["fileName"] == "zoe-lukasiewicz-resume.pdf" and result.body["contentType"] == "application/pdf"
    read_back = result.body["readBack"]
    assert read_back["passed"] and read_back["wordsFound"] == read_back["wordsTotal"] == words
    assert read_back["summary"] == f"read-back: passed, {words} of {words} words" and read_back["bullets"] == 3
    data = container.job_files().get(key_of(result.body["url"]))
    assert data is not None
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata.title == "Zoë Łukasiewicz \u2014 Resume"
    assert round(float(reader.pages[0].mediabox.width)) == (612 if page_size == "letter" else 595)
    assert (reader.pages[0].extract_text() or "").splitlines()[0] == "Zoë Łukasiewicz"


@pytest.mark.parametrize(("requested", "extension"), [("word", "docx"), ("text", "txt"), ("PDF", "pdf")])
def test_seed_format_names_are_accepted(embedded_env, requested, extension):
    result = export({"text": RESUME, "format": requested})
    assert result.status == 200, result.body
    assert result.body["fileName"] == f"jane-doe-resume.{extension}"


def test_a_file_that_does_not_read_back_is_not_offered(embedded_env):
    result = export(
        {"text": "# Jane Doe\n## Experience\n- \u0645\u0631\u062d\u0628\u0627 platform work", "format": "pdf"}
    )
    assert result.status == 422 and result.body["error"] == "read_back_failed"
    assert "needs the .docx export" in result.body["message"] and not result.body["readBack"]["passed"]
    assert stored_keys("embedded") == []  # nothing stored, no link handed out


def test_txt_export_is_the_rendered_structure_as_text(any_store):
    result = export({"text": RESUME, "format": "txt"})
    assert result.status == 200, result.body
    assert result.body["fileName"] == "jane-doe-resume.txt"  # from the name on the resume
    assert result.body["contentType"].startswith("text/plain")
    data = container.job_files().get(key_of(result.body["url"]))
    assert data is not None
    assert data.decode("utf-8") == parse_resume(RESUME).to_text()
    assert "- Cut p99 latency by 40% with a DynamoDB redesign\n" in data.decode("utf-8")


def test_each_export_is_a_new_file(any_store):
    first, second = export({"text": RESUME}), export({"text": RESUME})
    assert first.status == second.status == 200
    assert key_of(first.body["url"]) != key_of(second.body["url"])
    assert len(stored_keys(any_store)) == 2


def test_control_characters_that_xml_cannot_hold_do_not_break_the_docx(embedded_env):
    import docx

    result = export({"text": "# Jane\x00 Doe\n- Built\x0b things\x1b people use"})
    assert result.status == 200, result.body
    document = docx.Document(io.BytesIO(container.job_files().get(key_of(result.body["url"])) or b""))
    assert [p.text for p in document.paragraphs] == ["Jane Doe", "Built things people use"]


def test_the_url_is_a_one_hour_s3_presigned_download(moto_env):
    result = export({"text": RESUME, "fileName": "jane"})
    url = urlparse(result.body["url"])
    query = parse_qs(url.query)
    assert "test-jobs" in url.netloc + url.path  # the jobs bucket
    assert query["X-Amz-Expires"] == ["3600"] and query["X-Amz-Signature"]
    assert query["response-content-disposition"] == ['attachment; filename="jane.docx"']
    assert query["response-content-type"] == [DOCX_CONTENT_TYPE]


def test_the_url_is_a_signed_local_download_at_the_configured_origin(embedded_env, monkeypatch):
    assert export({"text": RESUME}).body["url"].startswith("/api/download/")  # no origin configured: relative
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:8123/")
    container.reset()
    result = export({"text": RESUME, "fileName": "jane"})
    url = urlparse(result.body["url"])
    assert f"{url.scheme}://{url.netloc}" == "http://127.0.0.1:8123"  # configured, whatever Host the request bore
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    key = key_of(result.body["url"])
    assert url.path == f"/api/download/{key.removeprefix('jobs/')}"
    files = container.job_files()
    signer = files.signer  # type: ignore[attr-defined]
    assert query["name"] == "jane.docx"
    assert signer.verify(key, query["name"], int(query["exp"]), query["sig"])
    assert not signer.verify(key, "other.docx", int(query["exp"]), query["sig"])
    assert not signer.verify(key, query["name"], int(query["exp"]), query["sig"], now=time.time() + 3601)


@pytest.mark.parametrize(
    ("body", "raw_body", "status_code", "code", "fragment"),
    [
        ({"text": "x" * 1025}, None, 413, "payload_too_large", "limit is 1024 bytes"),
        ({"text": "é" * 513}, None, 413, "payload_too_large", "1026 bytes"),  # counted in UTF-8 bytes
        ({"text": ""}, None, 422, "validation_error", "text"),
        ({"text": " \n\t "}, None, 422, "validation_error", "text"),
        ({"format": "docx"}, None, 422, "validation_error", "text"),
        ({"text": "Jane", "format": "odt"}, None, 422, "validation_error", "format"),
        ({"text": 42}, None, 422, "validation_error", "text"),
        (None, '{"text": "Jane', 400, "bad_request", "not valid JSON"),
        (None, '{"text": "Jane \\ud800"}', 400, "bad_request", "not valid Unicode"),
    ],
)
def test_bad_input_is_a_clear_error_and_stores_nothing(
    any_store, monkeypatch, body, raw_body, status_code, code, fragment
):
    monkeypatch.setenv("MAX_RESUME_BYTES", "1024")
    container.reset()
    result = export(body, raw_body=raw_body)
    assert result.status == status_code, result.body
    assert result.body["error"] == code
    assert fragment in result.body["message"]
    assert stored_keys(any_store) == []


def test_s3_throttling_is_503_with_retry_after_and_a_retry_works(moto_env):
    with aws_error(client("s3"), "PutObject", "SlowDown", status=503) as attempts:
        refused = export({"text": RESUME})
    assert refused.status == 503 and refused.headers["Retry-After"] == "1"
    assert refused.body["error"] == "service_unavailable"
    assert len(attempts) == 3  # the SDK's standard retries ran first
    assert stored_keys("aws") == []
    assert export({"text": RESUME}).status == 200


@pytest.mark.parametrize(
    ("requested", "stem"),
    [
        (None, "resume"),
        ("", "resume"),
        ("Jane Doe CV.docx", "Jane-Doe-CV"),
        ("jane.TXT", "jane"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\jane\\cv final.docx", "cv-final"),
        ("José Müller \u2013 Lebenslauf", "Jose-Muller-Lebenslauf"),
        ("Łukasz Øberg CV", "Lukasz-Oberg-CV"),  # letters NFKD does not decompose
        ("履歴書", "resume"),
        ("...", "resume"),
        ("a" * 300, "a" * 50),
    ],
)
def test_file_names_are_made_safe_for_keys_urls_and_headers(requested, stem):
    assert export_stem(requested) == stem
