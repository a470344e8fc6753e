import { describe, expect, it } from "vitest";
import spec from "../../../tests/spec/resume_lines.json";
import { clean, lineAt, parseResume, selectionKind } from "./resume";

describe("the resume model follows the shared spec (tests/spec/resume_lines.json)", () => {
  for (const doc of spec.documents) {
    it(`reads every line of: ${doc.name}`, () => {
      const got = parseResume(doc.text).map((l) => [l.kind, l.text, ...(l.continues ? ["continues"] : [])]);
      expect(got).toEqual(doc.lines);
    });
    it(`gives positions of the line and its content: ${doc.name}`, () => {
      const raw = doc.text.split("\n");
      for (const line of parseResume(doc.text)) {
        expect(doc.text.slice(line.start, line.end)).toBe(raw[line.number]);
        expect(doc.text.slice(line.contentStart).startsWith(line.text)).toBe(true);
        expect(doc.text.slice(line.start, line.contentStart)).toBe(line.marker);
      }
    });
  }
  for (const [selection, kind] of spec.selections) {
    it(`reads the lone selection "${selection}" as ${kind}`, () => {
      expect(selectionKind(selection)).toBe(kind);
    });
  }
});

describe("lineAt and clean", () => {
  it("finds the line under the caret and cleans a marked bullet", () => {
    const text = spec.documents[0].text;
    const offset = text.indexOf("Responsible for") + 4;
    expect(lineAt(text, offset)?.kind).toBe("bullet");
    expect(clean("-  Shipped  the thing.")).toBe("Shipped the thing");
  });
});

describe("hostile lines", () => {
  it("reads a heading with a long run of blanks in one pass", () => {
    // The old pattern's lazy group backtracked over the blanks at every position: hours for this line.
    const blanks = " ".repeat(256 * 1024);
    const lines = parseResume(`## Skills${blanks}##${blanks}\n## C${blanks}x`);
    expect(lines.map((l) => [l.kind, l.text])).toEqual([
      ["heading", "Skills"],
      ["heading", `C${blanks}x`],
    ]);
  });

  it("cleans a line ending in a long run of stops and a heading ending in colons in one pass", () => {
    const run = ".;".repeat(128 * 1024);
    expect(clean(`- Led the team${run}`)).toBe("Led the team");
    expect(clean(`Led${run}x`)).toBe(`Led${run}x`);
    expect(parseResume(`SKILLS${":".repeat(256 * 1024)}\nPython`)[0]).toMatchObject({ kind: "heading", section: "skills" });
  });
});
