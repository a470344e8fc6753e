"""Synthesize the stack once per test session (per xdist worker; `--dist loadgroup` keeps infra on one)."""

from __future__ import annotations

import pytest

from cdk_app.synth import SynthResult, synthesize

# The tests synthesize the non-default branches too: an alarm e-mail subscription, the WAF, other origins, an AI
# budget. Accounts are on (auth=cognito, the default).
AI_BUDGET = 1000
TEST_CONTEXT = {
    "alarmEmail": "alerts@example.com",
    "waf": "true",
    "stage": "test",
    "allowedOrigins": "https://client.example.com",
    "aiMonthlyBudgetCalls": str(AI_BUDGET),
}
# A public demo: no accounts, no reserved concurrency, no budget.
OPEN_CONTEXT = {"stage": "open", "auth": "none", "reservedConcurrency": "off"}


def _synthesize(outdir: object, context: dict[str, str]) -> SynthResult:
    # As `cdk deploy` runs it: the CLI puts the target account/region in these (`make synth` leaves them unset).
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CDK_DEFAULT_ACCOUNT", "123456789012")
        env.setenv("CDK_DEFAULT_REGION", "eu-west-1")
        return synthesize(outdir, context)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    return _synthesize(tmp_path_factory.mktemp("cdk-out"), TEST_CONTEXT)


@pytest.fixture(scope="session")
def open_synth(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    return _synthesize(tmp_path_factory.mktemp("cdk-out-open"), OPEN_CONTEXT)


@pytest.fixture(scope="session")
def open_template(open_synth: SynthResult) -> dict:
    return open_synth.template


@pytest.fixture(scope="session")
def template(synth: SynthResult) -> dict:
    return synth.template
