import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobStatus } from "../api/types";
import { ApiError, NetworkError } from "./http";
import { JobPoller, rememberedJob, rememberJob } from "./jobs";
import { applyChanges, readReport } from "./report";
import { MemoryStore } from "./storage";

const JOB = "0b9f3c1e-2d4a-4f6b-8e7d-1a2b3c4d5e6f";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function poller(answers: (JobStatus | Error)[]) {
  const calls: number[] = [];
  const seen: string[] = [];
  const trouble: number[] = [];
  const gone: string[] = [];
  const fetchStatus = async () => {
    calls.push(Date.now());
    const answer = answers.shift();
    if (!answer) throw new Error("no more answers");
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const p = new JobPoller(
    JOB,
    fetchStatus,
    {
      onStatus: (s) => seen.push(`${s.status}:${s.step ?? ""}`),
      onGone: (m) => gone.push(m),
      onTrouble: (_, ms) => trouble.push(ms),
    },
    undefined,
    () => 0.5,
  );
  return { p, calls, seen, trouble, gone };
}

const status = (s: JobStatus["status"], step: JobStatus["step"] = "queued"): JobStatus => ({
  jobId: JOB,
  status: s,
  step,
  message: "",
  progress: 0,
  timestamp: "2025-01-01T00:00:00Z",
  createdAt: "2025-01-01T00:00:00Z",
});

describe("JobPoller", () => {
  it("polls first within a second, backs off, and stops when the job is done", async () => {
    const start = Date.now();
    const { p, calls, seen } = poller([
      status("PROCESSING", "parse"),
      status("PROCESSING", "rewrite"),
      status("PROCESSING", "render"),
      status("COMPLETED", "done"),
    ]);
    p.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.map((t) => t - start)).toEqual([800, 1800, 3300, 5550]);
    expect(seen).toEqual(["PROCESSING:parse", "PROCESSING:rewrite", "PROCESSING:render", "COMPLETED:done"]);
  });

  it("keeps polling through network trouble and honours Retry-After", async () => {
    const { p, calls, trouble, seen } = poller([
      new NetworkError("down"),
      new ApiError(503, { error: "service_unavailable", message: "busy" }, 7000),
      status("FAILED"),
    ]);
    p.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(trouble).toEqual([2000, 7000]);
    expect(calls).toHaveLength(3);
    expect(seen).toEqual(["FAILED:queued"]);
  });

  it("gives up on an unknown job", async () => {
    const { p, gone, calls } = poller([new ApiError(404, { error: "not_found", message: "No such job." })]);
    p.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(gone).toEqual(["No such job."]);
    expect(calls).toHaveLength(1);
  });

  it("stop() ends polling", async () => {
    const { p, calls } = poller([status("PROCESSING"), status("PROCESSING")]);
    p.start();
    await vi.advanceTimersByTimeAsync(900);
    p.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
  });

  it("remembers the running job per session", () => {
    const store = new MemoryStore();
    rememberJob(store, "s1", { jobId: JOB, submittedAt: 1 });
    expect(rememberedJob(store, "s1")?.jobId).toBe(JOB);
    expect(rememberedJob(store, "s2")).toBeNull();
  });
});

describe("readReport", () => {
  it("reads coverage as fractions or percentages, keywords and changes under several spellings", () => {
    expect(
      readReport({
        coverage: { before: 0.4, after: 0.75, missing: ["Kubernetes"] },
        changes: [{ original: "Ran servers", rewritten: "Ran Kubernetes servers", keywords: ["Kubernetes"] }],
      }),
    ).toEqual({
      coverageBefore: 40,
      coverageAfter: 75,
      matched: [],
      missing: ["Kubernetes"],
      changes: [{ before: "Ran servers", after: "Ran Kubernetes servers", reason: "Adds Kubernetes" }],
      notes: [],
      flags: [],
    });
    expect(readReport({ coverageBefore: 52.5, coverageAfter: "80", missingKeywords: [{ keyword: "Go" }] })).toMatchObject(
      { coverageBefore: 52.5, coverageAfter: 80, missing: ["Go"] },
    );
  });

  it("reads the optimizer's report (coverage objects, revised bullets, explanation, flags)", () => {
    const report = readReport({
      explanation: "Moved Kubernetes up.",
      coverageBefore: { score: 42.9, matched: [{ term: "Python", weight: 3 }], missing: [{ term: "Kubernetes", weight: 4 }] },
      coverageAfter: { score: 71.4, matched: [{ term: "Python", weight: 3 }], missing: [{ term: "Go", weight: 1 }] },
      changes: [{ section: "Experience", original: "Ran servers", revised: "Ran Kubernetes servers", addedTerms: ["Kubernetes"] }],
      flags: [{ kind: "invented_number", text: "40%", placeholder: "[X%]" }],
    });
    expect(report).toMatchObject({
      coverageBefore: 42.9,
      coverageAfter: 71.4,
      matched: ["Python"],
      missing: ["Go"],
      changes: [{ before: "Ran servers", after: "Ran Kubernetes servers", reason: "Adds Kubernetes", section: "Experience" }],
      notes: ["Moved Kubernetes up."],
      flags: [{ kind: "invented_number", text: "40%", placeholder: "[X%]" }],
    });
  });

  it("lists a bullet that only moved, and leaves out one that neither changed nor moved", () => {
    const report = readReport({
      changes: [
        { section: "Experience", original: "Kept", revised: "Kept", movedFrom: null, movedTo: null },
        { section: "Experience", original: "Moved", revised: "Moved", movedFrom: 3, movedTo: 0 },
      ],
    });
    expect(report.changes).toEqual([
      { before: "Moved", after: "Moved", reason: undefined, section: "Experience", moved: { from: 3, to: 0 } },
    ]);
  });

  it("survives anything", () => {
    for (const raw of [null, 3, "x", [], { changes: "no" }, { coverage: 5 }]) {
      expect(readReport(raw).changes).toEqual([]);
    }
  });

  it("rebuilds the optimized text from the change list", () => {
    expect(applyChanges("- Ran servers\n- Wrote code\n", [{ before: "Ran servers", after: "Ran Kubernetes" }])).toBe(
      "- Ran Kubernetes\n- Wrote code\n",
    );
  });
});
