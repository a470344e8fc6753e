"""Accounts on (AUTH_MODE=cognito), both stores: a signed-in person's session, chat, snapshots, links and jobs are
theirs alone. Another person gets 404 on every route that takes an id, exactly as for an id nobody used."""

from __future__ import annotations

import importlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import pytest
from botocore.retries.standard import ExponentialBackoff

from core import container
from core.adapters.aws.clients import client
from core.adapters.embedded.sessions import NEVER_EXPIRES
from core.clock import iso_from_ms
from core.config import get_settings
from core.ids import ID_PATTERNS
from core.routes import FUNCTIONS, ROUTES
from core.schema import RESUME_ITEM_KEY
from local.openapi import build_openapi
from tests.component.test_session_api import drop_hot_resume
from tests.helpers import ApiResult, aws_error, call, new_session_id, record_calls
from tests.resume_files import JOB_DESCRIPTION, RESUME_TEXT, b64

ALICE, BOB = "a1a1a1a1-0000-4000-8000-00000000000a", "b2b2b2b2-0000-4000-8000-00000000000b"
BOBS_TEXT = "Bob Builder\nEXPERIENCE\n- Built 12 bridges\n"


def api(method: str, path: str, body: Any = None, *, as_user: str | None, **kwargs: Any) -> ApiResult:
    """Call the route's own function, as API Gateway would (with the verified claims of `as_user`); a query string
    in `path` is passed as the query."""
    path, _, search = path.partition("?")
    if search:
        kwargs["query"] = dict(parse_qsl(search))
    route = next(r for r in ROUTES if r.method == method and _matches(r.path, path))
    handler = importlib.import_module(FUNCTIONS[route.function].handler_module).lambda_handler
    return call(handler, method, path, body, signed_in=as_user, **kwargs)


def _matches(template: str, path: str) -> bool:
    wanted, actual = template.split("/"), path.split("/")
    return len(wanted) == len(actual) and all(w == a or w.startswith("{") for w, a in zip(wanted, actual, strict=True))


@dataclass
class World:
    """Everything one person made: a session with chat, a snapshot, a read-only link and a job."""

    owner: str | None
    session_id: str
    snapshot_id: str
    share_id: str
    job_id: str


def make_world(owner: str | None, text: str) -> World:
    sid = new_session_id()
    assert api("PUT", f"/api/resume/{sid}", {"text": text, "baseVersion": 0}, as_user=owner).status == 200
    chat = {"sessionId": sid, "action": "shorten", "selection": "- Built 12 bridges"}
    assert api("POST", "/api/chat", chat, as_user=owner).status == 200
    snapshot = api("POST", f"/api/snapshot/{sid}", as_user=owner)
    assert snapshot.status == 200
    snapshot_id = snapshot.body["snapshotId"]
    shared = api("POST", f"/api/snapshots/{sid}/{snapshot_id}/share", as_user=owner)
    assert shared.status == 201
    job = {"resume": b64(RESUME_TEXT.encode()), "jobDescription": JOB_DESCRIPTION, "sessionId": sid}
    submitted = api("POST", "/api/optimize", job, as_user=owner)
    assert submitted.status == 202
    return World(owner, sid, snapshot_id, shared.body["shareId"], submitted.body["jobId"])


