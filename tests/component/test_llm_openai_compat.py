"""The OpenAI-compatible provider: the real openai SDK against a scripted OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import time

import boto3
import pytest

from core import container
from core.adapters.llm.openai_compat import OpenAICompatibleLlm
from core.errors import ServiceUnavailable, UpstreamError, UpstreamTimeout
from core.ports.llm import AssistRequest, ChatTurn, RewriteRequest
from core.prompts import PROMPT_VERSION
from core.services.aibudget import BudgetedProvider
from tests.fake_openai import FakeOpenAI, Step, completion, error, fake_openai, json_completion  # noqa: F401

BULLET = "Responsible for helping the team with various data pipeline tasks that improved reporting speed by 40%"
RESUME = f"Jane Doe\nExperience\n- {BULLET}\n- Built dashboards in Tableau"
REPHRASE = AssistRequest(action="rephrase", message="make it stronger", selection=BULLET, resume=RESUME)
# Happy paths get a budget far above a busy machine's first call (the SDK loads inside it); the tests of the budget
# itself set a short one.
BUDGET_S = 10.0
SHORT_BUDGET_S = 1.5


@pytest.fixture
def openai_env(monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAI) -> FakeOpenAI:  # noqa: F811
    monkeypatch.setenv("STORAGE", "embedded")
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key")
    monkeypatch.setenv("OPENAI_MODEL", "test-model")
    monkeypatch.setenv("LLM_TIMEOUT_SECONDS", str(BUDGET_S))
    monkeypatch.setenv("LLM_MAX_RETRIES", "2")
    container.reset()
    return fake_openai


@pytest.fixture
def short_budget(openai_env: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    monkeypatch.setenv("LLM_TIMEOUT_SECONDS", str(SHORT_BUDGET_S))
    container.reset()
    return openai_env


def provider() -> OpenAICompatibleLlm:
    """The configured provider itself (the container hands it out counted: every call is metered)."""
    llm = container.llm_provider()
    assert isinstance(llm, BudgetedProvider) and isinstance(llm.provider, OpenAICompatibleLlm)
    return llm.provider


# ------------------------------------------------------------------------------------------------ happy paths


def test_assist_sends_server_side_prompt_as_json_mode_and_parses_the_reply(openai_env):
    openai_env.script(json_completion({"message": "Stronger verbs.", "suggestions": ["Partnered on X", "Built Y"]}))
    history = [ChatTurn(role="user", text="hi"), ChatTurn(role="assistant", text="hello")]
    reply = provider().assist(REPHRASE.model_copy(update={"history": history}))

    assert reply.text == "Stronger verbs."
    assert [s.text for s in reply.suggestions] == ["Partnered on X", "Built Y"]
    (sent,) = openai_env.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == "Bearer sk-test-key"
    assert sent.body["model"] == "test-model"
    assert sent.body["response_format"] == {"type": "json_object"}
    roles = [m["role"] for m in sent.body["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    system, *_, user = sent.body["messages"]
    assert "Never invent" in system["content"] and "[X%]" in system["content"]
    assert BULLET in user["content"] and "make it stronger" in user["content"]


def test_code_fenced_json_is_accepted(openai_env):
    openai_env.script(completion('```json\n{"message": "ok", "suggestions": ["Built X"]}\n```'))
    assert [s.text for s in provider().assist(REPHRASE).suggestions] == ["Built X"]


def test_at_most_three_suggestions_are_kept(openai_env):
    openai_env.script(json_completion({"message": "ok", "suggestions": ["a", "b", "c", "d", " "]}))
    assert [s.text for s in provider().assist(REPHRASE).suggestions] == ["a", "b", "c"]


def test_json_mode_can_be_switched_off_for_servers_without_it(openai_env, monkeypatch):
    monkeypatch.setenv("LLM_JSON_MODE", "false")
    container.reset()
    openai_env.script(json_completion({"message": "ok", "suggestions": []}))
    provider().assist(REPHRASE.model_copy(update={"action": "chat"}))
    assert "response_format" not in openai_env.requests[0].body


def test_rewrite_bullets_keeps_count_and_order(openai_env):
    openai_env.script(json_completion({"bullets": ["Built A", "Led B"]}))
    reply = provider().rewrite_bullets(
        RewriteRequest(bullets=["did A", "helped B"], keywords=["Python"], job_description="Python dev", resume="x")
    )
    assert reply.bullets == ["Built A", "Led B"]
    assert '["did A", "helped B"]' in openai_env.requests[0].body["messages"][1]["content"]


def test_rewrite_with_a_different_bullet_count_is_502(openai_env):
    openai_env.script(json_completion({"bullets": ["Built A"]}))
    with pytest.raises(UpstreamError):
        provider().rewrite_bullets(RewriteRequest(bullets=["a", "b"], keywords=[], job_description="", resume=""))


def test_groq_uses_its_own_key_model_and_base_url(monkeypatch, fake_openai):  # noqa: F811
    monkeypatch.setenv("STORAGE", "embedded")
    monkeypatch.setenv("LLM_PROVIDER", "groq")
    monkeypatch.setenv("GROQ_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("GROQ_API_KEY", "gsk-test")
    monkeypatch.setenv("GROQ_MODEL", "llama-test")
    monkeypatch.setenv("OPENAI_API_KEY", "must-not-be-used")
    container.reset()
    fake_openai.script(json_completion({"message": "ok", "suggestions": ["Built X"]}))
    llm = provider()
    assert (llm.name, llm.model) == ("groq", "llama-test")
    llm.assist(REPHRASE)
    assert fake_openai.requests[0].headers["authorization"] == "Bearer gsk-test"
    assert fake_openai.requests[0].body["model"] == "llama-test"


def test_key_comes_from_secrets_manager_in_aws_not_from_env(monkeypatch, moto_env, fake_openai):  # noqa: F811
    boto3.client("secretsmanager").create_secret(Name="llm-key", SecretString=json.dumps({"OPENAI_API_KEY": "sk-sm"}))
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("LLM_SECRET_NAME", "llm-key")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-plain-env-must-not-be-used")
    container.reset()
    fake_openai.script(json_completion({"message": "ok", "suggestions": ["Built X"]}))
    assert provider().key_configured() is True
    provider().assist(REPHRASE)
    assert fake_openai.requests[0].headers["authorization"] == "Bearer sk-sm"


def test_a_bare_secret_string_is_the_key(monkeypatch, moto_env, fake_openai):  # noqa: F811
    boto3.client("secretsmanager").create_secret(Name="llm-key", SecretString="sk-bare")
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("LLM_SECRET_NAME", "llm-key")
    container.reset()
    fake_openai.script(json_completion({"message": "ok", "suggestions": ["Built X"]}))
    provider().assist(REPHRASE)
    assert fake_openai.requests[0].headers["authorization"] == "Bearer sk-bare"


def test_unreadable_secret_is_503(monkeypatch, moto_env):
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("LLM_SECRET_NAME", "no-such-secret")
    container.reset()
    assert provider().key_configured() is False
    with pytest.raises(ServiceUnavailable) as caught:
        provider().assist(REPHRASE)
    assert caught.value.retry_after


# ------------------------------------------------------------------------------------------------ faults


def test_429_then_success_is_retried_within_the_budget(openai_env):
    openai_env.script(
        error(429, headers={"retry-after": "0"}), json_completion({"message": "ok", "suggestions": ["X"]})
    )
    assert [s.text for s in provider().assist(REPHRASE).suggestions] == ["X"]
    assert len(openai_env.requests) == 2


def test_persistent_429_is_503_with_retry_after_after_bounded_retries(openai_env):
    openai_env.script(error(429, headers={"retry-after": "0"}))
    with pytest.raises(ServiceUnavailable) as caught:
        provider().assist(REPHRASE)
    assert caught.value.status == 503 and caught.value.retry_after == 1
    assert len(openai_env.requests) == 3  # the first try and LLM_MAX_RETRIES=2 retries


def test_retry_after_beyond_the_budget_fails_fast_and_passes_retry_after_on(openai_env):
    openai_env.script(error(429, headers={"retry-after": "30"}))
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as caught:
        provider().assist(REPHRASE)
    assert time.monotonic() - started < 1.0
    assert caught.value.retry_after == 30
    assert len(openai_env.requests) == 1


def test_overloaded_503_is_503(openai_env):
    openai_env.script(error(503, "overloaded", headers={"retry-after": "0"}))
    with pytest.raises(ServiceUnavailable):
        provider().assist(REPHRASE)


def test_500_then_success_is_retried(openai_env):
    openai_env.script(error(500), json_completion({"message": "ok", "suggestions": ["X"]}))
    assert [s.text for s in provider().assist(REPHRASE).suggestions] == ["X"]


def test_persistent_500_is_502(openai_env):
    openai_env.script(error(500))
    with pytest.raises(UpstreamError) as caught:
        provider().assist(REPHRASE)
    assert caught.value.status == 502
    assert 2 <= len(openai_env.requests) <= 3  # retried, as far as the budget allows


def test_400_is_502_and_not_retried(openai_env):
    openai_env.script(error(400, "context length exceeded"))
    with pytest.raises(UpstreamError):
        provider().assist(REPHRASE)
    assert len(openai_env.requests) == 1


@pytest.mark.parametrize(
    "step",
    [
        completion("Sure! Here are some better bullets: ..."),  # prose, not JSON
        completion('{"message": "cut off'),  # truncated JSON
        completion('{"suggestions": "not a list"}'),  # wrong shape
        completion('{"message": "", "suggestions": []}'),  # nothing for a bullet action
        completion(None),  # empty content
        completion("   "),
        completion('{"message": "ok", "suggestions": ["a"]}', finish_reason="length"),
        Step(body={"id": "x", "object": "chat.completion", "choices": []}),  # no choices
        Step(body="<html>bad gateway</html>"),  # 200 that is not JSON at all
    ],
    ids=["prose", "truncated", "wrong-shape", "no-suggestions", "null", "blank", "length", "no-choices", "html"],
)
def test_malformed_or_empty_output_is_502(openai_env, step):
    openai_env.script(step)
    with pytest.raises(UpstreamError) as caught:
        provider().assist(REPHRASE)
    assert caught.value.status == 502 and caught.value.message


def test_slow_provider_is_504_within_the_budget(short_budget):
    short_budget.script(Step(delay_s=SHORT_BUDGET_S + 2, body={}))
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout) as caught:
        provider().assist(REPHRASE)
    elapsed = time.monotonic() - started
    assert caught.value.status == 504
    assert SHORT_BUDGET_S - 0.1 <= elapsed < SHORT_BUDGET_S + 0.5


def test_retries_never_run_past_the_budget(short_budget):
    # Each attempt is answered late by a 500: retries must stop when the budget is spent.
    short_budget.script(Step(status=500, body={"error": {"message": "x"}}, delay_s=0.6))
    started = time.monotonic()
    with pytest.raises((UpstreamError, UpstreamTimeout)):
        provider().assist(REPHRASE)
    assert time.monotonic() - started < SHORT_BUDGET_S + 0.5


@pytest.mark.parametrize(("status", "setting"), [(401, "OPENAI_API_KEY"), (404, "OPENAI_MODEL")])
def test_rejected_key_or_unknown_model_is_503_naming_the_setting(openai_env, status, setting):
    openai_env.script(error(status))
    with pytest.raises(ServiceUnavailable) as caught:
        provider().assist(REPHRASE)
    assert setting in caught.value.message
    assert len(openai_env.requests) == 1


@pytest.mark.parametrize(("name", "setting"), [("openai", "OPENAI_API_KEY"), ("groq", "GROQ_API_KEY")])
def test_missing_key_is_503_naming_the_setting_without_calling_out(monkeypatch, name, setting):
    monkeypatch.setenv("STORAGE", "embedded")
    monkeypatch.setenv("LLM_PROVIDER", name)
    container.reset()
    assert provider().key_configured() is False
    with pytest.raises(ServiceUnavailable) as caught:
        provider().assist(REPHRASE)
    assert setting in caught.value.message
    assert caught.value.extra == {"setting": setting}


def test_self_hosted_server_needs_no_key(monkeypatch, fake_openai):  # noqa: F811
    monkeypatch.setenv("STORAGE", "embedded")
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    container.reset()
    fake_openai.script(json_completion({"message": "ok", "suggestions": ["X"]}))
    assert [s.text for s in provider().assist(REPHRASE).suggestions] == ["X"]


def test_unreachable_server_is_503(monkeypatch, fake_openai):  # noqa: F811
    url = fake_openai.base_url
    fake_openai.stop()  # nothing listens on that port any more
    monkeypatch.setenv("STORAGE", "embedded")
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    monkeypatch.setenv("LLM_MAX_RETRIES", "0")
    container.reset()
    with pytest.raises(ServiceUnavailable):
        provider().assist(REPHRASE)


def test_logs_carry_the_prompt_version_but_no_text_or_key(openai_env, caplog):
    openai_env.script(json_completion({"message": "ok", "suggestions": ["Built X"]}))
    with caplog.at_level("INFO"):
        provider().assist(REPHRASE)
    (record,) = [r for r in caplog.records if r.getMessage() == "llm call"]
    assert record.prompt_version == PROMPT_VERSION and record.model == "test-model"
    logged = json.dumps([vars(r) for r in caplog.records], default=str)
    assert "reporting speed" not in logged and "sk-test-key" not in logged and "Built X" not in logged
