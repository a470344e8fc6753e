import uuid

import pytest

from core.errors import BadRequest
from core.ids import require_uuid4, sortable_id
from core.schema import SESSIONS_TABLE, chat_item_key


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
    }
    assert kwargs["GlobalSecondaryIndexes"][0]["IndexName"] == "jobs-by-session"