# What a stranger tries on every route that names a session, job or link, and what they must get. A new route
# taking an id must be added here (test_every_route_taking_an_id_is_tried_by_a_stranger fails until it is).
Attempt = Callable[[World, str], ApiResult]
STRANGER_ATTEMPTS: dict[tuple[str, str], tuple[Attempt, int]] = {
    ("GET", "/api/session/{sessionId}"): (lambda w, u: api("GET", f"/api/session/{w.session_id}", as_user=u), 404),
    ("PUT", "/api/resume/{sessionId}"): (
        lambda w, u: api("PUT", f"/api/resume/{w.session_id}", {"text": "taken over"}, as_user=u),
        404,
    ),
    ("POST", "/api/resumes/{sessionId}/claim"): (
        lambda w, u: api("POST", f"/api/resumes/{w.session_id}/claim", as_user=u),
        404,
    ),
    ("POST", "/api/snapshot/{sessionId}"): (lambda w, u: api("POST", f"/api/snapshot/{w.session_id}", as_user=u), 404),
    ("GET", "/api/snapshots/{sessionId}"): (lambda w, u: api("GET", f"/api/snapshots/{w.session_id}", as_user=u), 404),
    ("GET", "/api/snapshots/{sessionId}/{snapshotId}"): (
        lambda w, u: api("GET", f"/api/snapshots/{w.session_id}/{w.snapshot_id}", as_user=u),
        404,
    ),
    ("POST", "/api/snapshots/{sessionId}/{snapshotId}/share"): (
        lambda w, u: api("POST", f"/api/snapshots/{w.session_id}/{w.snapshot_id}/share", as_user=u),
        404,
    ),
    ("GET", "/api/shares/{sessionId}"): (lambda w, u: api("GET", f"/api/shares/{w.session_id}", as_user=u), 404),
    # The one public read: a link is meant for anyone (no sign-in at all).
    ("GET", "/api/shared/{shareId}"): (lambda w, u: api("GET", f"/api/shared/{w.share_id}", as_user=None), 200),
    ("DELETE", "/api/shared/{shareId}"): (
        lambda w, u: api("DELETE", f"/api/shared/{w.share_id}?sessionId={w.session_id}", as_user=u),
        404,
    ),
    ("POST", "/api/chat"): (
        lambda w, u: api("POST", "/api/chat", {"sessionId": w.session_id, "message": "show me"}, as_user=u),
        404,
    ),
    ("POST", "/api/optimize"): (
        lambda w, u: api(
            "POST",
            "/api/optimize",
            {"resume": b64(RESUME_TEXT.encode()), "jobDescription": JOB_DESCRIPTION, "sessionId": w.session_id},
            as_user=u,
        ),
        404,
    ),
    ("GET", "/api/status"): (lambda w, u: api("GET", "/api/status", query={"jobId": w.job_id}, as_user=u), 404),
    ("GET", "/api/jobs"): (lambda w, u: api("GET", "/api/jobs", query={"sessionId": w.session_id}, as_user=u), 404),
}


def _takes_an_id(operation: dict[str, Any], schemas: dict[str, Any]) -> bool:
    if any(p["name"] in ID_PATTERNS for p in operation.get("parameters", [])):
        return True
    body = json.dumps(operation.get("requestBody", {}))
    refs = [name for name in schemas if f'"#/components/schemas/{name}"' in body]
    return any(set(schemas[name].get("properties", {})) & set(ID_PATTERNS) for name in refs)


def test_every_route_taking_an_id_is_tried_by_a_stranger():
    document = build_openapi()
    schemas = document["components"]["schemas"]
    taking_ids = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if _takes_an_id(operation, schemas)
    }
    assert taking_ids == set(STRANGER_ATTEMPTS)
    # Everything else names nobody's data: a new route must be placed on one side or the other.
    assert {(r.method, r.path) for r in ROUTES} - taking_ids == NAMES_NO_SESSION


NAMES_NO_SESSION = {
    ("GET", "/api/health"),
    ("GET", "/api/llm/status"),
    ("GET", "/api/resumes"),  # the caller's own list
    ("POST", "/api/export"),  # renders the text it is sent; its download URL is an expiring signed capability
}


