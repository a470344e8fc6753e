"""Deploy settings from context."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_

from cdk_app.settings import (
    LAMBDA_PYTHON_VERSION,
    LAMBDA_RUNTIME,
    RESERVED_CONCURRENCY,
    DeploySettings,
    SettingsError,
    read_settings,
)

pytestmark = pytest.mark.infra


def settings(**context: object) -> DeploySettings:
    return read_settings(cdk.App(context=context).node)


def test_defaults() -> None:
    s = settings()
    assert (s.stage, s.llm_provider, s.alarm_email, s.waf, s.log_retention_days) == ("dev", "writer", None, False, 30)
    assert s.cloudfront_logs is False
    # Accounts on, invited people only; the AI functions capped; no AI budget.
    assert (s.auth, s.self_sign_up, s.ai_monthly_budget_calls) == ("cognito", False, 0)
    assert s.reserved_concurrency == RESERVED_CONCURRENCY == {"chat": 20, "optimize": 5, "ai-worker": 6}


def test_accounts_reserved_concurrency_and_the_ai_budget_from_context() -> None:
    s = settings(auth="none", selfSignUp="true", aiMonthlyBudgetCalls="5000", reservedConcurrency="chat=50")
    assert (s.auth, s.self_sign_up, s.ai_monthly_budget_calls) == ("none", True, 5000)
    assert s.reserved_concurrency == {**RESERVED_CONCURRENCY, "chat": 50}
    assert settings(reservedConcurrency={"optimize": 2, "ai-worker": 8}).reserved_concurrency == {
        "chat": 20, "optimize": 2, "ai-worker": 8
    }  # fmt: skip
    for off in ("off", "none", "0", False):
        assert settings(reservedConcurrency=off).reserved_concurrency == {}


def test_the_offline_engines_old_name_is_accepted() -> None:
    assert settings(llmProvider="mock").llm_provider == "writer"


def test_context_values_are_parsed() -> None:
    s = settings(stage="prod", alarmEmail="ops@example.com", llmProvider="groq", waf="true", throttleRate="20",
                 logRetentionDays=90, openaiBaseUrl="https://llm.example.com/v1")  # fmt: skip
    assert (s.stage, s.alarm_email, s.llm_provider, s.waf, s.throttle_rate) == (
        "prod",
        "ops@example.com",
        "groq",
        True,
        20,
    )
    assert s.log_retention == cdk.aws_logs.RetentionDays.THREE_MONTHS
    assert s.openai_base_url == "https://llm.example.com/v1"
    assert settings(cloudfrontLogs="true").cloudfront_logs is True
    assert settings(allowedOrigins="https://a.example.com/, http://localhost:5173").allowed_origins == (
        "https://a.example.com",
        "http://localhost:5173",
    )


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"stage": "Prod!"}, "stage"),
        ({"alarmEmail": "not-an-address"}, "alarmEmail"),
        ({"llmProvider": "claude"}, "llmProvider"),
        ({"logRetentionDays": 42}, "logRetentionDays"),
        ({"throttleRate": "fast"}, "throttleRate"),
        ({"throttleBurst": 0}, "throttleBurst"),
        ({"domainName": "resume.example.com"}, "certificateArn"),
        ({"logLevel": "verbose"}, "logLevel"),
        ({"allowedOrigins": "https://ok.example.com,javascript:alert(1)"}, "allowedOrigins"),
        ({"auth": "oauth"}, "auth"),
        ({"aiMonthlyBudgetCalls": -1}, "aiMonthlyBudgetCalls"),
        ({"reservedConcurrency": "resume=10"}, "reservedConcurrency"),
        ({"reservedConcurrency": "chat=0"}, "reservedConcurrency"),
        ({"reservedConcurrency": "chat"}, "reservedConcurrency"),
        ({"reservedConcurrency": "ai-worker=5"}, "ai-worker=5 must exceed"),  # the jobs queue runs 5 at once
    ],
)
def test_invalid_context_stops_synth_with_a_clear_message(context: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        settings(**context)


def test_functions_use_the_newest_python_runtime_the_cdk_offers() -> None:
    offered = [getattr(lambda_.Runtime, n) for n in dir(lambda_.Runtime) if n.startswith("PYTHON_3_")]
    newest = max(offered, key=lambda r: int(r.name.removeprefix("python3.")))
    assert LAMBDA_RUNTIME.name == newest.name
    assert newest.name.removeprefix("python") == LAMBDA_PYTHON_VERSION
