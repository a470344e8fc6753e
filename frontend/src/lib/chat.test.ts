import { describe, expect, it } from "vitest";
import { actionText, bulletAt, lineOf } from "./chat";

const RESUME = "Jane Doe\nExperience\n- Led a team\n- Built the billing service\n- Led a team";

describe("the line a suggestion replaces", () => {
  it("is found at its number when that line still reads the same", () => {
    const last = RESUME.lastIndexOf("Led a team");
    expect(lineOf(RESUME, { line: 4, text: "Led a team" })).toEqual({ start: last, end: last + 10, text: "Led a team" });
    expect(lineOf(RESUME, { line: 2, text: "Led a team" })?.start).toBe(RESUME.indexOf("Led a team"));
  });

  it("is found again, nearest first, after lines above it moved", () => {
    const moved = `Summary line\n${RESUME}`;
    const at = lineOf(moved, { line: 3, text: "Built the billing service" });
    expect(at && moved.slice(at.start, at.end)).toBe("Built the billing service");
    const second = lineOf(moved, { line: 5, text: "Led a team" });
    expect(second?.start).toBe(moved.lastIndexOf("Led a team"));
  });

  it("is null once the line was edited away", () => {
    expect(lineOf(RESUME, { line: 3, text: "Built the payments service" })).toBeNull();
    expect(lineOf(RESUME, { line: null, text: "" })).toBeNull();
  });

  it("history shows the action and its bullet", () => {
    expect(actionText("rephrase", "Led a team")).toBe("Rephrase: Led a team");
  });
});

const SELECTED = "Jane Doe\nExperience\n- Led a team of engineers  \n• Shipped the app\n";

describe("bulletAt", () => {
  it("takes the caret's line without its bullet marker", () => {
    const caret = SELECTED.indexOf("team");
    expect(bulletAt(SELECTED, caret, caret)).toEqual({
      start: SELECTED.indexOf("Led"),
      end: SELECTED.indexOf("engineers") + "engineers".length,
      text: "Led a team of engineers",
    });
    const second = SELECTED.indexOf("Shipped");
    expect(bulletAt(SELECTED, second, second)?.text).toBe("Shipped the app");
  });

  it("uses a real selection, trimmed", () => {
    const start = SELECTED.indexOf("a team") - 1;
    expect(bulletAt(SELECTED, start, start + 8)).toEqual({ start: start + 1, end: start + 7, text: "a team" });
  });

  it("returns null on an empty line", () => {
    expect(bulletAt("a\n\nb", 2, 2)).toBeNull();
    expect(bulletAt("a  b", 1, 3)).toBeNull();
  });
});
