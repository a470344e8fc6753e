"""AWS API calls per route, counted with botocore event hooks on the product's own clients (in-process moto).

Each scenario's request goes through its Lambda handler; the count is of API calls the handler makes (SDK
retries of one call are not extra calls). `tests/component/test_failures.py` enforces the counts that matter
for cost and latency (autosave: one conditional write, no read).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.scenarios import Scenario, available, seed, succeeded
from core.adapters.aws.clients import client
from core.routes import FUNCTIONS
from tests.helpers import FakeLambdaContext, record_calls

SERVICES = ("dynamodb", "s3", "sqs")


def calls_of(scenario: Scenario, seeded: Any) -> tuple[str, Counter[tuple[str, str]]]:
    import importlib

    handler = importlib.import_module(FUNCTIONS[scenario.function].handler_module).lambda_handler
    event = scenario.event(seeded)  # built first: the worker's event submits a job, which is not counted
    with record_calls(*(client(name) for name in SERVICES)) as log:
        result = handler(event, FakeLambdaContext())
    outcome = str(result["statusCode"]) if "statusCode" in result else ("done" if succeeded(result) else "failed")
    return outcome, Counter(log.calls)


def count_aws_calls() -> list[dict[str, Any]]:
    """Run every available scenario once; call the AWS environment (mock_aws + provisioned) ready first."""
    seeded = seed()
    rows = []
    for scenario in available():
        status, calls = calls_of(scenario, seeded)
        rows.append(
            {
                "route": scenario.route,
                "scenario": scenario.label,
                "status": status,
                "calls": {f"{svc}:{op}": n for (svc, op), n in sorted(calls.items())},
                "reads": sum(n for (svc, op), n in calls.items() if op.startswith(("Get", "Query", "List", "Scan"))),
                "writes": sum(
                    n for (_, op), n in calls.items() if op.startswith(("Put", "Update", "Delete", "Send", "Transact"))
                ),
            }
        )
    return rows
