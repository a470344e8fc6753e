from __future__ import annotations

import re
import time

from ..auth import Caller
from ..clock import now_iso
from ..errors import (
    NO_SUCH_SESSION,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    SignInRequired,
    VersionConflict,
)
from ..ids import log_id, require_uuid4
from ..models.session import (
    ClaimResponse,
    ResumeDoc,
    ResumeList,
    ResumeSummary,
    SaveResumeResponse,
    SessionResponse,
    SnapshotPayload,
)
from ..observability import logger, metrics
from ..ports.sessions import NoHotCopy, SessionStore, SnapshotStore
from .access import require_use

# The session view returns recent history only; the full history lives in snapshots.
SESSION_CHAT_LIMIT = 200
# "My resumes" lists at most this many (newest first).
MY_RESUMES_LIMIT = 100
TITLE_CHARS = 120
FIRST_TEXT_LINE = re.compile(r"[^\s#][^\n]*")  # headings' "#" marks are not part of the title
UNTITLED = "Untitled resume"


def resume_title(text: str) -> str:
    """The first non-blank line (a resume's name line), at most TITLE_CHARS characters."""
    match = FIRST_TEXT_LINE.search(text)
    return match.group().strip()[:TITLE_CHARS] if match else UNTITLED


def require_resume_size(text: str, max_bytes: int) -> None:
    """A resume text is limited in UTF-8 bytes (what storage holds)."""
    size = len(text.encode("utf-8"))  # text arrives as valid Unicode: core.http refuses lone surrogates
    if size > max_bytes:
        raise PayloadTooLarge(f"The resume is {size} bytes; the limit is {max_bytes} bytes.", limitBytes=max_bytes)


