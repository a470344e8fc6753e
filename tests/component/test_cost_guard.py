"""The cost guard through the chat and optimize Lambda entries, on both stores: request limits per caller (the
signed-in person, else the source address API Gateway saw; never X-Forwarded-For) and the monthly AI budget.
(A job that finds the budget spent in the worker: tests/component/test_ai_worker.py.)"""

from __future__ import annotations

import json
import time
import types
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.retries.standard import ExponentialBackoff
from chat.handler import lambda_handler as chat_api
from optimize.handler import lambda_handler as optimize_api
from resume.handler import lambda_handler as resume_api
from session.handler import lambda_handler as session_api
from status_checker.handler import lambda_handler as status_api

from core import container
from core.adapters.aws.clients import client
from core.adapters.embedded.aibudget import EmbeddedAiCallCounter
from core.ports.aibudget import Month
from core.schema import AI_BUDGET_ITEM_KEY, ai_budget_partition
from core.services.aibudget import MonthlyAiBudget
from tests.helpers import ApiResult, at_once, aws_error, call, new_session_id
from tests.resume_files import JOB_DESCRIPTION, RESUME_TEXT, b64

ALICE, BOB = "0f1e2d3c-aaaa-4bbb-8ccc-000000000001", "0f1e2d3c-aaaa-4bbb-8ccc-000000000002"
SHARED_ADDRESS = "198.51.100.20"  # one office, two people


@pytest.fixture(autouse=True)
def no_backoff_sleep(monkeypatch):
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)


@pytest.fixture(autouse=True)
def one_rate_window(monkeypatch):
    """The limiters see one moment, early in every window: a test's requests never straddle two windows."""
    from core.adapters.aws import ratelimit as aws_ratelimit
    from core.adapters.embedded import ratelimit as embedded_ratelimit

    fixed = types.SimpleNamespace(time=lambda: 1_800_000_000.0 + 0.2)  # a whole number of hours, then 0.2 s
    monkeypatch.setattr(aws_ratelimit, "time", fixed)
    monkeypatch.setattr(embedded_ratelimit, "time", fixed)


