"""The job lifecycle's cases, written once against any `JobStore`: tests/unit runs them on an in-memory store
(fast, the rules), tests/component on the SQLite and DynamoDB (moto) adapters (the compare-and-set contract)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable

import pytest

from core.clock import iso_from_ms, now_ms
from core.errors import ServiceUnavailable
from core.models.jobs import UNFINISHED, JobPatch, JobRecord, JobState
from core.ports.jobs import JobStore
from core.services.optimize.lifecycle import Claim, Expect, IllegalTransition, JobLifecycle

Case = Callable[[JobStore], None]
CASES: list[Case] = []
HOUR_MS = 3600 * 1000


def case(fn: Case) -> Case:
    CASES.append(fn)
    return fn


class InMemoryJobStore:
    """The compare-and-set port over a dict: what the rules need from a store, and nothing more."""

    def __init__(self) -> None:
        self.jobs: dict[str, JobRecord] = {}

    def get(self, job_id: str) -> JobRecord | None:
        return copy.deepcopy(self.jobs.get(job_id))

    def put_if_version(self, job: JobRecord, expected_version: int) -> bool:
        current = self.jobs.get(job.jobId)
        if (current.version if current else 0) != expected_version:
            return False
        self.jobs[job.jobId] = copy.deepcopy(job)
        return True

    def list_for_session(self, session_id: str, limit: int) -> list[JobRecord]:
        mine = [j for j in self.jobs.values() if j.jobSessionId == session_id]
        return sorted(mine, key=lambda j: j.createdAt, reverse=True)[:limit]


class Interleaved:
    """A store where another writer gets in between this writer's read and its write (`times` times)."""

    def __init__(self, store: JobStore, other_writer: Callable[[], None], times: int = 1) -> None:
        self._store = store
        self._other_writer = other_writer
        self._times = times

    def get(self, job_id: str) -> JobRecord | None:
        return self._store.get(job_id)

    def put_if_version(self, job: JobRecord, expected_version: int) -> bool:
        if self._times > 0:
            self._times -= 1
            self._other_writer()
        return self._store.put_if_version(job, expected_version)

    def list_for_session(self, session_id: str, limit: int) -> list[JobRecord]:
        return self._store.list_for_session(session_id, limit)


def new_job(created_ms: int | None = None, session_id: str | None = None, deadline_in_ms: int = HOUR_MS) -> JobRecord:
    created = created_ms if created_ms is not None else now_ms()
    job_id = str(uuid.uuid4())
    return JobRecord(
        jobId=job_id,
        status=JobState.QUEUED,
        message="Waiting for a worker",
        createdAt=iso_from_ms(created),
        updatedAt=iso_from_ms(created),
        deadlineMs=created + deadline_in_ms,
        expiresAt=created // 1000 + 86400,
        jobSessionId=session_id,
        inputKey=f"jobs/{job_id}/input.txt",
        inputKind="text",
    )


def delivery(message_id: str = "m1", now: int | None = None, remaining_ms: int = 60_000) -> Claim:
    return Claim.for_delivery(message_id, 1, remaining_ms, now if now is not None else now_ms())


def step(name: str) -> JobPatch:
    return JobPatch(step=name, message=name)  # type: ignore[arg-type]


def created(store: JobStore, **fields: object) -> tuple[JobLifecycle, JobRecord]:
    jobs = JobLifecycle(store, retry_after_s=1)
    job = new_job(**fields)  # type: ignore[arg-type]
    jobs.create(job)
    return jobs, job


# ---------------------------------------------------------------- the store: compare-and-set


@case
def put_if_version_creates_once_and_then_only_over_the_version_read(store: JobStore) -> None:
    job = new_job()
    assert store.get(job.jobId) is None
    first = job.model_copy(update={"version": 1})
    assert store.put_if_version(first, 0)
    assert store.get(job.jobId) == first
    assert not store.put_if_version(first, 0)  # a second create
    second = first.model_copy(update={"version": 2, "message": "second"})
    assert store.put_if_version(second, 1)
    assert not store.put_if_version(first.model_copy(update={"version": 2, "message": "stale"}), 1)
    assert store.get(job.jobId) == second


@case
def a_job_stored_before_versions_reads_as_version_0(store: JobStore) -> None:
    job = new_job()
    assert store.put_if_version(job, 0)  # version 0 on the record: as written before versions existed
    assert store.get(job.jobId) == job
    assert store.put_if_version(job.model_copy(update={"version": 1, "step": "parse"}), 0)
    stored = store.get(job.jobId)
    assert stored is not None and stored.version == 1 and stored.step == "parse"


