import { describe, expect, it } from "vitest";
import type { BulletChange, OptimizeReport } from "../api/types";
import { addToSkills, changeNote, listedChanges, moveOf } from "./report";

const change = (fields: Partial<BulletChange> & Pick<BulletChange, "original" | "revised">): BulletChange => ({
  kind: "bullet",
  section: "Experience",
  reason: "",
  addedTerms: [],
  movedFrom: null,
  movedTo: null,
  ...fields,
});

const KUBERNETES = { term: "Kubernetes", weight: 4 };

/** A report as GET /api/status returns it for a COMPLETED job (the type is the generated contract). */
const report = (changes: BulletChange[]): OptimizeReport => ({
  explanation: "Moved Kubernetes up.",
  analysisVersion: "keywords-2",
  keywords: [
    { ...KUBERNETES, count: 2, inRequirements: true, importance: "must", category: "cloud", why: "in the requirements" },
  ],
  coverageBefore: { score: 0, matchedWeight: 0, totalWeight: 4, matched: [], missing: [KUBERNETES] },
  coverageAfter: { score: 100, matchedWeight: 4, totalWeight: 4, matched: [{ ...KUBERNETES, foundAs: "Kubernetes" }], missing: [] },
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
    expect(moveOf(change({ section: null, original: "a", revised: "b" }))).toBeUndefined();
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
    expect(changeNote(change({ section: null, original: "Ran servers", revised: "Ran many servers" }))).toBe("");
  });
});

describe("addToSkills", () => {
  it("adds the term to the Skills line the resume model finds, keeping everything else", () => {
    const text = "Jane Doe\n\nExperience\n- Ran servers\n\nSkills\nPython, Go,\n\nLanguages\nEnglish, German, French\n";
    expect(addToSkills(text, "Terraform")).toBe(
      "Jane Doe\n\nExperience\n- Ran servers\n\nSkills\nPython, Go, Terraform\n\nLanguages\nEnglish, German, French\n",
    );
  });

  it("adds to a labelled skills line and leaves it alone when the term is listed", () => {
    const text = "Jane Doe\n\nSkills\nTools: Docker, Kafka, Linux\n";
    expect(addToSkills(text, "Kubernetes")).toBe("Jane Doe\n\nSkills\nTools: Docker, Kafka, Linux, Kubernetes\n");
    expect(addToSkills(text, "kafka")).toBe(text);
  });

  it("starts a Skills section when the resume has none", () => {
    expect(addToSkills("Jane Doe\n\nExperience\n- Ran servers\n\n", "Terraform")).toBe(
      "Jane Doe\n\nExperience\n- Ran servers\n\nSkills\nTerraform\n",
    );
  });

  it("keeps Windows line endings", () => {
    expect(addToSkills("Jane Doe\r\nSkills\r\nPython, Go, SQL\r\n", "Rust")).toBe(
      "Jane Doe\r\nSkills\r\nPython, Go, SQL, Rust\r\n",
    );
  });
});

describe("changeNote", () => {
  it("says why a change was made", () => {
    const c = change({ original: "Ran k8s", revised: "Ran Kubernetes (k8s)", reason: "the job's spelling" });
    expect(changeNote(c)).toBe("Experience · the job's spelling");
  });
});
