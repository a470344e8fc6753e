import { describe, expect, it } from "vitest";
import type { JobStatus } from "../api/types";
import { ApiError, NetworkError } from "./http";
import { isFinished, isGone, nextPollDelay, pollRetryDelay, rememberedJob, rememberJob } from "./jobs";
import { MemoryStore } from "./storage";

const JOB = "0b9f3c1e-2d4a-4f6b-8e7d-1a2b3c4d5e6f";

const status = (s: JobStatus["status"], step: JobStatus["step"] = "queued"): JobStatus => ({
  jobId: JOB,
  status: s,
  step,
  message: "",
  progress: 0,
  timestamp: "2025-01-01T00:00:00Z",
  createdAt: "2025-01-01T00:00:00Z",
});

describe("job status polling", () => {
  it("looks first within a second, then backs off to at most 5 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(nextPollDelay)).toEqual([800, 1000, 1500, 2250, 3375, 5000, 5000]);
  });

  it("keeps polling through network trouble with backoff, and honours Retry-After", () => {
    const half = () => 0.5;
    expect(pollRetryDelay(new NetworkError("down"), 0, half)).toBe(2000);
    expect(pollRetryDelay(new NetworkError("down"), 1, half)).toBe(4000);
    expect(pollRetryDelay(new NetworkError("down"), 9, half)).toBe(15_000);
    expect(pollRetryDelay(new ApiError(503, { error: "service_unavailable", message: "busy" }, 7000), 0, half)).toBe(7000);
  });

  it("gives up on an unknown or invalid job only", () => {
    expect(isGone(new ApiError(404, { error: "not_found", message: "No such job." }))).toBe(true);
    expect(isGone(new ApiError(400, { error: "bad_request", message: "Not a job id." }))).toBe(true);
    expect(isGone(new ApiError(503, { error: "service_unavailable", message: "busy" }))).toBe(false);
    expect(isGone(new NetworkError("down"))).toBe(false);
  });

  it("stops when the job completed or failed", () => {
    expect(isFinished(status("PROCESSING", "rewrite"))).toBe(false);
    expect(isFinished(status("COMPLETED", "done"))).toBe(true);
    expect(isFinished(status("FAILED"))).toBe(true);
  });

  it("remembers the running job per session", () => {
    const store = new MemoryStore();
    rememberJob(store, "s1", { jobId: JOB, submittedAt: 1 });
    expect(rememberedJob(store, "s1")?.jobId).toBe(JOB);
    expect(rememberedJob(store, "s2")).toBeNull();
  });
});