@pytest.mark.parametrize("route", sorted(STRANGER_ATTEMPTS), ids=lambda r: f"{r[0]} {r[1]}")
def test_a_stranger_cannot_see_or_touch_another_persons_session(any_store, accounts, route: tuple[str, str]):
    bob = make_world(BOB, BOBS_TEXT)
    attempt, expected = STRANGER_ATTEMPTS[route]
    answer = attempt(bob, ALICE)
    assert answer.status == expected, answer.body
    if expected == 404:
        assert answer.body["error"] == "not_found"
        assert "Bob" not in json.dumps(answer.body)  # never a word of the session's text
    else:
        assert answer.body["resume"] == BOBS_TEXT  # the public link shows the shared snapshot, nothing more
        assert set(answer.body) == {"shareId", "resume", "createdAt"}
    # Bob's things are as he left them, and still his.
    session = api("GET", f"/api/session/{bob.session_id}", as_user=BOB)
    assert (session.status, session.body["resume"], session.body["version"]) == (200, BOBS_TEXT, 1)
    assert len(session.body["chat"]) == 2
    assert len(api("GET", f"/api/snapshots/{bob.session_id}", as_user=BOB).body["snapshots"]) == 1
    assert [s["shareId"] for s in api("GET", f"/api/shares/{bob.session_id}", as_user=BOB).body["shares"]] == [
        bob.share_id
    ]
    jobs = api("GET", "/api/jobs", query={"sessionId": bob.session_id}, as_user=BOB).body["jobs"]
    assert [j["jobId"] for j in jobs] == [bob.job_id]
    assert api("GET", "/api/status", query={"jobId": bob.job_id}, as_user=BOB).status == 200


def test_the_owner_uses_every_route_of_their_own_session(any_store, accounts):
    bob = make_world(BOB, BOBS_TEXT)
    for (method, path), (attempt, _) in STRANGER_ATTEMPTS.items():
        answer = attempt(bob, BOB)
        assert answer.status in (200, 201, 202), (method, path, answer.body)


def test_a_strangers_stale_save_is_a_404_not_a_conflict_with_the_owners_text(any_store, accounts):
    bob = make_world(BOB, BOBS_TEXT)
    for base in (0, 1, 7):
        answer = api("PUT", f"/api/resume/{bob.session_id}", {"text": "mine", "baseVersion": base}, as_user=ALICE)
        assert answer.status == 404 and "currentText" not in answer.body
    own = api("PUT", f"/api/resume/{bob.session_id}", {"text": "stale", "baseVersion": 0}, as_user=BOB)
    assert (own.status, own.body["currentText"]) == (409, BOBS_TEXT)


def test_my_resumes_lists_only_the_callers_newest_first(any_store, accounts, monkeypatch):
    ticks = iter(range(1_800_000_000_000, 1_800_000_001_000, 10))  # saves one after another, never the same ms
    monkeypatch.setattr("core.services.sessions.now_iso", lambda: iso_from_ms(next(ticks)))
    first, second, bobs = new_session_id(), new_session_id(), new_session_id()
    assert api("PUT", f"/api/resume/{first}", {"text": "\n  # Alice Anders\n- one"}, as_user=ALICE).status == 200
    assert api("PUT", f"/api/resume/{bobs}", {"text": BOBS_TEXT}, as_user=BOB).status == 200
    assert api("PUT", f"/api/resume/{second}", {"text": "Alice A. " + "x" * 200}, as_user=ALICE).status == 200
    # A job of Alice's (same table on AWS) never shows up as a resume.
    job = {"resume": b64(RESUME_TEXT.encode()), "jobDescription": JOB_DESCRIPTION, "sessionId": first}
    assert api("POST", "/api/optimize", job, as_user=ALICE).status == 202
    listed = api("GET", "/api/resumes", as_user=ALICE)
    assert listed.status == 200
    assert [(r["sessionId"], r["title"], r["version"]) for r in listed.body["resumes"]] == [
        (second, ("Alice A. " + "x" * 200)[:120], 1),
        (first, "Alice Anders", 1),
    ]
    assert [r["sessionId"] for r in api("GET", "/api/resumes", as_user=BOB).body["resumes"]] == [bobs]
    assert api("GET", "/api/resumes", as_user="c3c3c3c3-0000-4000-8000-00000000000c").body == {"resumes": []}


def test_anonymous_callers_have_no_list_and_cannot_claim(any_store):
    sid = new_session_id()
    assert call_anonymous("PUT", f"/api/resume/{sid}", {"text": "made before signing in"}).status == 200
    assert call_anonymous("GET", "/api/resumes").body == {"resumes": []}
    refused = call_anonymous("POST", f"/api/resumes/{sid}/claim")
    assert (refused.status, refused.body["error"]) == (409, "sign_in_required")


