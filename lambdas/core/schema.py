"""Storage layout defined once: DynamoDB key schema and item keys, S3 object keys.

The CDK data construct, the moto test fixtures and the embedded store all read these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Index:
    name: str
    partition_key: str
    sort_key: str


@dataclass(frozen=True)
class TableSchema:
    partition_key: str
    sort_key: str | None
    ttl_attribute: str | None
    indexes: tuple[Index, ...] = field(default_factory=tuple)

    def attribute_names(self) -> list[str]:
        names = [self.partition_key] + ([self.sort_key] if self.sort_key else [])
        for index in self.indexes:
            names += [index.partition_key, index.sort_key]
        return list(dict.fromkeys(names))

    def boto3_create_kwargs(self, table_name: str) -> dict:
        """Arguments for boto3 `create_table` (moto tests, local high-fidelity runs)."""
        key_schema = [{"AttributeName": self.partition_key, "KeyType": "HASH"}]
        if self.sort_key:
            key_schema.append({"AttributeName": self.sort_key, "KeyType": "RANGE"})
        kwargs: dict = {
            "TableName": table_name,
            "KeySchema": key_schema,
            "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in self.attribute_names()],
            "BillingMode": "PAY_PER_REQUEST",
        }
        if self.indexes:
            kwargs["GlobalSecondaryIndexes"] = [
                {
                    "IndexName": i.name,
                    "KeySchema": [
                        {"AttributeName": i.partition_key, "KeyType": "HASH"},
                        {"AttributeName": i.sort_key, "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
                for i in self.indexes
            ]
        return kwargs


# Hot state of every session, plus optimize jobs, read-only links and the cost guard's counters. Items:
#   sessionId=<uuid>              itemKey=resume#latest              the resume text, version, updatedAt
#   sessionId=<uuid>              itemKey=chat#<ms13>#<unique>       one chat message each
#   sessionId=job#<uuid>          itemKey=job                        one optimize job (status is one GetItem)
#   sessionId=share#<uuid>        itemKey=share                      a read-only link to a snapshot's text (public:
#                                                                    one GetItem)
#   sessionId=limit#<rate key>    itemKey=ratelimit#<scope>#<window> a caller's fixed-window request counter (short
#                                                                    TTL); rate key: user#<sub> or ip#<address>
#   sessionId=budget#<yyyy-mm>    itemKey=ai-calls                   AI provider calls in a month (UTC), all callers
# The prefixes keep links and counters apart from sessions (UUIDs) and jobs.
# Jobs are listed per session through the jobs-by-session index (jobSessionId, createdAt). Sparse indexes too:
# only an owned resume item carries resumeOwner, only a share item carries shareSessionId (a job never appears).
RESUME_OWNER_ATTRIBUTE = "resumeOwner"
SHARE_SESSION_ATTRIBUTE = "shareSessionId"
JOBS_BY_SESSION = Index("jobs-by-session", "jobSessionId", "createdAt")
RESUMES_BY_OWNER = Index("resumes-by-owner", RESUME_OWNER_ATTRIBUTE, "updatedAt")
SHARES_BY_SESSION = Index("shares-by-session", SHARE_SESSION_ATTRIBUTE, "createdAt")
SESSIONS_TABLE = TableSchema(
    partition_key="sessionId",
    sort_key="itemKey",
    ttl_attribute="expiresAt",
    indexes=(JOBS_BY_SESSION, RESUMES_BY_OWNER, SHARES_BY_SESSION),
)

# Powertools idempotency records for optimize submissions.
IDEMPOTENCY_TABLE = TableSchema(partition_key="id", sort_key=None, ttl_attribute="expiration")

RESUME_ITEM_KEY = "resume#latest"
RATE_LIMIT_PARTITION_PREFIX = "limit#"
RATE_LIMIT_ITEM_PREFIX = "ratelimit#"
AI_BUDGET_PARTITION_PREFIX = "budget#"
AI_BUDGET_ITEM_KEY = "ai-calls"
CHAT_ITEM_PREFIX = "chat#"
JOB_PARTITION_PREFIX = "job#"
JOB_ITEM_KEY = "job"
SHARE_PARTITION_PREFIX = "share#"
SHARE_ITEM_KEY = "share"
# Deliveries of an optimize job message before SQS moves it to the dead-letter queue (redrive policy).
JOB_MAX_RECEIVES = 5


@dataclass(frozen=True)
class NoncurrentRetention:
    """S3's noncurrent-version expiration: an older version goes once it has been noncurrent (replaced by a
    newer one) for `days` AND more than `versions` newer noncurrent versions exist. The current one never goes."""

    versions: int
    days: int

    def expired(self, created_ms_newest_first: list[int], now_ms: int) -> list[int]:
        """Indexes of the versions the rule removes, given each version's creation time, newest (current) first.

        A version becomes noncurrent when the next newer one is created; version i has i - 1 newer noncurrent
        versions."""
        return [
            i
            for i in range(self.versions + 1, len(created_ms_newest_first))
            if now_ms - created_ms_newest_first[i - 1] >= self.days * 86_400_000
        ]


# The snapshot bucket's lifecycle rule (CDK) and the embedded snapshot store's pruning read these numbers: how many
# older snapshots of a session stay restorable, and for how long at least.
SNAPSHOT_RETENTION = NoncurrentRetention(versions=20, days=30)


def snapshot_key(session_id: str) -> str:
    return f"sessions/{session_id}/latest.json"


def job_input_key(job_id: str, extension: str) -> str:
    return f"jobs/{job_id}/input.{extension}"


def job_description_key(job_id: str) -> str:
    return f"jobs/{job_id}/job-description.txt"


def job_result_key(job_id: str, extension: str) -> str:
    return f"jobs/{job_id}/optimized.{extension}"


def export_key(export_id: str, file_name: str) -> str:
    """An exported file sits with the job files: same expiry rule, same IAM prefix, same download route."""
    return f"jobs/{export_id}/{file_name}"


def chat_item_key(ts_ms: int, message_id: str) -> str:
    """Sorts by time; the message id (itself time-ordered and random-suffixed) keeps same-millisecond keys apart."""
    return f"{CHAT_ITEM_PREFIX}{ts_ms:013d}#{message_id}"


def rate_limit_partition(rate_key: str) -> str:
    """The partition of one caller's request counters (`Caller.rate_key`)."""
    return f"{RATE_LIMIT_PARTITION_PREFIX}{rate_key}"


def ai_budget_partition(month: str) -> str:
    """The partition of the AI call counter of a calendar month ("2026-12")."""
    return f"{AI_BUDGET_PARTITION_PREFIX}{month}"


def rate_limit_item_key(scope: str, window: int) -> str:
    """One counter per scope (e.g. "chat") and fixed window number (epoch seconds // window length)."""
    return f"{RATE_LIMIT_ITEM_PREFIX}{scope}#{window}"
