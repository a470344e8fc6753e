import { describe, expect, it } from "vitest";
import type { BulletChange, OptimizeReport } from "../api/types";
import { changeNote, listedChanges, moveOf } from "./report";

const change = (fields: Partial<BulletChange> & Pick<BulletChange, "original" | "revised">): BulletChange => ({
  section: "Experience",
  addedTerms: [],
  movedFrom: null,
  movedTo: null,
  ...fields,
});

const KUBERNETES = { term: "Kubernetes", weight: 4 };

/** A report as GET /api/status returns it for a COMPLETED job (the type is the generated contract). */
const report = (changes: BulletChange[]): OptimizeReport => ({
  explanation: "Moved Kubernetes up.",
  keywords: [{ ...KUBERNETES, count: 2, inRequirements: true, why: "in the requirements" }],
  coverageBefore: { score: 0, matchedWeight: 0, totalWeight: 4, matched: [], missing: [KUBERNETES] },
  coverageAfter: { score: 100, matchedWeight: 4, totalWeight: 4, matched: [KUBERNETES], missing: [] },
  changes,
  flags: [],
  provider: "mock",
  model: "mock-1",
  sourceKind: "docx",
  sourceWords: 40,
  optimizedText: "Jane Doe\n- Ran Kubernetes servers\n",
});

describe("listedChanges", () => {
  it("lists rewritten and moved bullets, and leaves out one that neither changed nor moved", () => {
    const rewritten = change({ original: "Ran servers", revised: "Ran Kubernetes servers" });
    const moved = change({ original: "Moved", revised: "Moved", movedFrom: 3, movedTo: 0 });
    const kept = change({ original: "Kept", revised: "Kept" });
    const keptInPlace = change({ original: "Stayed", revised: "Stayed", movedFrom: 2, movedTo: 2 });
    expect(listedChanges(report([rewritten, kept, moved, keptInPlace]))).toEqual([rewritten, moved]);
  });
});

describe("moveOf", () => {
  it("gives the positions only when the bullet moved (position 0 included)", () => {
    expect(moveOf(change({ original: "a", revised: "a", movedFrom: 0, movedTo: 2 }))).toEqual({ from: 0, to: 2 });
    expect(moveOf(change({ original: "a", revised: "a", movedFrom: 2, movedTo: 0 }))).toEqual({ from: 2, to: 0 });
    expect(moveOf(change({ original: "a", revised: "a", movedFrom: 1, movedTo: 1 }))).toBeUndefined();
    expect(moveOf({ section: null, original: "a", revised: "b" })).toBeUndefined();
  });
});

describe("changeNote", () => {
  it("says the section, the job terms the bullet gained and where it moved, in people's positions", () => {
    const rewrittenAndMoved = change({
      original: "Ran servers",
      revised: "Ran Go servers on AWS",
      addedTerms: ["Go", "AWS"],
      movedFrom: 3,
      movedTo: 0,
    });
    expect(changeNote(rewrittenAndMoved)).toBe("Experience · Adds Go, AWS · moved from position 4 to 1");
    expect(changeNote(change({ original: "a", revised: "b", section: null, addedTerms: ["Go"] }))).toBe("Adds Go");
  });

  it("is empty when there is nothing to say", () => {
    expect(changeNote({ section: null, original: "Ran servers", revised: "Ran many servers" })).toBe("");
  });
});