def configure(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    container.reset()


def accounts_on(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    configure(
        monkeypatch, AUTH_MODE="cognito", COGNITO_USER_POOL_ID="us-east-1_Test", COGNITO_CLIENT_ID="client", **env
    )


def new_session(**event: Any) -> str:
    sid = new_session_id()
    assert call(resume_api, "PUT", f"/api/resume/{sid}", {"text": RESUME_TEXT}, **event).status == 200
    return sid


def ask(sid: str, message: str = "hello", **event: Any) -> ApiResult:
    return call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": message}, **event)


def submit(posting: int, session_id: str | None = None, **event: Any) -> ApiResult:
    """An optimize submission; a different `posting` is a different job description (not a repeat)."""
    body = {"resume": b64(RESUME_TEXT.encode()), "jobDescription": f"{JOB_DESCRIPTION}\nPosting {posting}"}
    if session_id:
        body["sessionId"] = session_id
    return call(optimize_api, "POST", "/api/optimize", body, **event)


def jobs_of(session_id: str) -> list[dict[str, Any]]:
    listed = call(status_api, "GET", "/api/jobs", query={"sessionId": session_id})
    assert listed.status == 200
    return list(listed.body["jobs"])


def chat_roles(session_id: str) -> list[str]:
    return [m["role"] for m in call(session_api, "GET", f"/api/session/{session_id}").body["chat"]]


def emitted(output: str, name: str) -> list[float]:
    """The values of metric `name` in the CloudWatch embedded-metric lines the functions printed."""
    values: list[float] = []
    for line in output.splitlines():
        if line.startswith('{"_aws"') and name in (record := json.loads(line)):
            found = record[name]
            values += found if isinstance(found, list) else [found]
    return values


def assert_budget_spent(result: ApiResult, before: float, after: float) -> None:
    """429 ai_budget_spent, its Retry-After running to the end of the month (UTC) it names."""
    assert result.status == 429 and result.body["error"] == "ai_budget_spent", result.body
    resets = datetime.strptime(result.body["resetsAt"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    assert resets == Month.at(before).end or resets == Month.at(after).end
    assert resets - after - 1 <= int(result.headers["Retry-After"]) <= resets - before + 1
    assert "monthly AI budget is used up" in result.body["message"]
    assert result.body["resetsAt"][:10] in result.body["message"]


# ------------------------------------------------------------------------------------------------ rate limits


def test_two_people_behind_one_address_are_counted_apart(any_store, monkeypatch):
    accounts_on(monkeypatch, CHAT_RATE_LIMIT="2")
    alice, bob = {"signed_in": ALICE, "source_ip": SHARED_ADDRESS}, {"signed_in": BOB, "source_ip": SHARED_ADDRESS}
    alices, bobs = new_session(**alice), new_session(**bob)
    assert [ask(alices, **alice).status for _ in range(2)] == [200, 200]
    refused = ask(alices, **alice)
    assert refused.status == 429 and refused.body["error"] == "rate_limited" and int(refused.headers["Retry-After"])
    assert [ask(bobs, **bob).status for _ in range(2)] == [200, 200]  # Bob's own count, at the same address
    assert ask(bobs, **bob).status == 429


def test_anonymous_callers_are_counted_per_address_and_x_forwarded_for_changes_nothing(any_store, monkeypatch):
    configure(monkeypatch, CHAT_RATE_LIMIT="3")
    # What a client can write itself: never a new bucket.
    spoofed = [
        {"X-Forwarded-For": "203.0.113.1"},
        {"X-Forwarded-For": "203.0.113.2, 10.0.0.1"},
        {"X-Forwarded-For": "203.0.113.3", "X-Real-IP": "203.0.113.3", "Forwarded": "for=203.0.113.3"},
        {"X-Forwarded-For": "2001:db8::7"},
    ]
    answers = [ask(new_session_id(), headers=headers, source_ip=SHARED_ADDRESS).status for headers in spoofed]
    assert answers == [200, 200, 200, 429]
    assert ask(new_session_id(), source_ip="198.51.100.21").status == 200  # another address: its own count


def test_optimize_is_limited_per_caller_and_a_repeated_submission_is_not_counted(any_store, monkeypatch):
    configure(monkeypatch, OPTIMIZE_RATE_LIMIT="2", OPTIMIZE_RATE_WINDOW_SECONDS="600")
    sid = new_session_id()
    first = submit(1, sid)
    assert first.status == 202
    repeat = submit(1, sid)  # the same submission again (a double click, a retry): the same job, not counted
    assert repeat.status == 202 and repeat.body["jobId"] == first.body["jobId"]
    assert submit(2, sid).status == 202
    refused = submit(3, sid)
    assert refused.status == 429 and refused.body["error"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 600 and "optimize submissions" in refused.body["message"]
    assert len(jobs_of(sid)) == 2  # nothing stored for the refused one
    assert submit(3, sid, source_ip="198.51.100.21").status == 202  # another caller


# ------------------------------------------------------------------------------------------------ the AI budget


def test_a_spent_budget_answers_chat_429_until_the_month_ends(any_store, monkeypatch, capsys):
    configure(monkeypatch, AI_MONTHLY_BUDGET_CALLS="2")
    sid = new_session()
    assert [ask(sid).status, ask(sid, source_ip="198.51.100.21").status] == [200, 200]
    before = time.time()
    spent = ask(sid, "one more")
    assert_budget_spent(spent, before, time.time())
    assert_budget_spent(ask(sid, source_ip="198.51.100.22"), before, time.time())  # one budget for every caller
    output = capsys.readouterr().out
    assert emitted(output, "AiBudgetUsed") == [1, 2] and emitted(output, "AiBudgetRefused") == [1, 1]
    assert emitted(output, "AiCalls") == [1, 1]  # the calls made; refused ones are not
    # As with other provider failures, the question is kept.
    assert chat_roles(sid) == ["user", "assistant", "user", "assistant", "user", "user"]


def test_without_a_budget_each_ai_call_is_a_metric_and_nothing_is_counted_in_the_store(any_store, monkeypatch, capsys):
    configure(monkeypatch, AI_MONTHLY_BUDGET_CALLS="0")
    sid = new_session()
    assert [ask(sid).status for _ in range(3)] == [200, 200, 200]
    output = capsys.readouterr().out
    assert emitted(output, "AiCalls") == [1, 1, 1]
    assert emitted(output, "AiBudgetUsed") == []
    assert container.ai_call_counter().counted(Month.at(time.time())) == 0


def test_optimize_is_refused_before_it_is_accepted_once_the_budget_is_spent(any_store, monkeypatch):
    configure(monkeypatch, AI_MONTHLY_BUDGET_CALLS="1")
    sid = new_session()
    assert submit(1, sid).status == 202  # a job the budget still covers
    assert ask(sid).status == 200  # the month's one call
    before = time.time()
    refused = submit(2, sid)
    assert_budget_spent(refused, before, time.time())
    assert len(jobs_of(sid)) == 1  # no job was made for it


def test_a_new_month_opens_a_new_budget(any_store, monkeypatch):
    configure(monkeypatch, AI_MONTHLY_BUDGET_CALLS="1")
    clock = [datetime(2027, 1, 31, 23, 59, 59, 500_000, tzinfo=UTC).timestamp()]
    monkeypatch.setattr(
        container, "ai_budget", lambda: MonthlyAiBudget(container.ai_call_counter(), 1, clock=lambda: clock[0])
    )
    sid = new_session()
    assert ask(sid).status == 200
    last_second = ask(sid)
    assert last_second.status == 429 and last_second.headers["Retry-After"] == "1"
    assert last_second.body["resetsAt"] == "2027-02-01T00:00:00Z"
    clock[0] = datetime(2027, 2, 1, tzinfo=UTC).timestamp()
    assert ask(sid).status == 200


@pytest.mark.parametrize(
    ("provider", "env", "expected"),
    [
        ("writer", {}, {"provider": "writer", "model": "writer-v2", "keyConfigured": False, "ready": True}),
        ("openai", {}, {"provider": "openai", "model": "gpt-test", "keyConfigured": False, "ready": False}),
        (
            "openai",
            {"OPENAI_API_KEY": "sk-x"},
            {"provider": "openai", "model": "gpt-test", "keyConfigured": True, "ready": True},
        ),
    ],
)
def test_a_budgeted_provider_reports_the_providers_own_status_and_counts_nothing(
    embedded_env, monkeypatch, provider, env, expected
):
    configure(monkeypatch, AI_MONTHLY_BUDGET_CALLS="5", LLM_PROVIDER=provider, OPENAI_MODEL="gpt-test", **env)
    body = call(chat_api, "GET", "/api/llm/status").body
    assert {k: body[k] for k in expected} == expected
    assert container.ai_call_counter().counted(Month.at(time.time())) == 0


@pytest.mark.parametrize(
    ("moment", "key", "ends"),
    [
        (datetime(2027, 1, 31, 23, 59, 59, tzinfo=UTC), "2027-01", "2027-02-01T00:00:00Z"),
        (datetime(2027, 2, 1, tzinfo=UTC), "2027-02", "2027-03-01T00:00:00Z"),
        (datetime(2027, 12, 31, 12, tzinfo=UTC), "2027-12", "2028-01-01T00:00:00Z"),
        (datetime(2028, 2, 29, 8, tzinfo=UTC), "2028-02", "2028-03-01T00:00:00Z"),
    ],
)
def test_months_are_calendar_months_in_utc(moment: datetime, key: str, ends: str) -> None:
    month = Month.at(moment.timestamp())
    assert (month.key, month.end_iso) == (key, ends)
    assert month.retry_after_s == int(month.end - moment.timestamp())  # whole seconds in these cases


def test_the_call_counter_counts_to_the_limit_and_keeps_months_apart(any_store):
    counter = container.ai_call_counter()
    january, february = (
        Month.at(datetime(2027, 1, 9, tzinfo=UTC).timestamp()),
        Month.at(datetime(2027, 2, 1, tzinfo=UTC).timestamp()),
    )
    assert [counter.count(january, 2) for _ in range(3)] == [1, 2, None]
    assert counter.counted(january) == 2 and counter.counted(february) == 0
    assert counter.count(february, 2) == 1
    assert counter.count(january, 3) == 3  # a raised limit counts on from what the month used


def test_dynamodb_counts_a_call_with_one_conditional_update_on_the_months_item(moto_env, monkeypatch):
    configure(monkeypatch, AI_MONTHLY_BUDGET_CALLS="5")
    sid = new_session()
    updates: list[dict[str, Any]] = []
    events = client("dynamodb").meta.events
    events.register("provide-client-params.dynamodb.UpdateItem", lambda params, **_: updates.append(params))
    months = {Month.at(time.time()).key}
    assert ask(sid).status == 200
    months.add(Month.at(time.time()).key)
    (update,) = [u for u in updates if u["Key"]["itemKey"]["S"] == AI_BUDGET_ITEM_KEY]
    assert update["Key"]["sessionId"]["S"] in {ai_budget_partition(m) for m in months}
    assert update["UpdateExpression"].startswith("ADD calls :one") and "calls < :limit" in update["ConditionExpression"]
    assert update["ExpressionAttributeValues"][":limit"] == {"N": "5"}
    item = client("dynamodb").get_item(TableName=container.get_settings().ddb_table, Key=update["Key"])["Item"]
    assert item["calls"]["N"] == "1" and int(item["expiresAt"]["N"]) > time.time() + 365 * 86400


def test_a_throttled_budget_counter_is_503_with_retry_after(moto_env, monkeypatch):
    configure(monkeypatch, AI_MONTHLY_BUDGET_CALLS="5")
    sid = new_session()
    with aws_error(
        client("dynamodb"), "UpdateItem", "ProvisionedThroughputExceededException", body_contains="budget#"
    ) as tries:
        busy = ask(sid)
    assert busy.status == 503 and busy.body["error"] == "service_unavailable" and int(busy.headers["Retry-After"]) >= 1
    assert len(tries) == container.get_settings().aws_max_attempts
    with aws_error(client("dynamodb"), "GetItem", "ProvisionedThroughputExceededException", body_contains="budget#"):
        refused = submit(1, sid)
    assert refused.status == 503 and int(refused.headers["Retry-After"]) >= 1
    assert jobs_of(sid) == []
    assert ask(sid).status == 200 and submit(1, sid).status == 202  # nothing was counted or kept in between


def test_the_embedded_counter_never_passes_the_limit_under_concurrency(embedded_env):
    counter = EmbeddedAiCallCounter(container.embedded_db())
    month = Month.at(time.time())
    results = at_once(lambda: counter.count(month, 5), 20)
    assert sorted(r for r in results if r is not None) == [1, 2, 3, 4, 5] and results.count(None) == 15
    assert counter.counted(month) == 5
