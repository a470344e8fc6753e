"""Powertools singletons. Creating them does no I/O; the service name comes from POWERTOOLS_SERVICE_NAME."""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Metrics

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "resume-chat")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace="ResumeChat", service=SERVICE)
