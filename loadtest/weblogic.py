"""The web app's merge and polling schedule, called from Python by running their TypeScript in node.

One implementation of each algorithm (frontend/src/lib/merge.ts, freshness.ts): a Python port would be a second
copy that could drift from what people's browsers run. `frontend/scripts/weblogic.mjs` transpiles the sources with
the project's TypeScript and answers one JSON request per line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from typing import Any

from tests.e2e.runtime import REPO

SCRIPT = REPO / "frontend" / "scripts" / "weblogic.mjs"


class WebLogic:
    """A node process started on first use; safe to share between threads and greenlets."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def _call(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            if self._process is None:
                node = shutil.which("node")
                if node is None:
                    raise RuntimeError("node is needed to run the web app's merge (frontend/scripts/weblogic.mjs)")
                self._process = subprocess.Popen(  # noqa: S603 - our own script
                    [node, str(SCRIPT)], cwd=SCRIPT.parent, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
                )
            assert self._process.stdin is not None and self._process.stdout is not None
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the web app's merge process ended")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"weblogic {request['op']}: {answer['error']}")
        return answer

    def merge(self, base: str, mine: str, theirs: str, choice: str = "both") -> tuple[str, int]:
        """(merged text, conflicting passages), each conflict settled by `choice` ("both" drops nothing)."""
        answer = self._call({"op": "merge", "base": base, "mine": mine, "theirs": theirs, "choice": choice})
        return str(answer["text"]), int(answer["conflicts"])

    def poll_delay_ms(self, idle_ms: float) -> int:
        """The wait before a tab's next freshness poll after `idle_ms` without input."""
        return int(self._call({"op": "pollDelay", "idleMs": idle_ms})["delayMs"])

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                if self._process.stdin is not None:
                    self._process.stdin.close()
                self._process.wait(timeout=10)
                self._process = None