def call_anonymous(method: str, path: str, body: Any = None, **kwargs: Any) -> ApiResult:
    return api(method, path, body, as_user=None, **kwargs)


def anonymous_world(monkeypatch: pytest.MonkeyPatch) -> World:
    """A session made with accounts off (it has no owner), with a snapshot, a link and a job."""
    monkeypatch.setenv("AUTH_MODE", "none")
    container.reset()
    world = make_world(None, "Anne Nobody\n- Wrote 3 books\n")
    monkeypatch.setenv("AUTH_MODE", "cognito")
    container.reset()
    return world


def test_a_session_without_owner_keeps_capability_semantics_until_claimed(any_store, accounts, monkeypatch):
    anne = anonymous_world(monkeypatch)
    # Anyone holding the id may use it (today's behaviour), signed in or not.
    assert api("GET", f"/api/session/{anne.session_id}", as_user=BOB).body["resume"].startswith("Anne")
    assert api("GET", "/api/status", query={"jobId": anne.job_id}, as_user=BOB).status == 200

    claimed = api("POST", f"/api/resumes/{anne.session_id}/claim", as_user=ALICE)
    assert (claimed.status, claimed.body) == (200, {"sessionId": anne.session_id, "claimed": True})
    again = api("POST", f"/api/resumes/{anne.session_id}/claim", as_user=ALICE)
    assert again.status == 200  # already hers: the same answer
    assert [r["sessionId"] for r in api("GET", "/api/resumes", as_user=ALICE).body["resumes"]] == [anne.session_id]

    # Now hers alone: the session, its older snapshots and links, and its job list. (An anonymous job's id stays
    # its own capability, like a public link's.)
    capabilities = {("GET", "/api/shared/{shareId}"), ("GET", "/api/status")}
    for route in STRANGER_ATTEMPTS:
        if route not in capabilities:
            attempt, expected = STRANGER_ATTEMPTS[route]
            assert attempt(anne, BOB).status == expected, route
    assert api("GET", f"/api/snapshots/{anne.session_id}/{anne.snapshot_id}", as_user=ALICE).status == 200
    assert api("GET", "/api/status", query={"jobId": anne.job_id}, as_user=ALICE).status == 200


def test_claiming_nothing_stored_is_a_404(any_store, accounts):
    answer = api("POST", f"/api/resumes/{new_session_id()}/claim", as_user=ALICE)
    assert (answer.status, answer.body["error"]) == (404, "not_found")


def test_a_shared_snapshot_reads_without_sign_in_until_revoked(any_store, accounts):
    bob = make_world(BOB, BOBS_TEXT)
    api("PUT", f"/api/resume/{bob.session_id}", {"text": "Bob Builder\n- newer, unshared"}, as_user=BOB)
    shared = api("GET", f"/api/shared/{bob.share_id}", as_user=None)
    assert shared.status == 200 and shared.body["resume"] == BOBS_TEXT  # the snapshot's text, not today's
    revoke = f"/api/shared/{bob.share_id}?sessionId={bob.session_id}"
    assert api("DELETE", revoke, as_user=ALICE).status == 404  # not hers to revoke
    assert api("GET", f"/api/shared/{bob.share_id}", as_user=None).status == 200
    revoked = api("DELETE", revoke, as_user=BOB)
    assert (revoked.status, revoked.body) == (200, {"revoked": True})
    gone = api("GET", f"/api/shared/{bob.share_id}", as_user=None)
    assert (gone.status, gone.body["error"]) == (404, "not_found")
    assert api("GET", f"/api/shares/{bob.session_id}", as_user=BOB).body == {"shares": []}
    assert api("DELETE", revoke, as_user=BOB).status == 404
    assert api("GET", f"/api/shared/{new_session_id()}", as_user=None).status == 404
    assert api("GET", "/api/shared/not-a-uuid", as_user=None).status == 400


