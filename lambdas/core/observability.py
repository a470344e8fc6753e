"""Powertools singletons and the instrumented Lambda entry. Creating them does no I/O."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.typing import LambdaContext

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "resume-chat")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace="ResumeChat", service=SERVICE)

# An invocation that emits no business metric is normal (a health check); do not warn on every one.
warnings.filterwarnings("ignore", message="No application metrics to publish")

Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def instrumented(handler: Handler, correlation_id_path: str | None = None) -> Handler:
    """Wrap a Lambda entry point: request id and cold start on every log line, metrics flushed at the end."""

    @logger.inject_lambda_context(correlation_id_path=correlation_id_path, clear_state=True)
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return handler(event, context)

    return lambda_handler
