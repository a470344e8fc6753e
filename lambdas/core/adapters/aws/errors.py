"""Translate AWS failures into domain errors: throttling or an unreachable service is a 503 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import BotoCoreError, ClientError

from ...errors import ServiceUnavailable
from ...observability import logger, metrics

THROTTLING_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
        "SlowDown",
        "TransactionConflictException",
    }
)


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


@contextmanager
def aws_call(dependency: str, retry_after_s: int) -> Iterator[None]:
    """Wrap a storage call: SDK retries are already spent when an error reaches here. A 503 asks the client to
    retry after `retry_after_s` (the adapter's, from the settings)."""
    try:
        yield
    except ClientError as exc:
        code = error_code(exc)
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if code in THROTTLING_CODES or status >= 500:
            logger.warning("dependency unavailable", extra={"dependency": dependency, "code": code})
            metrics.add_metric(name="DependencyThrottled", unit="Count", value=1)
            raise ServiceUnavailable(
                f"{dependency} is busy right now; your data is safe, please retry.",
                retry_after=retry_after_s,
            ) from exc
        raise
    except BotoCoreError as exc:  # connection errors, timeouts
        logger.warning("dependency unreachable", extra={"dependency": dependency, "error": type(exc).__name__})
        raise ServiceUnavailable(
            f"{dependency} cannot be reached right now; please retry.", retry_after=retry_after_s
        ) from exc