def test_a_link_alone_revokes_nothing_even_of_a_session_without_owner(any_store, accounts, monkeypatch):
    anne = anonymous_world(monkeypatch)  # made with accounts off: no owner
    # Bob holds only the read-only link (the share id), not the session.
    assert api("DELETE", f"/api/shared/{anne.share_id}", as_user=BOB).status == 422  # sessionId is required
    assert api("DELETE", f"/api/shared/{anne.share_id}?sessionId={new_session_id()}", as_user=BOB).status == 404
    assert api("GET", f"/api/shared/{anne.share_id}", as_user=None).status == 200
    # Whoever holds the session (its id is the capability while it has no owner) may revoke.
    revoked = api("DELETE", f"/api/shared/{anne.share_id}?sessionId={anne.session_id}", as_user=BOB)
    assert revoked.status == 200
    assert api("GET", f"/api/shared/{anne.share_id}", as_user=None).status == 404


@pytest.mark.parametrize(
    "body", [{"text": "taken over", "baseVersion": 0}, {"text": "taken over"}], ids=["first-save", "last-writer-wins"]
)
def test_a_strangers_save_never_takes_a_session_whose_hot_copy_is_gone(any_store, accounts, body):
    bob = make_world(BOB, BOBS_TEXT)
    drop_hot_resume(any_store, bob.session_id)  # lost (a restore, an accident): the snapshot still says whose
    taken = api("PUT", f"/api/resume/{bob.session_id}", body, as_user=ALICE)
    assert (taken.status, taken.body["error"]) == (404, "not_found")
    assert api("GET", f"/api/shares/{bob.session_id}", as_user=ALICE).status == 404
    mine = api("GET", f"/api/session/{bob.session_id}", as_user=BOB)
    assert mine.status == 200 and mine.body["resume"] == BOBS_TEXT and mine.body["chat"]


def test_the_owners_save_after_the_hot_copy_is_gone_brings_the_session_back(any_store, accounts):
    bob = make_world(BOB, BOBS_TEXT)
    drop_hot_resume(any_store, bob.session_id)
    # A last-writer-wins save is judged against the snapshot brought back, and goes on from its version.
    saved = api("PUT", f"/api/resume/{bob.session_id}", {"text": "Bob Builder\n- later"}, as_user=BOB)
    assert saved.status == 200 and saved.body["version"] == 2
    # A client that thinks the session is new (version 0) hears of the snapshot's version instead of erasing it.
    drop_hot_resume(any_store, bob.session_id)
    stale = api("PUT", f"/api/resume/{bob.session_id}", {"text": "fresh", "baseVersion": 0}, as_user=BOB)
    assert (stale.status, stale.body["currentVersion"]) == (409, 1)
    assert api("GET", f"/api/session/{bob.session_id}", as_user=BOB).body["resume"] == BOBS_TEXT


def test_a_rehydrated_session_keeps_its_owner(any_store, accounts):
    bob = make_world(BOB, BOBS_TEXT)
    drop_hot_resume(any_store, bob.session_id)  # the hot copy is lost; the snapshot carries the owner
    assert api("GET", f"/api/session/{bob.session_id}", as_user=ALICE).status == 404
    assert api("PUT", f"/api/resume/{bob.session_id}", {"text": "mine", "baseVersion": 1}, as_user=ALICE).status == 404
    back = api("GET", f"/api/session/{bob.session_id}", as_user=BOB)
    assert (back.status, back.body["resume"], back.body["rehydrated"]) == (200, BOBS_TEXT, True)
    assert api("GET", f"/api/session/{bob.session_id}", as_user=ALICE).status == 404
    assert [r["sessionId"] for r in api("GET", "/api/resumes", as_user=BOB).body["resumes"]] == [bob.session_id]


def test_an_owned_resume_does_not_expire_and_an_anonymous_one_keeps_the_hot_ttl(any_store, accounts, monkeypatch):
    anne = anonymous_world(monkeypatch)
    bob = make_world(BOB, BOBS_TEXT)
    assert _expiry(any_store, anne.session_id) is not None
    assert _expiry(any_store, bob.session_id) is None
    assert api("POST", f"/api/resumes/{anne.session_id}/claim", as_user=ALICE).status == 200
    assert _expiry(any_store, anne.session_id) is None