class SessionService:
    def __init__(self, store: SessionStore, snapshots: SnapshotStore, max_resume_bytes: int) -> None:
        self._store = store
        self._snapshots = snapshots
        self._max_resume_bytes = max_resume_bytes

    def get_session(
        self, session_id: str, known_version: int | None = None, *, caller: Caller
    ) -> SessionResponse | None:
        """The session; None when `known_version` is given and is still the resume's version (a client polling for
        freshness: one GetItem, no chat Query). A missing hot copy is "version 0" only when no snapshot exists
        either, else the snapshot is brought back and the full answer sent. Another person's session: NotFound."""
        session_id = require_uuid4(session_id, "sessionId")
        doc = self._store.get_resume(session_id)
        if doc is not None:
            require_use(doc.owner, caller)
        unchanged = known_version is not None and known_version == (doc.version if doc else 0)
        if unchanged and doc is not None:
            return None
        rehydrated_ms: float | None = None
        if doc is None:
            started = time.perf_counter()
            snapshot = self._snapshots.latest(session_id)  # read once: it decides the 304 and refills the store
            if snapshot is None and unchanged:
                return None
            doc = self._restore(session_id, snapshot, caller) if snapshot is not None else None
            if doc is not None:
                rehydrated_ms = round((time.perf_counter() - started) * 1000, 1)
        chat = self._store.list_messages(session_id, limit=SESSION_CHAT_LIMIT)
        return SessionResponse(
            sessionId=session_id,
            resume=doc.text if doc else "",
            version=doc.version if doc else 0,
            updatedAt=doc.updatedAt if doc else None,
            chat=chat,
            rehydrated=rehydrated_ms is not None,
            rehydratedInMs=rehydrated_ms,
        )

    def rehydrate(self, session_id: str, caller: Caller) -> ResumeDoc | None:
        """Refill the hot store from the newest snapshot; None when the session was never snapshotted. Another
        person's snapshot: NotFound (their session is not brought back on a stranger's request)."""
        snapshot = self._snapshots.latest(session_id)
        return self._restore(session_id, snapshot, caller) if snapshot is not None else None

    def _restore(self, session_id: str, snapshot: SnapshotPayload, caller: Caller) -> ResumeDoc | None:
        """Bring the session back from `snapshot`, whose owner decides: another person's is NotFound."""
        require_use(snapshot.owner, caller)
        doc = ResumeDoc(
            text=snapshot.resume, version=snapshot.version, updatedAt=snapshot.createdAt, owner=snapshot.owner
        )
        if snapshot.chat:
            self._store.restore_messages(session_id, snapshot.chat, owned=snapshot.owner is not None)
        if not self._store.restore_resume(session_id, doc):
            # A save landed while we were restoring: it is newer than the snapshot.
            return self._store.get_resume(session_id)
        logger.info("session rehydrated", extra={"session": log_id(session_id), "version": doc.version})
        metrics.add_metric(name="SessionRehydrated", unit="Count", value=1)
        return doc

    def save_resume(
        self, session_id: str, text: str, base_version: int | None, *, caller: Caller
    ) -> SaveResumeResponse:
        """One storage write: the owner rule is in its condition (a signed-in person's save of a session without
        owner makes it theirs; another person's session is NotFound).

        A save that would create the stored resume first looks for the session's snapshot (its hot copy may have
        expired or been lost): the snapshot's owner decides, and the session comes back before it is written."""
        session_id = require_uuid4(session_id, "sessionId")
        require_resume_size(text, self._max_resume_bytes)
        updated_at = now_iso()
        if base_version == 0:  # a client's first save: the write below would create the resume
            self._bring_back_before_creating(session_id, caller)
        try:
            version = self._store.save_resume(session_id, text, base_version, updated_at, caller.owner, create=False)
        except NoHotCopy:  # last writer wins, nothing stored
            restored = self._bring_back_before_creating(session_id, caller)
            version = self._store.save_resume(
                session_id, text, base_version, updated_at, caller.owner, create=not restored
            )
        except VersionConflict as conflict:
            if conflict.current_version != 0 or not base_version:
                raise
            # The hot copy is gone (expired or lost) but the client edited a real version: bring the
            # snapshot back (with its owner) and judge the write against it.
            if self.rehydrate(session_id, caller) is None:
                raise
            version = self._store.save_resume(session_id, text, base_version, updated_at, caller.owner)
        return SaveResumeResponse(version=version, updatedAt=updated_at)

    def _bring_back_before_creating(self, session_id: str, caller: Caller) -> bool:
        """Before a save that may create the stored resume: a session that lives on only in its snapshot comes back
        first, so its owner decides (a stranger's save is NotFound, never a takeover) and its version counts. True
        when the session has a stored resume now (brought back, or there all along: the write's condition decides).

        S3 failing never fails a save (an owned resume never expires, so only an accident leaves an owned session
        with nothing but its snapshot): unreadable, the session is taken as new."""
        try:
            snapshot = self._snapshots.latest(session_id)
        except ServiceUnavailable:
            logger.warning("snapshot unreadable before a first save", extra={"session": log_id(session_id)})
            return False
        if snapshot is None:
            return False
        if self._store.get_resume(session_id) is None:  # else a stale first save: the write answers 409 (or 404)
            self._restore(session_id, snapshot, caller)
        return True

    def list_resumes(self, *, caller: Caller) -> ResumeList:
        """The signed-in person's resumes, newest first; nobody's for an anonymous caller (the browser keeps its
        own list then)."""
        if caller.owner is None:
            return ResumeList(resumes=[])
        owned = self._store.list_owned(caller.owner, MY_RESUMES_LIMIT)
        return ResumeList(
            resumes=[
                ResumeSummary(sessionId=sid, title=resume_title(doc.text), updatedAt=doc.updatedAt, version=doc.version)
                for sid, doc in owned
            ]
        )

    def claim(self, session_id: str, *, caller: Caller) -> ClaimResponse:
        """Make a session without owner the signed-in caller's (already theirs: the same answer)."""
        session_id = require_uuid4(session_id, "sessionId")
        if caller.owner is None:
            raise SignInRequired("Sign in to keep this resume in your account.")
        if not self._store.claim(session_id, caller.owner):
            # Nothing hot: the session may live in its snapshot only. Bring it back (owner included), then claim.
            revived = self._store.get_resume(session_id) is None and self.rehydrate(session_id, caller) is not None
            if not (revived and self._store.claim(session_id, caller.owner)):
                raise NotFound(NO_SUCH_SESSION)
        return self._claimed(session_id)

    @staticmethod
    def _claimed(session_id: str) -> ClaimResponse:
        logger.info("session claimed", extra={"session": log_id(session_id)})
        metrics.add_metric(name="SessionClaimed", unit="Count", value=1)
        return ClaimResponse(sessionId=session_id)
