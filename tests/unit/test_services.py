"""Session and snapshot services over the embedded adapters (real SQLite and files in a temp dir)."""

import sqlite3
from pathlib import Path

import pytest

from core.adapters.embedded.changes import ChangeFeed
from core.adapters.embedded.db import EmbeddedDb
from core.adapters.embedded.sessions import EmbeddedSessionStore
from core.adapters.embedded.shares import EmbeddedShareStore
from core.adapters.embedded.snapshots import FileSnapshotStore
from core.errors import PayloadTooLarge, VersionConflict
from core.models.session import ChatMessage
from core.services.sessions import SessionService
from core.services.snapshots import SnapshotService, merge_chat
from tests.helpers import ANONYMOUS, new_session_id


@pytest.fixture
def parts(tmp_path: Path):
    db = EmbeddedDb(tmp_path / "db.sqlite")
    store = EmbeddedSessionStore(db, ttl_days=30)
    snapshots = FileSnapshotStore(tmp_path / "snapshots")
    return (
        store,
        snapshots,
        SessionService(store, snapshots, max_resume_bytes=1000),
        SnapshotService(store, snapshots, EmbeddedShareStore(db)),
    )


def drop_hot_copy(store_db: Path, session_id: str) -> None:
    with sqlite3.connect(store_db) as conn:
        conn.execute("DELETE FROM resumes WHERE session_id = ?", (session_id,))
        conn.execute("DELETE FROM chat_messages WHERE session_id = ?", (session_id,))


def message(ts: int, text: str, role: str = "user") -> ChatMessage:
    return ChatMessage(id=f"{ts:013d}abcd{ts % 10:04d}", role=role, text=text, ts=ts)  # type: ignore[arg-type]


def test_unversioned_saves_are_last_writer_wins_and_bump_the_version(parts):
    _, _, sessions, _ = parts
    sid = new_session_id()
    assert sessions.save_resume(sid, "one", None, caller=ANONYMOUS).version == 1
    assert sessions.save_resume(sid, "two", None, caller=ANONYMOUS).version == 2
    assert sessions.get_session(sid, caller=ANONYMOUS).resume == "two"


def test_stale_base_version_is_a_conflict_carrying_the_stored_text(parts):
    _, _, sessions, _ = parts
    sid = new_session_id()
    sessions.save_resume(sid, "v1", 0, caller=ANONYMOUS)
    sessions.save_resume(sid, "v2", 1, caller=ANONYMOUS)
    with pytest.raises(VersionConflict) as raised:
        sessions.save_resume(sid, "mine", 1, caller=ANONYMOUS)
    assert (raised.value.current_version, raised.value.current_text) == (2, "v2")
    assert sessions.get_session(sid, caller=ANONYMOUS).resume == "v2"


def test_text_over_the_limit_is_refused_without_writing(parts):
    _, _, sessions, _ = parts
    sid = new_session_id()
    sessions.save_resume(sid, "kept", None, caller=ANONYMOUS)
    with pytest.raises(PayloadTooLarge) as raised:
        sessions.save_resume(sid, "x" * 1001, None, caller=ANONYMOUS)
    assert raised.value.status == 413
    assert sessions.get_session(sid, caller=ANONYMOUS).resume == "kept"


def test_unknown_session_reads_as_empty_version_zero(parts):
    _, _, sessions, _ = parts
    view = sessions.get_session(new_session_id(), caller=ANONYMOUS)
    assert (view.resume, view.version, view.chat, view.rehydrated) == ("", 0, [], False)


def test_missing_hot_copy_is_rehydrated_from_the_snapshot_and_refilled(parts, tmp_path):
    store, _, sessions, snapshots = parts
    sid = new_session_id()
    sessions.save_resume(sid, "my resume", None, caller=ANONYMOUS)
    store.append_message(sid, message(1, "hello"))
    snapshots.create(sid, caller=ANONYMOUS)
    drop_hot_copy(tmp_path / "db.sqlite", sid)

    view = sessions.get_session(sid, caller=ANONYMOUS)
    assert view.rehydrated and view.rehydratedInMs is not None
    assert (view.resume, view.version, [m.text for m in view.chat]) == ("my resume", 1, ["hello"])
    again = sessions.get_session(sid, caller=ANONYMOUS)
    assert not again.rehydrated and again.resume == "my resume"


def test_versioned_save_after_the_hot_copy_expired_is_judged_against_the_snapshot(parts, tmp_path):
    store, _, sessions, snapshots = parts
    sid = new_session_id()
    sessions.save_resume(sid, "v1", 0, caller=ANONYMOUS)
    snapshots.create(sid, caller=ANONYMOUS)
    drop_hot_copy(tmp_path / "db.sqlite", sid)

    assert sessions.save_resume(sid, "v2 from a tab open for weeks", 1, caller=ANONYMOUS).version == 2
    assert store.get_resume(sid).text == "v2 from a tab open for weeks"


def test_auto_snapshot_writes_only_when_something_changed(parts):
    _, snapshot_store, sessions, snapshots = parts
    sid = new_session_id()
    sessions.save_resume(sid, "a", None, caller=ANONYMOUS)
    assert snapshots.auto_snapshot(sid) is not None
    assert snapshots.auto_snapshot(sid) is None
    sessions.save_resume(sid, "b", None, caller=ANONYMOUS)
    assert snapshots.auto_snapshot(sid) is not None
    assert [s.version for s in snapshot_store.list(sid)] == [2, 1]


