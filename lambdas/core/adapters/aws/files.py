"""Optimize job files on AWS: uploads and results in the jobs bucket, downloaded through presigned URLs."""

from __future__ import annotations

from botocore.exceptions import ClientError

from .clients import client
from .errors import aws_call, error_code

MISSING_OBJECT = frozenset({"NoSuchKey", "404", "NotFound"})


class S3JobFiles:
    def __init__(self, bucket: str, retry_after_s: int) -> None:
        self._bucket = bucket
        self._retry_after_s = retry_after_s

    def put(self, key: str, data: bytes, content_type: str) -> None:
        with aws_call("S3", self._retry_after_s):
            client("s3").put_object(Bucket=self._bucket, Key=key, Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes | None:
        try:
            with aws_call("S3", self._retry_after_s):
                return bytes(client("s3").get_object(Bucket=self._bucket, Key=key)["Body"].read())
        except ClientError as exc:
            if error_code(exc) in MISSING_OBJECT:
                return None
            raise

    def download_url(self, key: str, filename: str, content_type: str, expires_s: int, base_url: str) -> str:
        # Signing is local computation (no request); the URL is valid as long as the signing credentials are.
        return str(
            client("s3").generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self._bucket,
                    "Key": key,
                    "ResponseContentDisposition": f'attachment; filename="{filename}"',
                    "ResponseContentType": content_type,
                },
                ExpiresIn=expires_s,
            )
        )
