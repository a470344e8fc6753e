import re
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import BadRequest
from core.ids import SNAPSHOT_ID_PATTERN, UUID4_PATTERN, is_snapshot_id, require_uuid4, sortable_id
from core.models.jobs import JobRecord
from core.schema import RESUMES_BY_OWNER, SESSIONS_TABLE, SHARES_BY_SESSION, chat_item_key


def test_uuid4_is_accepted_and_normalised():
    value = str(uuid.uuid4())
    assert require_uuid4(value.upper(), "sessionId") == value


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "abc",
        "../../etc/passwd",
        "a8098c1a-f86e-11da-bd1a-00112444be1e",  # a version-1 UUID
        "00000000-0000-0000-0000-000000000000",
        "{" + "a" * 36 + "}",
    ],
)
def test_anything_but_a_uuid4_is_a_bad_request(bad):
    with pytest.raises(BadRequest) as raised:
        require_uuid4(bad, "sessionId")
    assert raised.value.status == 400
    assert raised.value.body()["field"] == "sessionId"


def test_sortable_ids_in_the_same_millisecond_differ_and_sort_by_time():
    same_ms = {sortable_id(1_700_000_000_000) for _ in range(1000)}
    assert len(same_ms) == 1000
    assert sortable_id(1_700_000_000_000) < sortable_id(1_700_000_000_001)


def test_chat_item_keys_sort_by_time_then_id():
    keys = [chat_item_key(2, "b"), chat_item_key(10, "a"), chat_item_key(2, "a")]
    assert sorted(keys) == [chat_item_key(2, "a"), chat_item_key(2, "b"), chat_item_key(10, "a")]


def test_boto3_table_definition_comes_from_the_schema():
    kwargs = SESSIONS_TABLE.boto3_create_kwargs("t")
    assert kwargs["KeySchema"] == [
        {"AttributeName": "sessionId", "KeyType": "HASH"},
        {"AttributeName": "itemKey", "KeyType": "RANGE"},
    ]
    assert {d["AttributeName"] for d in kwargs["AttributeDefinitions"]} == {
        "sessionId",
        "itemKey",
        "jobSessionId",
        "createdAt",
        "resumeOwner",
        "updatedAt",
        "shareSessionId",
    }
    assert [i["IndexName"] for i in kwargs["GlobalSecondaryIndexes"]] == [
        "jobs-by-session",
        "resumes-by-owner",
        "shares-by-session",
    ]


def test_owner_and_share_indexes_are_sparse_over_attributes_no_job_carries():
    """Jobs live in the same table: an attribute a job item has would put every job into the index."""
    job_attributes = set(JobRecord.model_fields)
    for index in (RESUMES_BY_OWNER, SHARES_BY_SESSION):
        assert index.partition_key not in job_attributes


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.from_regex(UUID4_PATTERN, fullmatch=True), st.uuids().map(str), st.text(max_size=40)))
def test_the_documented_uuid4_pattern_is_exactly_what_require_uuid4_accepts(value):
    documented = re.fullmatch(UUID4_PATTERN, value) is not None
    try:
        require_uuid4(value, "sessionId")
        accepted = True
    except BadRequest:
        accepted = False
    assert accepted == documented


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.from_regex(SNAPSHOT_ID_PATTERN, fullmatch=True), st.text(max_size=30)))
def test_snapshot_ids_follow_the_documented_pattern(value):
    assert is_snapshot_id(value) == (re.fullmatch(SNAPSHOT_ID_PATTERN, value) is not None)


def test_snapshot_ids_of_both_stores_fit_the_pattern():
    # sortable_id (embedded) and an S3 version id in the shape AWS documents.
    assert is_snapshot_id(sortable_id()) and is_snapshot_id(
        "3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo"
    )
    assert not is_snapshot_id("a/b") and not is_snapshot_id("abc\n")
