"""The job store adapters keep the compare-and-set contract the lifecycle relies on: every lifecycle case
(tests/job_lifecycle_cases.py) on SQLite and on DynamoDB (moto), plus the embedded store's TTL."""

from __future__ import annotations

import pytest

from core import container
from core.adapters.embedded import db
from tests.job_lifecycle_cases import CASES, Case, created


@pytest.mark.parametrize("lifecycle_case", CASES, ids=lambda c: c.__name__)
def test_lifecycle_case_on_the_adapter(any_store: str, lifecycle_case: Case) -> None:
    lifecycle_case(container.job_store())


def test_embedded_job_rows_past_their_ttl_read_as_absent(embedded_env, monkeypatch) -> None:
    store = container.job_store()
    _, job = created(store, session_id="s")
    assert store.get(job.jobId) is not None and len(store.list_for_session("s", 5)) == 1
    monkeypatch.setattr(db, "epoch_s", lambda: job.expiresAt)
    assert store.get(job.jobId) is None and store.list_for_session("s", 5) == []


def test_embedded_resume_and_chat_rows_past_their_ttl_read_as_absent(embedded_env, monkeypatch) -> None:
    from core.models.session import ChatMessage

    store = container.session_store()
    store.save_resume("s", "Jane Doe", None, "2026-01-01T00:00:00.000Z")
    store.append_message("s", ChatMessage(id="m", role="user", text="hi", ts=1))
    later = db.epoch_s() + container.get_settings().hot_ttl_days * 86400 + 1
    monkeypatch.setattr(db, "epoch_s", lambda: later)
    assert store.get_resume("s") is None and store.list_messages("s") == []
