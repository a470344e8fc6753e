"""Deployed in place of a function whose handler (`lambdas/<folder>/handler.py`) has not landed yet.

The route table already lists the function, so the stack wires it; until its code exists, HTTP calls get a clear
503 and queue messages stay on their queue (reported as failed) to be processed once the real handler deploys.
"""

from __future__ import annotations

import json
from typing import Any


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    records = event.get("Records")
    if isinstance(records, list):
        return {"batchItemFailures": [{"itemIdentifier": r.get("messageId", "")} for r in records]}
    return {
        "statusCode": 503,
        "headers": {"Content-Type": "application/json", "Retry-After": "300"},
        "body": json.dumps({"error": "not_deployed", "message": "This feature is not deployed yet."}),
    }