@case
def a_put_stores_the_whole_record_and_drops_cleared_fields(store: JobStore) -> None:
    job = new_job().model_copy(update={"version": 1, "leaseUntilMs": 123, "claimId": "c"})
    assert store.put_if_version(job, 0)
    cleared = job.model_copy(update={"version": 2, "leaseUntilMs": None, "claimId": None})
    assert store.put_if_version(cleared, 1)
    assert store.get(job.jobId) == cleared


@case
def a_session_lists_its_jobs_newest_first(store: JobStore) -> None:
    jobs = JobLifecycle(store, retry_after_s=1)
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    start = now_ms()
    listed = [new_job(created_ms=start + n, session_id=mine) for n in range(3)]
    for job in [*listed, new_job(created_ms=start + 9, session_id=theirs), new_job(created_ms=start + 10)]:
        jobs.create(job)
    assert [j.jobId for j in store.list_for_session(mine, 10)] == [j.jobId for j in reversed(listed)]
    assert [j.jobId for j in store.list_for_session(mine, 2)] == [listed[2].jobId, listed[1].jobId]
    assert store.list_for_session(str(uuid.uuid4()), 10) == []


# ---------------------------------------------------------------- the lifecycle over it


@case
def a_job_is_created_queued_once(store: JobStore) -> None:
    jobs, job = created(store)
    stored = jobs.get(job.jobId)
    assert stored is not None and stored.status == JobState.QUEUED and stored.version == 1
    with pytest.raises(IllegalTransition):
        jobs.create(job)
    with pytest.raises(IllegalTransition):
        jobs.create(new_job().model_copy(update={"status": JobState.PROCESSING}))


@case
def a_claim_makes_one_delivery_the_owner_and_counts_an_attempt(store: JobStore) -> None:
    jobs, job = created(store)
    claim = delivery("m1")
    claimed, stored = jobs.claim(job.jobId, claim, step("parse"))
    assert claimed and stored is not None
    assert stored.status == JobState.PROCESSING and stored.step == "parse" and stored.attempts == 1
    assert (stored.claimId, stored.claimMessageId, stored.leaseUntilMs) == (
        claim.claim_id,
        "m1",
        claim.lease_until_ms,
    )
    assert jobs.get(job.jobId) == stored


@case
def another_message_cannot_claim_a_job_under_a_live_lease(store: JobStore) -> None:
    jobs, job = created(store)
    owner = delivery("m1")
    jobs.claim(job.jobId, owner, step("parse"))
    claimed, stored = jobs.claim(job.jobId, delivery("m2"), step("parse"))
    assert not claimed and stored is not None and stored.claimId == owner.claim_id


@case
def a_lapsed_lease_or_a_redelivery_of_the_same_message_takes_the_job_over(store: JobStore) -> None:
    jobs, job = created(store)
    now = now_ms()
    jobs.claim(job.jobId, delivery("m1", now=now, remaining_ms=0), step("parse"))
    lapsed = now + 10_000  # past the lease (remaining time 0 + the margin)
    claimed, stored = jobs.claim(job.jobId, delivery("m2", now=lapsed), step("parse"))
    assert claimed and stored is not None and stored.claimMessageId == "m2" and stored.attempts == 2
    redelivered = delivery("m2", now=lapsed)
    claimed, stored = jobs.claim(job.jobId, redelivered, step("parse"))
    assert claimed and stored is not None and stored.claimId == redelivered.claim_id and stored.attempts == 3


@case
def no_claim_past_the_deadline_or_once_finished(store: JobStore) -> None:
    jobs, job = created(store, deadline_in_ms=1000)
    claimed, stored = jobs.claim(job.jobId, delivery(now=job.deadlineMs), step("parse"))
    assert not claimed and stored is not None and stored.status == JobState.QUEUED
    jobs, done = created(store)
    claim = delivery()
    jobs.claim(done.jobId, claim, step("parse"))
    assert jobs.update(done.jobId, JobPatch(status=JobState.COMPLETED), Expect((JobState.PROCESSING,), claim.claim_id))
    claimed, stored = jobs.claim(done.jobId, delivery("m1"), step("parse"))
    assert not claimed and stored is not None and stored.status == JobState.COMPLETED
    assert jobs.claim(str(uuid.uuid4()), delivery(), step("parse")) == (False, None)


