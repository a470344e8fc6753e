"""Calls Lambda handlers in-process, the way the Lambda service would.

Each function behaves like one execution environment: its handler module is imported on first use (a cold
start) and handles one event at a time (Powertools resolvers keep the current event on the instance).
"""

from __future__ import annotations

import importlib
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.routes import FUNCTIONS, LambdaFunction


@dataclass
class LocalLambdaContext:
    function_name: str
    memory_limit_in_mb: int
    timeout_s: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_group_name: str = "local"
    log_stream_name: str = "local"
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_s
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class LambdaInvoker:
    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[dict, Any], dict]] = {}
        self._locks = {name: threading.Lock() for name in FUNCTIONS}

    def _handler(self, function: LambdaFunction) -> Callable[[dict, Any], dict]:
        handler = self._handlers.get(function.name)
        if handler is None:
            handler = importlib.import_module(function.handler_module).lambda_handler
            self._handlers[function.name] = handler
        return handler

    def invoke(self, function_name: str, event: dict[str, Any]) -> dict[str, Any]:
        function = FUNCTIONS[function_name]
        with self._locks[function_name]:
            handler = self._handler(function)
            context = LocalLambdaContext(function.name, function.memory_mb, function.timeout_s)
            return handler(event, context)
