"""Cold snapshots in a versioned S3 bucket: `sessions/<id>/latest.json`, history = object versions."""

from __future__ import annotations

from botocore.exceptions import ClientError

from ...models.session import SnapshotMeta, SnapshotPayload
from ...schema import snapshot_key
from .clients import client
from .errors import aws_call, error_code

MISSING = frozenset({"NoSuchKey", "NoSuchVersion", "404", "InvalidArgument"})


class S3SnapshotStore:
    def __init__(self, bucket: str, retry_after_s: int) -> None:
        self._bucket = bucket
        self._retry_after_s = retry_after_s

    def put(self, payload: SnapshotPayload) -> SnapshotMeta:
        body = payload.model_dump_json().encode("utf-8")
        with aws_call("S3", self._retry_after_s):
            out = client("s3").put_object(
                Bucket=self._bucket,
                Key=snapshot_key(payload.sessionId),
                Body=body,
                ContentType="application/json",
                Metadata={"version": str(payload.version), "kind": payload.kind, "messages": str(len(payload.chat))},
            )
        return SnapshotMeta(
            snapshotId=out.get("VersionId") or "null",
            createdAt=payload.createdAt,
            version=payload.version,
            kind=payload.kind,
            sizeBytes=len(body),
        )

    def _get(self, session_id: str, version_id: str | None) -> SnapshotPayload | None:
        extra = {"VersionId": version_id} if version_id else {}
        try:
            with aws_call("S3", self._retry_after_s):
                out = client("s3").get_object(Bucket=self._bucket, Key=snapshot_key(session_id), **extra)
                body = out["Body"].read()
        except ClientError as exc:
            if error_code(exc) in MISSING:
                return None
            raise
        return SnapshotPayload.model_validate_json(body)

    def latest(self, session_id: str) -> SnapshotPayload | None:
        return self._get(session_id, None)

    def get(self, session_id: str, snapshot_id: str) -> SnapshotPayload | None:
        return self._get(session_id, snapshot_id)

    def list(self, session_id: str, limit: int = 100) -> list[SnapshotMeta]:
        key = snapshot_key(session_id)
        with aws_call("S3", self._retry_after_s):
            out = client("s3").list_object_versions(Bucket=self._bucket, Prefix=key, MaxKeys=limit)
        versions = [v for v in out.get("Versions", []) if v["Key"] == key]
        versions.sort(key=lambda v: v["LastModified"], reverse=True)
        return [
            SnapshotMeta(
                snapshotId=v["VersionId"],
                createdAt=v["LastModified"].isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                sizeBytes=v.get("Size"),
            )
            for v in versions[:limit]
        ]
