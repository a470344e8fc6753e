"""The job lifecycle's rules: the pure decisions, then every lifecycle case on an in-memory store (the same cases
run on SQLite and DynamoDB in tests/component/test_job_store_contract.py)."""

from __future__ import annotations

import pytest

from core.errors import (
    AiBudgetSpent,
    AppError,
    RateLimited,
    ServiceUnavailable,
    Unprocessable,
    UpstreamError,
    UpstreamTimeout,
)
from core.models.jobs import JobState
from core.services.optimize.lifecycle import (
    LEASE_MARGIN_MS,
    TRANSITIONS,
    Claim,
    Expect,
    allowed,
    claimable,
    is_temporary,
    meets,
    overdue,
)
from tests.job_lifecycle_cases import CASES, Case, InMemoryJobStore, new_job

QUEUED, PROCESSING, COMPLETED, FAILED = JobState.QUEUED, JobState.PROCESSING, JobState.COMPLETED, JobState.FAILED


@pytest.mark.parametrize("lifecycle_case", CASES, ids=lambda c: c.__name__)
def test_lifecycle_case_on_an_in_memory_store(lifecycle_case: Case) -> None:
    lifecycle_case(InMemoryJobStore())


def test_every_state_has_its_moves_and_finished_states_have_none() -> None:
    assert set(TRANSITIONS) == set(JobState)
    assert TRANSITIONS[COMPLETED] == TRANSITIONS[FAILED] == frozenset()
    assert allowed(QUEUED, PROCESSING) and allowed(QUEUED, FAILED) and allowed(PROCESSING, COMPLETED)
    assert allowed(PROCESSING, PROCESSING) and allowed(QUEUED, QUEUED)  # progress, a new lease
    assert not allowed(QUEUED, COMPLETED) and not allowed(PROCESSING, QUEUED)
    assert not any(allowed(done, s) for done in (COMPLETED, FAILED) for s in JobState)


def test_a_claim_leases_the_job_for_the_invocation_plus_a_margin() -> None:
    claim = Claim.for_delivery("m1", 2, remaining_ms=30_000, now=1_000)
    assert claim.lease_until_ms == 31_000 + LEASE_MARGIN_MS and claim.now_ms == 1_000
    assert claim.claim_id.startswith("m1#2#") and claim.message_id == "m1"
    assert Claim.for_delivery("m1", 2, 30_000, 1_000).claim_id != claim.claim_id  # unique per delivery
    assert Claim.for_delivery("m1", 1, remaining_ms=-5, now=1_000).lease_until_ms == 1_000 + LEASE_MARGIN_MS


def test_who_may_claim() -> None:
    job = new_job(created_ms=0, deadline_in_ms=100_000)
    now = Claim.for_delivery("m2", 1, 0, now=50_000)
    assert claimable(job, now)
    held = job.model_copy(update={"status": PROCESSING, "claimMessageId": "m1", "leaseUntilMs": 60_000})
    assert not claimable(held, now)
    assert claimable(held.model_copy(update={"claimMessageId": "m2"}), now)  # its own redelivery
    assert claimable(held.model_copy(update={"leaseUntilMs": 49_999}), now)  # lease ran out
    assert not claimable(job, Claim.for_delivery("m2", 1, 0, now=100_000))  # at the deadline
    assert not claimable(job.model_copy(update={"status": COMPLETED}), now)


def test_conditions_and_the_deadline() -> None:
    job = new_job(created_ms=0, deadline_in_ms=1_000).model_copy(update={"status": PROCESSING, "claimId": "c"})
    assert meets(job, Expect((PROCESSING,), claim_id="c"))
    assert not meets(job, Expect((PROCESSING,), claim_id="d")) and not meets(job, Expect((QUEUED,)))
    assert meets(job, Expect((PROCESSING,), deadline_passed_at_ms=1_000))
    assert not meets(job, Expect((PROCESSING,), deadline_passed_at_ms=999))
    assert overdue(job, 1_000) and not overdue(job, 999)
    assert not overdue(job.model_copy(update={"status": COMPLETED}), 5_000)


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (ServiceUnavailable("busy"), True),
        (UpstreamError("bad answer"), True),
        (UpstreamTimeout("slow"), True),
        (RateLimited("provider busy", retry_after=7), True),
        (Unprocessable("scanned pdf"), False),
        (AiBudgetSpent("the month's AI calls are used up", retry_after=86400), False),
        (AppError("bug"), False),
    ],
)
def test_failure_classes(error: AppError, temporary: bool) -> None:
    assert is_temporary(error) is temporary