def _expiry(storage: str, session_id: str) -> int | None:
    """The resume item's expiry (epoch seconds), None when it never expires."""
    settings = get_settings()
    if storage == "aws":
        key = {"sessionId": {"S": session_id}, "itemKey": {"S": RESUME_ITEM_KEY}}
        item = client("dynamodb").get_item(TableName=settings.ddb_table, Key=key)["Item"]
        return int(item["expiresAt"]["N"]) if "expiresAt" in item else None
    with sqlite3.connect(settings.data_dir / "resume-chat.db") as conn:
        (expires_at,) = conn.execute("SELECT expires_at FROM resumes WHERE session_id = ?", (session_id,)).fetchone()
    return None if expires_at == NEVER_EXPIRES else int(expires_at)


def _chat_expiries(storage: str, session_id: str) -> list[int | None]:
    """Each chat message item's expiry (epoch seconds), None when it never expires."""
    settings = get_settings()
    if storage == "aws":
        items = client("dynamodb").query(
            TableName=settings.ddb_table,
            KeyConditionExpression="sessionId = :sid AND begins_with(itemKey, :chat)",
            ExpressionAttributeValues={":sid": {"S": session_id}, ":chat": {"S": "chat#"}},
        )["Items"]
        return [int(i["expiresAt"]["N"]) if "expiresAt" in i else None for i in items]
    with sqlite3.connect(settings.data_dir / "resume-chat.db") as conn:
        rows = conn.execute("SELECT expires_at FROM chat_messages WHERE session_id = ?", (session_id,)).fetchall()
    return [None if expires_at == NEVER_EXPIRES else int(expires_at) for (expires_at,) in rows]


def test_an_owned_sessions_chat_does_not_expire_either(any_store, accounts, monkeypatch):
    # An owned session is never rehydrated after idling (its resume stays), so its chat must stay with it.
    bob = make_world(BOB, BOBS_TEXT)
    assert _chat_expiries(any_store, bob.session_id) == [None, None]
    anne = anonymous_world(monkeypatch)
    assert len(_chat_expiries(any_store, anne.session_id)) == 2 and all(_chat_expiries(any_store, anne.session_id))
    # Claimed, snapshotted, then brought back from that snapshot: its messages are kept as the owner's.
    assert api("POST", f"/api/resumes/{anne.session_id}/claim", as_user=ALICE).status == 200
    assert container.snapshot_service().auto_snapshot(anne.session_id) is not None
    drop_hot_resume(any_store, anne.session_id)
    assert api("GET", f"/api/session/{anne.session_id}", as_user=ALICE).body["rehydrated"] is True
    assert _chat_expiries(any_store, anne.session_id) == [None, None]


def test_a_claimed_sessions_next_snapshot_carries_its_owner_for_rehydration(any_store, accounts, monkeypatch):
    anne = anonymous_world(monkeypatch)
    assert api("POST", f"/api/resumes/{anne.session_id}/claim", as_user=ALICE).status == 200
    # What the table's stream does after the claim's write (the local runtime feeds its change rows the same way).
    assert container.snapshot_service().auto_snapshot(anne.session_id) is not None
    latest = container.snapshot_store().latest(anne.session_id)
    assert latest is not None and latest.owner == ALICE
    drop_hot_resume(any_store, anne.session_id)
    assert api("GET", f"/api/session/{anne.session_id}", as_user=BOB).status == 404
    back = api("GET", f"/api/session/{anne.session_id}", as_user=ALICE)
    assert (back.status, back.body["rehydrated"]) == (200, True)
    assert [r["sessionId"] for r in api("GET", "/api/resumes", as_user=ALICE).body["resumes"]] == [anne.session_id]


