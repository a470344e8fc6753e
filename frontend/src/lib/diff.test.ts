import { describe, expect, it } from "vitest";
import { diffLines, diffTokens, diffWords, lineStats, lineTokens } from "./diff";

function apply(parts: ReturnType<typeof diffWords>, side: "before" | "after"): string {
  return parts
    .filter((p) => p.kind === "equal" || p.kind === (side === "before" ? "delete" : "insert"))
    .map((p) => p.text)
    .join("");
}

describe("diff", () => {
  it("marks the changed words of a rephrased bullet", () => {
    const parts = diffWords("Led a team of engineers", "Led a team of 8 engineers");
    expect(parts).toEqual([
      { kind: "equal", text: "Led a team of " },
      { kind: "insert", text: "8 " },
      { kind: "equal", text: "engineers" },
    ]);
  });

  it("finds a minimal script (both sides rebuild exactly)", () => {
    const a = "the quick brown fox jumps over the lazy dog";
    const b = "a quick red fox jumped over the very lazy cat";
    const parts = diffWords(a, b);
    expect(apply(parts, "before")).toBe(a);
    expect(apply(parts, "after")).toBe(b);
    expect(parts.filter((p) => p.kind === "equal").map((p) => p.text.trim())).toEqual([
      "quick",
      "fox",
      "over the",
      "lazy",
    ]);
  });

  it("handles empty sides and identical texts", () => {
    expect(diffTokens([], ["a"])).toEqual([{ kind: "insert", text: "a" }]);
    expect(diffTokens(["a"], [])).toEqual([{ kind: "delete", text: "a" }]);
    expect(diffLines("same\n", "same\n")).toEqual([{ kind: "equal", text: "same\n" }]);
  });

  it("diffs by line and counts added/removed lines", () => {
    const parts = diffLines("a\nb\nc\n", "a\nB\nc\nd\n");
    expect(parts).toEqual([
      { kind: "equal", text: "a\n" },
      { kind: "delete", text: "b\n" },
      { kind: "insert", text: "B\n" },
      { kind: "equal", text: "c\n" },
      { kind: "insert", text: "d\n" },
    ]);
    expect(lineStats(parts)).toEqual({ added: 2, removed: 1 });
    expect(lineTokens("x\ny")).toEqual(["x\n", "y"]);
  });

  it("stays correct on inputs too different to diff finely", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}\n`).join("");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}\n`).join("");
    const parts = diffLines(a, b);
    expect(apply(parts, "before")).toBe(a);
    expect(apply(parts, "after")).toBe(b);
  });
});
