"""Background work of the local runtime, standing in for what AWS runs outside the request path.

Each poller is a function `(invoker) -> int` that does one round of work and returns how much it did; the
runner calls it in its own thread until shutdown, pausing when there was nothing to do. Add new pollers to
`POLLERS`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from core import container
from core.config import get_settings
from core.observability import logger

from .invoker import LambdaInvoker
from .job_queue import poll_job_queue

Poll = Callable[[LambdaInvoker], int]

# Autosaves within this window are coalesced into one snapshot, like the stream's batching window in AWS.
CHANGE_FEED_BATCH_WINDOW_S = 2.0
CHANGE_FEED_BATCH_SIZE = 100


def poll_change_feed(invoker: LambdaInvoker) -> int:
    """Feed the embedded store's change rows to the snapshot function as DynamoDB stream records."""
    if get_settings().storage != "embedded":
        return 0
    feed = container.change_feed()
    changes = feed.pending(CHANGE_FEED_BATCH_SIZE)
    if not changes or (time.time() * 1000 - changes[0].created_ms) < CHANGE_FEED_BATCH_WINDOW_S * 1000:
        return 0
    records = [
        {
            "eventID": str(change.seq),
            "eventName": change.event_name,
            "eventSource": "aws:dynamodb",
            "eventSourceARN": "local:changes",
            "dynamodb": {
                "Keys": {"sessionId": {"S": change.session_id}, "itemKey": {"S": change.item_key}},
                "SequenceNumber": str(change.seq),
                "StreamViewType": "KEYS_ONLY",
            },
        }
        for change in changes
    ]
    result = invoker.invoke("snapshot", {"Records": records})
    failed = [int(f["itemIdentifier"]) for f in result.get("batchItemFailures", [])]
    # As with a stream: everything before the first failure is done; the rest is retried next round.
    feed.handled_below(min(failed) if failed else changes[-1].seq + 1)
    return len(changes) if not failed else 0


POLLERS: dict[str, Poll] = {"change-feed": poll_change_feed, "job-queue": poll_job_queue}


@dataclass
class BackgroundRunner:
    invoker: LambdaInvoker
    idle_sleep_s: float = 0.5

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for name, poll in POLLERS.items():
            thread = threading.Thread(target=self._loop, args=(name, poll), name=f"poller-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _loop(self, name: str, poll: Poll) -> None:
        while not self._stop.is_set():
            try:
                busy = poll(self.invoker) > 0
            except Exception:
                logger.exception("background poller failed", extra={"poller": name})
                busy = False
            if not busy:
                self._stop.wait(self.idle_sleep_s)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