def test_snapshot_never_overwrites_the_cold_copy_with_an_emptier_one(parts, tmp_path):
    _, snapshot_store, sessions, snapshots = parts
    sid = new_session_id()
    sessions.save_resume(sid, "precious", None, caller=ANONYMOUS)
    snapshots.create(sid, caller=ANONYMOUS)
    drop_hot_copy(tmp_path / "db.sqlite", sid)
    assert snapshots.auto_snapshot(sid) is None
    created = snapshots.create(sid, caller=ANONYMOUS)
    assert snapshot_store.latest(sid).resume == "precious"
    assert created.snapshotId == snapshot_store.list(sid)[0].snapshotId


def test_snapshots_keep_chat_messages_that_expired_from_the_hot_store():
    old = [message(1, "first"), message(2, "second")]
    hot = [message(2, "second"), message(3, "third")]
    assert [m.text for m in merge_chat(old, hot)] == ["first", "second", "third"]


def test_every_hot_write_reaches_the_change_feed_in_order_until_handled(tmp_path: Path):
    db = EmbeddedDb(tmp_path / "db.sqlite")
    store, feed = EmbeddedSessionStore(db, ttl_days=30), ChangeFeed(db)
    sid = new_session_id()
    store.save_resume(sid, "one", 0, "2026-01-01T00:00:00.000Z")
    store.save_resume(sid, "two", 1, "2026-01-01T00:00:01.000Z")
    store.append_message(sid, message(5, "hi"))
    changes = feed.pending(10)
    assert [(c.item_key, c.event_name) for c in changes] == [
        ("resume#latest", "INSERT"),
        ("resume#latest", "MODIFY"),
        (f"chat#{5:013d}#{message(5, 'hi').id}", "INSERT"),
    ]
    assert [c.session_id for c in changes] == [sid] * 3
    assert feed.pending(1) == changes[:1]
    feed.handled_below(changes[2].seq)
    assert feed.pending(10) == changes[2:]


def test_history_coalesces_automatic_snapshots_and_labels_every_entry(parts):
    _, _, sessions, snapshots = parts
    sid = new_session_id()
    sessions.save_resume(sid, "Jane\nEXPERIENCE\n- one\n", None, caller=ANONYMOUS)
    snapshots.create(sid, caller=ANONYMOUS)  # manual: always its own entry
    for text in ("Jane\nEXPERIENCE\n- one\n- two\n", "Jane\nEXPERIENCE\n- one\n- two\n- three\n"):
        sessions.save_resume(sid, text, None, caller=ANONYMOUS)
        assert snapshots.auto_snapshot(sid) is not None
    snapshots.create(sid, "restore", caller=ANONYMOUS)
    listed = snapshots.history(sid, caller=ANONYMOUS).snapshots
    assert [(s.kind, s.label) for s in listed] == [
        ("restore", "Before restore"),
        ("auto", "+2 lines in Experience"),  # both automatic snapshots of the window, since it began
        ("manual", "+3 lines in the header and Experience"),  # from nothing
    ]
    fetched = snapshots.get(sid, listed[1].snapshotId, caller=ANONYMOUS)
    assert fetched.resume.endswith("- three\n") and fetched.history == [] and fetched.windowBase is None


def test_a_database_written_before_suggestions_were_data_gains_the_column(tmp_path):
    import sqlite3

    from core.adapters.embedded.db import EmbeddedDb
    from core.adapters.embedded.sessions import EmbeddedSessionStore
    from core.models.session import ChatMessage, ChatSuggestion, SuggestionTarget

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the chat table as it was before the suggestions column
        conn.execute(
            "CREATE TABLE chat_messages (session_id TEXT NOT NULL, item_key TEXT NOT NULL, id TEXT NOT NULL, "
            "role TEXT NOT NULL, text TEXT NOT NULL, ts INTEGER NOT NULL, action TEXT, expires_at INTEGER NOT NULL, "
            "PRIMARY KEY (session_id, item_key))"
        )
        conn.execute("INSERT INTO chat_messages VALUES ('s', 'chat#1#a', 'a', 'user', 'hello', 1, 'chat', 99999999999)")
    store = EmbeddedSessionStore(EmbeddedDb(path), ttl_days=1)
    card = ChatSuggestion(text="Built X", target=SuggestionTarget(line=2, text="Made X"))
    store.append_message("s", ChatMessage(id="b", role="assistant", text="Here", ts=2, suggestions=[card]))
    by_id = {m.id: m for m in store.list_messages("s")}
    assert (by_id["a"].text, by_id["a"].suggestions) == ("hello", []) and by_id["b"].suggestions == [card]


def test_a_database_written_before_accounts_gains_the_owner_column(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the resumes table as it was before owners
        conn.execute(
            "CREATE TABLE resumes (session_id TEXT PRIMARY KEY, text TEXT NOT NULL, version INTEGER NOT NULL, "
            "updated_at TEXT NOT NULL, expires_at INTEGER NOT NULL)"
        )
        conn.execute("INSERT INTO resumes VALUES ('s', 'old text', 3, '2026-01-01T00:00:00.000Z', 99999999999)")
    store = EmbeddedSessionStore(EmbeddedDb(path), ttl_days=1)
    old = store.get_resume("s")
    assert old is not None and (old.text, old.version, old.owner) == ("old text", 3, None)
    assert store.claim("s", "person-1")
    assert store.list_owned("person-1", 10)[0][0] == "s"