def test_claiming_a_session_that_lives_only_in_its_snapshot_brings_it_back_as_the_callers(
    any_store, accounts, monkeypatch
):
    anne = anonymous_world(monkeypatch)
    drop_hot_resume(any_store, anne.session_id)  # expired: an anonymous resume keeps the hot TTL
    assert api("POST", f"/api/resumes/{anne.session_id}/claim", as_user=ALICE).status == 200
    assert api("GET", f"/api/session/{anne.session_id}", as_user=BOB).status == 404
    mine = api("GET", f"/api/session/{anne.session_id}", as_user=ALICE)
    assert mine.status == 200 and mine.body["resume"].startswith("Anne Nobody")


def test_a_signed_in_autosave_is_still_one_conditional_write_and_so_is_a_strangers_refusal(moto_env, accounts):
    sid = new_session_id()
    with record_calls(client("dynamodb"), client("s3")) as log:
        # The first save would create the resume: it looks for a snapshot of the session first (none here).
        assert api("PUT", f"/api/resume/{sid}", {"text": "v1", "baseVersion": 0}, as_user=BOB).status == 200
        assert api("PUT", f"/api/resume/{sid}", {"text": "v2"}, as_user=BOB).status == 200
        assert api("PUT", f"/api/resume/{sid}", {"text": "x", "baseVersion": 2}, as_user=ALICE).status == 404
        assert api("PUT", f"/api/resume/{sid}", {"text": "x"}, as_user=ALICE).status == 404
    assert log.calls == [("s3", "GetObject")] + [("dynamodb", "PutItem"), ("dynamodb", "UpdateItem")] * 2


@pytest.mark.parametrize(
    ("operation", "request_of"),
    [
        ("Query", lambda w: ("GET", "/api/resumes", ALICE)),
        ("UpdateItem", lambda w: ("POST", f"/api/resumes/{w.session_id}/claim", ALICE)),
        ("PutItem", lambda w: ("POST", f"/api/snapshots/{w.session_id}/{w.snapshot_id}/share", ALICE)),
        ("Query", lambda w: ("GET", f"/api/shares/{w.session_id}", ALICE)),
        ("GetItem", lambda w: ("GET", f"/api/shared/{w.share_id}", None)),
        ("DeleteItem", lambda w: ("DELETE", f"/api/shared/{w.share_id}?sessionId={w.session_id}", ALICE)),
    ],
    ids=["my-resumes", "claim", "share", "list-links", "read-link", "revoke"],
)
def test_throttled_account_operations_are_503_and_change_nothing(
    moto_env, accounts, monkeypatch, operation, request_of
):
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)
    anne = anonymous_world(monkeypatch)
    method, path, user = request_of(anne)
    with aws_error(client("dynamodb"), operation, "ProvisionedThroughputExceededException"):
        answer = api(method, path, as_user=user)
    assert (answer.status, answer.body["error"]) == (503, "service_unavailable") and answer.headers["Retry-After"]
    # Still nobody's, still one link, still readable.
    assert api("GET", f"/api/session/{anne.session_id}", as_user=BOB).status == 200
    assert [s["shareId"] for s in api("GET", f"/api/shares/{anne.session_id}", as_user=BOB).body["shares"]] == [
        anne.share_id
    ]
    assert api("GET", f"/api/shared/{anne.share_id}", as_user=None).status == 200


def test_my_resumes_follows_the_index_pages(moto_env, accounts, monkeypatch):
    # DynamoDB ends a query page at 1 MB, which a few large resumes fill: the list follows LastEvaluatedKey.
    made = [new_session_id() for _ in range(3)]
    for sid in made:
        assert api("PUT", f"/api/resume/{sid}", {"text": f"Ada {sid}", "baseVersion": 0}, as_user=ALICE).status == 200
    ddb = client("dynamodb")
    real_query = ddb.query
    pages: list[int] = []

    def one_item_pages(**kwargs: Any) -> dict[str, Any]:
        out = real_query(**{**kwargs, "Limit": 1})  # as if each page were full after one item
        pages.append(len(out["Items"]))
        return out

    monkeypatch.setattr(ddb, "query", one_item_pages)
    listed = api("GET", "/api/resumes", as_user=ALICE).body["resumes"]
    assert sorted(r["sessionId"] for r in listed) == sorted(made) and len(pages) >= 3
