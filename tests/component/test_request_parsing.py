"""Request bodies the API fuzzer found answered with a 500 or wrongly accepted: each is now a clear JSON 4xx.

They are handled once, in `core.http` and `core.models.common`, so every handler gets the same answers; they
fail before any storage call, so the embedded store is enough here."""

from __future__ import annotations

import base64
import json

import pytest
from resume.handler import lambda_handler as resume_api
from snapshot.handler import lambda_handler as snapshot_api

from tests.helpers import FakeLambdaContext, api_event, call, new_session_id


def send(handler, method: str, path: str, raw: str, *, headers=None, base64_encoded: bool = False):
    event = api_event(method, path, raw_body=raw, headers=headers)
    event["isBase64Encoded"] = base64_encoded
    out = handler(event, FakeLambdaContext())
    return out["statusCode"], json.loads(out["body"])


@pytest.mark.parametrize(
    ("raw", "headers", "base64_encoded", "status", "error"),
    [
        # Bytes that are not UTF-8 (the local runtime and API Gateway pass them base64-encoded).
        (base64.b64encode(b"\xff\xfeN\x02").decode(), None, True, 400, "bad_request"),
        # A lone surrogate escape is valid JSON grammar but not text any store can keep.
        ('{"text": "\\ud800"}', None, False, 400, "bad_request"),
        ('{"text": "x"}', {"Content-Type": "text/plain"}, False, 415, "unsupported_media_type"),
        ('{"text": "x"}', {"Content-Type": "multipart/form-data"}, False, 415, "unsupported_media_type"),
        # Powertools took a list's first item as the body.
        ('[{"text": "x"}]', None, False, 422, "validation_error"),
        # Lax coercion read these as versions 0 and 1.
        ('{"text": "x", "baseVersion": false}', None, False, 422, "validation_error"),
        ('{"text": "x", "baseVersion": "1"}', None, False, 422, "validation_error"),
        # Beyond what stores (and JavaScript) hold as a number: DynamoDB rejects it with a ValidationException.
        ('{"text": "x", "baseVersion": 100000000000000000000000000000000000000000000}', None, False, 422, None),
        ('{"text": "x", "baseVersion": 9007199254740992}', None, False, 422, None),
        # Longer than the parser reads (Python's int() refuses 5,000 digits inside the JSON parser: it was a 500),
        # wherever it is: in a field or in a property the schema leaves open.
        ('{"text": "x", "baseVersion": ' + "1" * 5000 + "}", None, False, 400, "bad_request"),
        ('{"text": "x", "extra": [-' + "9" * 5000 + "]}", None, False, 400, "bad_request"),
        ('{"text": "x", "baseVersion": 1e999}', None, False, 400, "bad_request"),
        ('{"text": "x", "baseVersion": 1e-999}', None, False, 400, "bad_request"),  # not 0
        ('{"text": "x", "baseVersion": NaN}', None, False, 400, "bad_request"),
        # Nesting past the parser's recursion limit (a RecursionError inside the parser was a 500).
        ('{"text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}", None, False, 400, "bad_request"),
        ('{"text": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}", None, False, 400, "bad_request"),
    ],
)
def test_unreadable_or_mistyped_bodies_are_client_errors(embedded_env, raw, headers, base64_encoded, status, error):
    code, body = send(
        resume_api, "PUT", f"/api/resume/{new_session_id()}", raw, headers=headers, base64_encoded=base64_encoded
    )
    assert code == status, body
    assert body["message"] and body["error"] == (error or "validation_error")


def test_numbers_in_range_and_ordinary_nesting_are_read(embedded_env):
    sid = new_session_id()
    nested = "[" * 100 + "]" * 100
    assert send(resume_api, "PUT", f"/api/resume/{sid}", f'{{"text": "a", "baseVersion": 0, "x": {nested}}}')[0] == 200
    code, body = send(resume_api, "PUT", f"/api/resume/{sid}", '{"text": "b", "baseVersion": 9007199254740991}')
    assert (code, body["error"]) == (409, "conflict")  # in range: read, and simply not the current version
    long_number = "9" * 4300  # as long as the parser reads: in a property the schema leaves open, it is accepted
    assert send(resume_api, "PUT", f"/api/resume/{sid}", f'{{"text": "c", "x": {long_number}}}')[0] == 200


def test_paired_surrogate_escapes_are_ordinary_text(embedded_env):
    sid = new_session_id()
    code, _ = send(resume_api, "PUT", f"/api/resume/{sid}", '{"text": "ship it \\ud83d\\ude80"}')
    assert code == 200
    assert call(snapshot_api, "POST", f"/api/snapshot/{sid}").status == 200


def test_integral_json_numbers_are_integers(embedded_env):
    sid = new_session_id()
    assert send(resume_api, "PUT", f"/api/resume/{sid}", '{"text": "a", "baseVersion": 0}')[0] == 200
    code, body = send(resume_api, "PUT", f"/api/resume/{sid}", '{"text": "b", "baseVersion": 1.0}')
    assert (code, body["version"]) == (200, 2)
    assert send(resume_api, "PUT", f"/api/resume/{sid}", '{"text": "c", "baseVersion": 2.5}')[0] == 422


def test_optional_body_must_still_be_an_object_or_absent(embedded_env):
    sid = new_session_id()
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "x"})
    assert send(snapshot_api, "POST", f"/api/snapshot/{sid}", "[null, null]")[0] == 422
    assert send(snapshot_api, "POST", f"/api/snapshot/{sid}", "null")[0] == 200
    assert call(snapshot_api, "POST", f"/api/snapshot/{sid}").status == 200
