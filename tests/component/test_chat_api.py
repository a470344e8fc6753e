"""chat handler through its Lambda entry point, on moto and on the embedded store; providers real or scripted."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from chat.handler import lambda_handler as chat_api
from resume.handler import lambda_handler as resume_api
from session.handler import lambda_handler as session_api

from core import container
from core.adapters.aws.clients import client
from core.adapters.embedded.ratelimit import EmbeddedRateLimiter
from core.config import get_settings
from core.schema import RATE_LIMIT_ITEM_PREFIX, RATE_LIMIT_PARTITION_PREFIX
from tests.fake_openai import FakeOpenAI, Step, completion, error, fake_openai, json_completion  # noqa: F401
from tests.helpers import at_once, aws_error, call, new_session_id

BULLET = "Responsible for helping the team with various data pipeline tasks that improved reporting speed by 40%"
RESUME = f"Jane Doe\njane@example.com\nExperience\n- {BULLET}\n- Helped build a dashboard for the sales team"


def new_session_with_resume(text: str = RESUME) -> str:
    sid = new_session_id()
    assert call(resume_api, "PUT", f"/api/resume/{sid}", {"text": text}).status == 200
    return sid


def history(sid: str) -> list[dict[str, Any]]:
    got = call(session_api, "GET", f"/api/session/{sid}")
    assert got.status == 200
    return list(got.body["chat"])


@contextmanager
def captured_params(operation: str) -> Iterator[list[dict[str, Any]]]:
    """The parameters of every DynamoDB `operation` call made inside the block."""
    seen: list[dict[str, Any]] = []

    def capture(params: dict[str, Any], **_: Any) -> None:
        seen.append(params)

    events = client("dynamodb").meta.events
    events.register(f"provide-client-params.dynamodb.{operation}", capture)
    try:
        yield seen
    finally:
        events.unregister(f"provide-client-params.dynamodb.{operation}", capture)


def use_fake_openai(monkeypatch: pytest.MonkeyPatch, fake: FakeOpenAI, **env: str) -> None:
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key")
    monkeypatch.setenv("LLM_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("LLM_MAX_RETRIES", "1")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    container.reset()


# ------------------------------------------------------------------------------------------------ contract


def test_seed_client_sends_session_and_message_and_reads_assistant_message(any_store):
    sid = new_session_with_resume()
    result = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "Which bullets are weak?"})
    assert result.status == 200
    body = result.body
    assert set(body) == {"assistantMessage", "text", "messageId", "suggestions", "flags", "action"}
    assert body["action"] == "chat" and body["flags"] == []
    assert '"Responsible for helping the team' in body["assistantMessage"]
    # The suggestions are listed under the reply too, so a seed client that reads only assistantMessage sees them.
    assert body["suggestions"] and all(f"- {s['text']}" in body["assistantMessage"] for s in body["suggestions"])

    user, assistant = history(sid)
    assert (user["role"], user["text"], user["action"]) == ("user", "Which bullets are weak?", "chat")
    # The history keeps the reply and its suggestions apart: as data, each with the line it replaces.
    assert (assistant["role"], assistant["id"], assistant["suggestions"]) == (
        "assistant",
        body["messageId"],
        body["suggestions"],
    )
    assert assistant["text"] == body["text"] and body["assistantMessage"].startswith(body["text"])
    assert user["ts"] < assistant["ts"]


def test_each_suggestion_names_the_line_it_replaces_and_the_history_keeps_it(any_store):
    sid = new_session_with_resume()
    other = "Helped build a dashboard for the sales team"
    result = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "action": "rephrase", "selection": "dashboard"})
    assert result.status == 200 and result.body["suggestions"]
    # The line, found from part of it: its number in the resume and its whole text.
    assert {json.dumps(s["target"]) for s in result.body["suggestions"]} == {json.dumps({"line": 4, "text": other})}
    assert history(sid)[-1]["suggestions"] == result.body["suggestions"]


def test_a_review_targets_each_rewrite_at_its_own_bullet(any_store):
    sid = new_session_with_resume()
    body = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "Which bullets are weak?"}).body
    lines = RESUME.split("\n")
    for suggestion in body["suggestions"]:
        target = suggestion["target"]
        assert lines[target["line"]] == f"- {target['text']}"
    assert len({s["target"]["line"] for s in body["suggestions"]}) == len(body["suggestions"]) > 1


@pytest.mark.parametrize("action", ["rephrase", "shorten", "quantify", "star"])
def test_bullet_actions_return_suggestions_and_store_the_short_request(any_store, action):
    sid = new_session_with_resume()
    result = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "action": action, "selection": BULLET})
    assert result.status == 200
    assert 1 <= len(result.body["suggestions"]) <= 3 and result.body["action"] == action
    user, _ = history(sid)
    label = {"rephrase": "Rephrase", "shorten": "Shorten", "quantify": "Quantify", "star": "STAR"}[action]
    assert user["text"] == f"{label}: {BULLET}" and user["action"] == action


def test_history_reads_in_order_across_turns(any_store):
    sid = new_session_with_resume()
    asked = ["hello", "Which bullets are weak?", "What sections am I missing?"]
    for message in asked:
        assert call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": message}).status == 200
    chat = history(sid)
    assert [m["role"] for m in chat] == ["user", "assistant"] * 3
    assert [m["text"] for m in chat if m["role"] == "user"] == asked
    assert len({m["id"] for m in chat}) == 6


def test_question_and_answer_in_the_same_millisecond_both_stay_in_order(any_store, monkeypatch):
    sid = new_session_with_resume()
    monkeypatch.setattr("core.services.chat.now_ms", lambda: 1_800_000_000_000)
    assert call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "hello"}).status == 200
    user, assistant = history(sid)
    assert (user["role"], assistant["role"]) == ("user", "assistant")
    assert user["id"] != assistant["id"]


def test_status_names_the_mock_and_needs_no_key(any_store):
    result = call(chat_api, "GET", "/api/llm/status")
    assert result.status == 200
    assert result.body["provider"] == "writer" and result.body["ready"] is True
    assert result.body["keyConfigured"] is False and result.body["promptVersion"]


def test_status_says_whether_a_key_is_set_but_never_shows_it(embedded_env, monkeypatch):
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_MODEL", "gpt-test")
    container.reset()
    missing = call(chat_api, "GET", "/api/llm/status").body
    assert (missing["provider"], missing["model"], missing["keyConfigured"], missing["ready"]) == (
        "openai",
        "gpt-test",
        False,
        False,
    )
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    container.reset()
    result = call(chat_api, "GET", "/api/llm/status")
    assert result.body["keyConfigured"] is True and result.body["ready"] is True
    assert "sk-very-secret" not in json.dumps(result.body)


# ------------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"sessionId": "not-a-uuid", "message": "hi"}, 400, "bad_request"),
        ({"message": "hi"}, 422, "validation_error"),
        ({"sessionId": "SID", "message": "   "}, 422, "unprocessable"),
        ({"sessionId": "SID", "message": "", "action": "chat"}, 422, "unprocessable"),
        ({"sessionId": "SID", "action": "rephrase"}, 422, "unprocessable"),
        ({"sessionId": "SID", "action": "shorten", "selection": "  "}, 422, "unprocessable"),
        ({"sessionId": "SID", "action": "translate", "selection": BULLET}, 422, "validation_error"),
        ({"sessionId": "SID", "message": "x" * 2001}, 413, "payload_too_large"),
        ({"sessionId": "SID", "action": "star", "selection": "y" * 2001}, 413, "payload_too_large"),
    ],
    ids=["bad-id", "no-id", "blank", "empty", "no-selection", "blank-selection", "bad-action", "long-msg", "long-sel"],
)
def test_bad_input_is_a_clear_json_error_and_stores_nothing(any_store, body, status, code):
    sid = new_session_with_resume()
    body = {k: (sid if v == "SID" else v) for k, v in body.items()}
    result = call(chat_api, "POST", "/api/chat", body)
    assert result.status == status
    assert result.body["error"] == code and result.body["message"]
    assert history(sid) == []


def test_body_that_is_not_json_is_400(any_store):
    result = call(chat_api, "POST", "/api/chat", raw_body="{not json")
    assert result.status == 400 and result.body["error"] == "bad_request"


# ------------------------------------------------------------------------------------------------ rate limit


def test_rate_limit_is_429_with_retry_after_per_caller_whatever_the_session(any_store, monkeypatch):
    monkeypatch.setenv("CHAT_RATE_LIMIT", "3")
    container.reset()
    sid, fresh = new_session_with_resume(), new_session_with_resume()
    for _ in range(3):
        assert call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "hello"}).status == 200
    # A fresh session id does not start a fresh count: the caller is counted.
    limited = call(chat_api, "POST", "/api/chat", {"sessionId": fresh, "message": "hello"})
    assert limited.status == 429 and limited.body["error"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= get_settings().chat_rate_window_s
    assert len(history(sid)) == 6 and history(fresh) == []  # the refused request stored nothing
    another_address = call(chat_api, "POST", "/api/chat", {"sessionId": fresh, "message": "hi"}, source_ip="192.0.2.99")
    assert another_address.status == 200


def test_rate_limit_window_rolls_over(any_store, monkeypatch):
    """Limited within a window, allowed again in the next: on a controlled clock, never on luck."""
    import types

    from core.adapters.aws import ratelimit as aws_ratelimit
    from core.adapters.embedded import ratelimit as embedded_ratelimit

    clock = [1_800_000_000.2]  # just after the start of a 1 s window
    fake_time = types.SimpleNamespace(time=lambda: clock[0])
    monkeypatch.setattr(aws_ratelimit, "time", fake_time)
    monkeypatch.setattr(embedded_ratelimit, "time", fake_time)
    monkeypatch.setenv("CHAT_RATE_LIMIT", "1")
    monkeypatch.setenv("CHAT_RATE_WINDOW_SECONDS", "1")
    container.reset()
    sid = new_session_with_resume()
    ask = {"sessionId": sid, "message": "hello"}
    assert call(chat_api, "POST", "/api/chat", ask).status == 200
    clock[0] += 0.5
    limited = call(chat_api, "POST", "/api/chat", ask)
    assert limited.status == 429 and limited.headers["Retry-After"] == "1"
    clock[0] += 0.5  # the next window
    assert call(chat_api, "POST", "/api/chat", ask).status == 200


def test_dynamodb_rate_limit_is_one_conditional_update_with_ttl(moto_env):
    sid = new_session_with_resume()
    with captured_params("UpdateItem") as updates:
        assert call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "hello"}).status == 200
    (update,) = updates
    assert update["Key"]["sessionId"]["S"] == f"{RATE_LIMIT_PARTITION_PREFIX}ip#192.0.2.10"  # api_event's address
    assert update["Key"]["itemKey"]["S"].startswith(f"{RATE_LIMIT_ITEM_PREFIX}chat#")
    assert "ADD hits :one" in update["UpdateExpression"] and "hits < :limit" in update["ConditionExpression"]
    item = client("dynamodb").get_item(TableName=get_settings().ddb_table, Key=update["Key"])["Item"]
    assert item["hits"]["N"] == "1" and int(item["expiresAt"]["N"]) > time.time()


def test_rate_limiter_throttled_is_503_and_stores_nothing(moto_env):
    sid = new_session_with_resume()
    with aws_error(client("dynamodb"), "UpdateItem", "ProvisionedThroughputExceededException"):
        result = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "hello"})
    assert result.status == 503 and result.headers["Retry-After"]
    assert history(sid) == []


def test_embedded_rate_limit_holds_under_concurrency(embedded_env):
    limiter = EmbeddedRateLimiter(container.embedded_db())
    results = at_once(lambda: limiter.hit("ip#198.51.100.1", "chat", 5, 60), 20)
    assert results.count(None) == 5 and len(results) == 20


# ------------------------------------------------------------------------------------------------ providers


def test_provider_sees_only_the_last_messages_from_one_limited_query(moto_env, monkeypatch, fake_openai):  # noqa: F811
    sid = new_session_with_resume()
    for message in ["first question", "second question", "third question"]:
        assert call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": message}).status == 200
    use_fake_openai(monkeypatch, fake_openai, CHAT_HISTORY_MESSAGES="4")
    fake_openai.script(json_completion({"message": "ok", "suggestions": []}))
    with captured_params("Query") as queries:
        assert call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "fourth question"}).status == 200
    (query,) = queries
    assert query["Limit"] == 4 and query["ScanIndexForward"] is False
    sent = fake_openai.requests[0].body["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user", "assistant", "user"]
    # earlier turns are fenced data too, like the new question
    assert sent[1]["content"].startswith("EARLIER USER TURN (data):\n<<DATA-")
    assert "\nsecond question\n" in sent[1]["content"] and "fourth question" in sent[-1]["content"]


def test_invented_numbers_become_placeholders_and_flags(any_store, monkeypatch, fake_openai):  # noqa: F811
    sid = new_session_with_resume()
    use_fake_openai(monkeypatch, fake_openai)
    fake_openai.script(
        json_completion(
            {
                "message": "These could also mention the $2M you saved.",
                "suggestions": ["Cut reporting time by 45% for 12 teams", "Improved reporting speed by 40%"],
            }
        )
    )
    result = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "action": "rephrase", "selection": BULLET})
    assert result.status == 200
    assert [s["text"] for s in result.body["suggestions"]] == [
        "Cut reporting time by [X%] for [N] teams",
        "Improved reporting speed by 40%",
    ]
    # A model's suggestions are for the selection: each one replaces that line.
    assert {s["target"]["line"] for s in result.body["suggestions"]} == {3}
    assert result.body["flags"] == [
        {
            "kind": "invented_number",
            "text": "45%",
            "placeholder": "[X%]",
            "category": "percent",
            "location": "suggestion",
        },
        {"kind": "invented_number", "text": "12", "placeholder": "[N]", "category": "plain", "location": "suggestion"},
        {"kind": "invented_number", "text": "$2M", "placeholder": "[$X]", "category": "money", "location": "message"},
    ]
    stored = history(sid)[-1]["suggestions"][0]["text"]
    assert "[X%]" in stored and "45%" not in stored


def test_invented_skills_titles_and_a_bigger_role_become_placeholders_in_suggestions(
    any_store,
    monkeypatch,
    fake_openai,  # noqa: F811
):
    sid = new_session_with_resume()
    use_fake_openai(monkeypatch, fake_openai)
    helped = "Helped the team move reporting to a new tool"
    fake_openai.script(
        json_completion(
            {
                "message": "Kubernetes would help here.",
                "suggestions": ["Led the move of reporting to Kubernetes as a PhD"],
            }
        )
    )
    result = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "action": "rephrase", "selection": helped})
    assert result.status == 200
    assert [s["text"] for s in result.body["suggestions"]] == [
        "Contributed to the move of reporting to [skill] as a [degree]"
    ]
    kinds = [(f["kind"], f["location"]) for f in result.body["flags"]]
    # the assistant's own message may name a skill to consider: only numbers are checked there
    assert kinds == [
        ("inflated_role", "suggestion"),
        ("invented_skill", "suggestion"),
        ("invented_degree", "suggestion"),
    ]


def test_numbers_the_person_gave_earlier_are_not_flagged(any_store, monkeypatch, fake_openai):  # noqa: F811
    sid = new_session_with_resume()
    call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "The real figure was 55% faster"})
    use_fake_openai(monkeypatch, fake_openai)
    fake_openai.script(json_completion({"message": "Done.", "suggestions": ["Made reporting 55% faster", "Sped up"]}))
    result = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "action": "quantify", "selection": BULLET})
    assert result.status == 200 and result.body["flags"] == []


FAULTS = [
    (error(429, headers={"retry-after": "7"}), {}, 503, "service_unavailable"),
    (error(503, "overloaded", headers={"retry-after": "0"}), {}, 503, "service_unavailable"),
    (error(500), {}, 502, "upstream_error"),
    (completion("I think your bullet is great!"), {}, 502, "upstream_error"),
    (completion(None), {}, 502, "upstream_error"),
    (Step(body="<html>oops</html>"), {}, 502, "upstream_error"),
    (Step(delay_s=3, body={}), {}, 504, "upstream_timeout"),
    (json_completion({"message": "ok"}), {"OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""}, 503, "service_unavailable"),
]


@pytest.mark.parametrize(
    ("step", "env", "status", "code"),
    FAULTS,
    ids=["429", "overloaded", "500", "malformed", "empty", "html", "timeout", "missing-key"],
)
def test_provider_faults_are_json_errors_and_the_question_is_kept(
    any_store,
    monkeypatch,
    fake_openai,  # noqa: F811
    step,
    env,
    status,
    code,
):
    sid = new_session_with_resume()
    use_fake_openai(monkeypatch, fake_openai)
    for key, value in env.items():
        monkeypatch.delenv(key) if value == "" else monkeypatch.setenv(key, value)
    container.reset()
    fake_openai.script(step)
    result = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "action": "rephrase", "selection": BULLET})
    assert result.status == status
    assert result.body["error"] == code and len(result.body["message"]) > 20
    assert "assistantMessage" not in result.body
    if env:  # configuration, not load: retrying will not help, so no Retry-After
        assert "OPENAI_API_KEY" in result.body["message"] and "Retry-After" not in result.headers
    elif status == 503:
        assert int(result.headers["Retry-After"]) >= 1
    if step.status == 429:
        assert result.headers["Retry-After"] == "7"
    (kept,) = history(sid)
    assert (kept["role"], kept["action"], kept["text"]) == ("user", "rephrase", f"Rephrase: {BULLET}")


def test_only_the_chat_function_loads_the_openai_sdk_and_only_when_asked():
    script = """
import sys, os, tempfile, json
os.environ.update(STORAGE="embedded", DATA_DIR=tempfile.mkdtemp())
import session.handler, resume.handler, snapshot.handler, chat.handler
from tests.helpers import call, new_session_id
sid = new_session_id()
call(resume.handler.lambda_handler, "PUT", f"/api/resume/{sid}", {"text": "- Built things for people"})
call(session.handler.lambda_handler, "GET", f"/api/session/{sid}")
call(chat.handler.lambda_handler, "POST", "/api/chat", {"sessionId": sid, "message": "hello"})
call(chat.handler.lambda_handler, "GET", "/api/llm/status")
print(json.dumps({"openai": "openai" in sys.modules}))
"""
    root = str(__import__("pathlib").Path(__file__).resolve().parents[2])
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
        env={"PYTHONPATH": f"{root}/lambdas:{root}", "PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "us-east-1"},
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"openai": False}
