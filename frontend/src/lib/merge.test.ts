import { describe, expect, it } from "vitest";
import { editScript } from "./diff";
import { type HunkChoice, merge3, mergedText } from "./merge";

const text = (...lines: string[]) => lines.map((l) => `${l}\n`).join("");

describe("merge3", () => {
  it("applies edits to different lines of both sides without asking", () => {
    const base = text("Jane Doe", "SUMMARY", "Engineer", "EXPERIENCE", "- Built APIs", "- Led a team");
    const mine = text("Jane Doe", "SUMMARY", "Senior engineer", "EXPERIENCE", "- Built APIs", "- Led a team");
    const theirs = text("Jane Doe", "SUMMARY", "Engineer", "EXPERIENCE", "- Built APIs", "- Led a team of 8", "- Ran on-call");
    const merged = merge3(base, mine, theirs);
    expect(merged.conflicts).toBe(0);
    expect(mergedText(merged)).toBe(
      text("Jane Doe", "SUMMARY", "Senior engineer", "EXPERIENCE", "- Built APIs", "- Led a team of 8", "- Ran on-call"),
    );
  });

  it("merges edits to adjacent lines", () => {
    const merged = merge3(text("a", "b", "c"), text("A", "b", "c"), text("a", "B", "c"));
    expect(mergedText(merged)).toBe(text("A", "B", "c"));
  });

  it("asks about two different insertions at the same place, and keeps both when told", () => {
    const merged = merge3(text("a", "b"), text("a", "mine", "b"), text("a", "theirs", "b"));
    expect(merged.conflicts).toBe(1);
    expect(merged.hunks[1]).toEqual({ kind: "conflict", base: [], mine: ["mine"], theirs: ["theirs"] });
    expect(mergedText(merged, ["both"])).toBe(text("a", "mine", "theirs", "b"));
    expect(mergedText(merged, ["theirs"])).toBe(text("a", "theirs", "b"));
  });

  it("asks when one side deleted a line the other edited", () => {
    const merged = merge3(text("a", "b", "c"), text("a", "c"), text("a", "b edited", "c"));
    expect(merged.conflicts).toBe(1);
    expect(merged.hunks[1]).toEqual({ kind: "conflict", base: ["b"], mine: [], theirs: ["b edited"] });
    expect(mergedText(merged, ["mine"])).toBe(text("a", "c"));
    expect(mergedText(merged, ["theirs"])).toBe(text("a", "b edited", "c"));
  });

  it("keep mine settles only the conflicting hunks: the other side's edits elsewhere stay", () => {
    const base = text("Summary line", "x", "y", "Skills: Go");
    const mine = text("Summary line", "x", "y", "Skills: Go, Python");
    const theirs = text("Better summary line", "x", "y", "Skills: Go, Rust");
    const merged = merge3(base, mine, theirs);
    expect(merged.conflicts).toBe(1);
    expect(mergedText(merged, ["mine"])).toBe(text("Better summary line", "x", "y", "Skills: Go, Python"));
  });

  it("treats an empty base as both sides inserting at the same place", () => {
    expect(mergedText(merge3("", "same\n", "same\n"))).toBe("same\n");
    const merged = merge3("", "mine\n", "theirs\n");
    expect(merged.conflicts).toBe(1);
    expect(mergedText(merged, ["both"])).toBe("mine\ntheirs\n");
    expect(mergedText(merge3("", "only mine", ""))).toBe("only mine");
    expect(mergedText(merge3("", "", ""))).toBe("");
  });

  it("takes identical edits once", () => {
    const merged = merge3(text("a", "b", "c"), text("a", "B", "c", "d"), text("a", "B", "c", "d"));
    expect(merged.conflicts).toBe(0);
    expect(mergedText(merged)).toBe(text("a", "B", "c", "d"));
  });

  it("does not see a change of line endings as a change of lines", () => {
    const merged = merge3("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n", "a\nb\nC\n");
    expect(merged.conflicts).toBe(0);
    expect(mergedText(merged)).toBe("a\r\nB\r\nC\r\n");
    expect(mergedText(merge3("a\nb", "a\nb", "a\nb\n"))).toBe("a\nb\n");
    expect(mergedText(merge3("a\nb\n", "a\nb\nc", "a\nb\n"))).toBe("a\nb\nc");
  });

  it("merges an append with an edit of the last line that has no line break", () => {
    expect(mergedText(merge3("a\nb", "a\nb\nc", "a\nB"))).toBe("a\nB\nc");
  });
});

/** A small seeded generator (mulberry32): the property test is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function edit(lines: string[], rnd: () => number, tag: string): string[] {
  const out = [...lines];
  const edits = Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const roll = rnd();
    if (roll < 0.4) out.splice(at, 0, `${tag} new ${e}`);
    else if (roll < 0.7 && at < out.length) out[at] = `${out[at]} (${tag} ${e})`;
    else if (at < out.length) out.splice(at, 1);
  }
  return out;
}

function added(base: string[], side: string[]): string[] {
  return editScript(base.map((l) => `${l}\n`), side.map((l) => `${l}\n`))
    .filter(([kind]) => kind === "insert")
    .map(([, token]) => token.slice(0, -1));
}

describe("merge3 property: no line is lost", () => {
  it("every line either side wrote is in the result, whatever is chosen for conflicts", () => {
    const rnd = random(20261201);
    for (let round = 0; round < 400; round++) {
      const base = Array.from({ length: Math.floor(rnd() * 8) }, (_, k) => `line ${k % 5}`);
      const mine = edit(base, rnd, "mine");
      const theirs = edit(base, rnd, "theirs");
      const merged = merge3(base.join("\n"), mine.join("\n"), theirs.join("\n"));
      const both = mergedText(merged, Array<HunkChoice>(merged.conflicts).fill("both")).split("\n");
      for (const line of [...added(base, mine), ...added(base, theirs)]) expect(both).toContain(line);
      // Keeping mine for every conflict still keeps every line the other side wrote outside the conflicts.
      const keepMine = mergedText(merged, Array<HunkChoice>(merged.conflicts).fill("mine")).split("\n");
      const conflicted = merged.hunks.flatMap((h) => (h.kind === "conflict" ? h.theirs : []));
      for (const line of added(base, theirs)) if (!conflicted.includes(line)) expect(keepMine).toContain(line);
      for (const line of added(base, mine)) expect(keepMine).toContain(line);
      // With nothing changed on their side the merge is exactly mine.
      if (theirs.join("\n") === base.join("\n")) expect(keepMine.join("\n")).toBe(mine.join("\n"));
    }
  });
});
