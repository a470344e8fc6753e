"""snapshot λ: the snapshot API, read-only links to snapshots, and the table stream consumer that keeps the S3 copy
fresh off the save path."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from core import container
from core.auth import caller_of
from core.http import answers, error_doc, make_resolver
from core.models.session import (
    CreateSnapshotRequest,
    ShareCreated,
    SharedResume,
    ShareList,
    ShareRevoked,
    SnapshotCreated,
    SnapshotList,
    SnapshotResponse,
)
from core.observability import instrumented
from core.schema import CHAT_ITEM_PREFIX, RESUME_ITEM_KEY, SESSIONS_TABLE

app = make_resolver()


THEIRS = "Another person's session"


@app.post(
    "/api/snapshot/<sessionId>",
    summary="Take a snapshot now",
    responses=answers(SnapshotCreated, "Nothing to snapshot, or another person's session"),
)
def create_snapshot(
    sessionId: str,
    request: Annotated[CreateSnapshotRequest | None, Body()] = None,
) -> SnapshotCreated:
    kind = request.kind if request else "manual"
    return container.snapshot_service().create(sessionId, kind, caller=caller_of(app.current_event))


@app.get(
    "/api/snapshots/<sessionId>", summary="Snapshot history, newest first", responses=answers(SnapshotList, THEIRS)
)
def list_snapshots(sessionId: str) -> SnapshotList:
    return container.snapshot_service().history(sessionId, caller=caller_of(app.current_event))


@app.get(
    "/api/snapshots/<sessionId>/<snapshotId>",
    summary="One snapshot's payload",
    responses=answers(SnapshotResponse, "No such snapshot, or another person's session"),
)
def get_snapshot(sessionId: str, snapshotId: str) -> SnapshotResponse:
    return container.snapshot_service().get(sessionId, snapshotId, caller=caller_of(app.current_event))


@app.post(
    "/api/snapshots/<sessionId>/<snapshotId>/share",
    summary="A read-only link to one snapshot's resume text (revocable)",
    responses={
        201: {"description": "Shared", "content": {"application/json": {"model": ShareCreated}}},
        404: error_doc("No such snapshot, or another person's session"),
    },
)
def share_snapshot(sessionId: str, snapshotId: str) -> Response[ShareCreated]:
    created = container.snapshot_service().share(sessionId, snapshotId, caller=caller_of(app.current_event))
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=created)


@app.get(
    "/api/shares/<sessionId>", summary="A session's read-only links, newest first", responses=answers(ShareList, THEIRS)
)
def list_shares(sessionId: str) -> ShareList:
    return container.snapshot_service().shares(sessionId, caller=caller_of(app.current_event))


@app.get(
    "/api/shared/<shareId>",
    summary="A shared snapshot's resume text: read-only, no sign-in",
    responses=answers(SharedResume, "No such link, or it was revoked"),
)
def read_shared(shareId: str) -> SharedResume:
    return container.snapshot_service().shared(shareId)


@app.delete(
    "/api/shared/<shareId>",
    summary="Revoke a read-only link (naming its session: the link alone revokes nothing)",
    responses=answers(ShareRevoked, "No such link of that session, or another person's"),
)
def revoke_share(shareId: str, sessionId: Annotated[str, Query()]) -> ShareRevoked:
    return container.snapshot_service().revoke(shareId, sessionId, caller=caller_of(app.current_event))


def _snapshot_after_change(record: DynamoDBRecord, done: set[str]) -> None:
    keys = record.dynamodb.keys if record.dynamodb else {}
    session_id = str(keys.get(SESSIONS_TABLE.partition_key, ""))
    item_key = str(keys.get(SESSIONS_TABLE.sort_key or "", ""))
    # Only session items matter (not jobs), and TTL deletions need no snapshot.
    if record.event_name and record.event_name.name == "REMOVE":
        return
    if not (item_key == RESUME_ITEM_KEY or item_key.startswith(CHAT_ITEM_PREFIX)) or session_id in done:
        return
    container.snapshot_service().auto_snapshot(session_id)
    done.add(session_id)  # one snapshot per session per batch: it reads the latest state anyway


def stream_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    done: set[str] = set()
    # Failures are reported per record (Lambda retries from the first), never as a crashed invocation.
    processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)
    response = process_partial_response(
        event=event,
        record_handler=lambda record: _snapshot_after_change(record, done),
        processor=processor,
        context=context,
    )
    return dict(response)


def _dispatch(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if "Records" in event:
        return stream_handler(event, context)
    return app.resolve(event, context)


lambda_handler = instrumented(_dispatch, correlation_paths.API_GATEWAY_REST)