@case
def only_the_owner_writes_progress_and_the_outcome(store: JobStore) -> None:
    jobs, job = created(store)
    owner = delivery("m1")
    jobs.claim(job.jobId, owner, step("parse"))
    owned = Expect((JobState.PROCESSING,), claim_id=owner.claim_id)
    assert not jobs.update(job.jobId, step("analyse"), Expect((JobState.PROCESSING,), claim_id="someone else"))
    assert jobs.update(job.jobId, step("analyse"), owned)
    assert jobs.update(job.jobId, JobPatch.failed("bad file", "unprocessable", iso_from_ms(now_ms())), owned)
    assert not jobs.update(job.jobId, step("render"), owned)  # finished: nothing more is written
    stored = jobs.get(job.jobId)
    assert stored is not None and stored.status == JobState.FAILED and stored.step == "failed"
    assert stored.errorCode == "unprocessable" and stored.leaseUntilMs is None
    assert not jobs.update(str(uuid.uuid4()), step("analyse"), Expect(UNFINISHED))


@case
def moves_the_lifecycle_does_not_have_are_refused(store: JobStore) -> None:
    jobs, job = created(store)
    with pytest.raises(IllegalTransition):
        jobs.update(job.jobId, JobPatch(status=JobState.COMPLETED), Expect((JobState.QUEUED,)))
    jobs.update(job.jobId, JobPatch.failed("x", "internal", iso_from_ms(now_ms())), Expect((JobState.QUEUED,)))
    with pytest.raises(IllegalTransition):
        jobs.update(job.jobId, step("parse"), Expect((JobState.FAILED,)))
    stored = jobs.get(job.jobId)
    assert stored is not None and stored.status == JobState.FAILED and stored.step == "failed"


@case
def a_job_past_its_deadline_reads_failed_and_is_marked_so(store: JobStore) -> None:
    jobs, job = created(store, deadline_in_ms=1000)
    assert jobs.fail_if_overdue(job, job.deadlineMs - 1) == job  # not yet: nothing written
    assert jobs.get(job.jobId) == job.model_copy(update={"version": 1})
    seen = jobs.fail_if_overdue(job, job.deadlineMs)
    stored = jobs.get(job.jobId)
    assert seen.status == JobState.FAILED and seen.errorCode == "deadline_exceeded"
    assert stored is not None and stored.status == JobState.FAILED and stored.errorCode == "deadline_exceeded"


@case
def a_job_that_finished_just_before_its_deadline_stays_finished(store: JobStore) -> None:
    jobs, job = created(store, deadline_in_ms=1000)
    claim = delivery(now=job.deadlineMs - 10)
    assert jobs.claim(job.jobId, claim, step("parse"))[0]
    assert jobs.update(job.jobId, JobPatch(status=JobState.COMPLETED), Expect((JobState.PROCESSING,), claim.claim_id))
    seen = jobs.fail_if_overdue(job, job.deadlineMs)  # an old read, from before it completed
    assert seen.status == JobState.COMPLETED
    stored = jobs.get(job.jobId)
    assert stored is not None and stored.status == JobState.COMPLETED


@case
def of_two_racing_claims_exactly_one_wins(store: JobStore) -> None:
    jobs, job = created(store)
    rival = delivery("m2")
    racing = JobLifecycle(Interleaved(store, lambda: jobs.claim(job.jobId, rival, step("parse"))), retry_after_s=1)
    claimed, stored = racing.claim(job.jobId, delivery("m1"), step("parse"))
    assert not claimed and stored is not None and stored.claimId == rival.claim_id and stored.attempts == 1


@case
def a_progress_write_that_loses_to_the_deadline_is_not_written(store: JobStore) -> None:
    jobs, job = created(store, deadline_in_ms=1000)
    claim = delivery(now=job.deadlineMs - 10)
    assert jobs.claim(job.jobId, claim, step("parse"))[0]
    deadline = lambda: jobs.fail_if_overdue(job, job.deadlineMs)  # noqa: E731
    racing = JobLifecycle(Interleaved(store, deadline), retry_after_s=1)
    assert not racing.update(job.jobId, step("analyse"), Expect((JobState.PROCESSING,), claim_id=claim.claim_id))
    stored = jobs.get(job.jobId)
    assert stored is not None and stored.status == JobState.FAILED and stored.errorCode == "deadline_exceeded"


@case
def a_writer_that_keeps_losing_races_reports_the_store_busy(store: JobStore) -> None:
    jobs, job = created(store)
    bump = lambda: jobs.update(job.jobId, JobPatch(message="other writer"), Expect(UNFINISHED))  # noqa: E731
    racing = JobLifecycle(Interleaved(store, bump, times=10), retry_after_s=7)
    with pytest.raises(ServiceUnavailable) as refused:
        racing.update(job.jobId, step("parse"), Expect(UNFINISHED))
    assert refused.value.retry_after == 7
    stored = jobs.get(job.jobId)
    assert stored is not None and stored.message == "other writer" and stored.step == "queued"
