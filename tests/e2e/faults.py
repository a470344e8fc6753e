"""A fault-injecting HTTP proxy between a runtime process and moto server.

In-process tests inject AWS errors with botocore hooks (`tests.helpers.aws_error`); a runtime running as its own
process is reached only over the network, so drills put this proxy at its AWS_ENDPOINT_URL and tell it which
operations to fail. Every other request is relayed to moto unchanged.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from tests.e2e.runtime import free_port
from tests.helpers import aws_error_body

# The service a SigV4-signed request is for: "Credential=<key>/<date>/<region>/<service>/aws4_request".
SIGNED_SERVICE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date", "server"}


@dataclass(frozen=True)
class Fault:
    code: str
    status: int


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.port = free_port()
        self._faults: dict[tuple[str, str], Fault] = {}
        self._lock = threading.Lock()
        self.injected: Counter[tuple[str, str]] = Counter()
        self.relayed: Counter[tuple[str, str]] = Counter()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fault-proxy", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, service: str, operation: str, code: str, status: int) -> None:
        """Fail every `operation` of `service` ("*" for all of them) from now on."""
        with self._lock:
            self._faults[(service, operation)] = Fault(code, status)

    def heal(self) -> None:
        with self._lock:
            self._faults.clear()

    def count(self, service: str, operation: str = "*", *, injected: bool = True) -> int:
        """How many requests for `operation` of `service` were failed (injected) or passed on to moto."""
        with self._lock:
            counts = self.injected if injected else self.relayed
            return sum(n for (svc, op), n in counts.items() if svc == service and operation in ("*", op))

    def _fault_for(self, service: str, operation: str) -> Fault | None:
        with self._lock:
            fault = self._faults.get((service, operation)) or self._faults.get((service, "*"))
            (self.injected if fault else self.relayed)[(service, operation)] += 1
            return fault

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self
        upstream = httpx.Client(base_url=self.upstream, timeout=30)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: object) -> None:  # quiet
                pass

            def _relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                signed = SIGNED_SERVICE.search(self.headers.get("Authorization", ""))
                service = signed.group(1) if signed else ""
                operation = (self.headers.get("X-Amz-Target") or "").rsplit(".", 1)[-1] or self.command
                fault = proxy._fault_for(service, operation)
                if fault:
                    status = fault.status
                    content, headers = aws_error_body(fault.code, protocol_json="X-Amz-Target" in self.headers)
                else:
                    forwarded = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                    reply = upstream.request(self.command, self.path, headers=forwarded, content=body)
                    status, headers, content = reply.status_code, dict(reply.headers), reply.content
                self.send_response(status)
                for key, value in headers.items():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _relay

        return Handler
