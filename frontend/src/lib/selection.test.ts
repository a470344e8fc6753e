import { describe, expect, it } from "vitest";
import { bulletAt, locate, replaceRange } from "./selection";

const RESUME = "Jane Doe\nExperience\n- Led a team of engineers  \n• Shipped the app\n";

describe("bulletAt", () => {
  it("takes the caret's line without its bullet marker", () => {
    const caret = RESUME.indexOf("team");
    expect(bulletAt(RESUME, caret, caret)).toEqual({
      start: RESUME.indexOf("Led"),
      end: RESUME.indexOf("engineers") + "engineers".length,
      text: "Led a team of engineers",
    });
    const second = RESUME.indexOf("Shipped");
    expect(bulletAt(RESUME, second, second)?.text).toBe("Shipped the app");
  });

  it("uses a real selection, trimmed", () => {
    const start = RESUME.indexOf("a team") - 1;
    expect(bulletAt(RESUME, start, start + 8)).toEqual({ start: start + 1, end: start + 7, text: "a team" });
  });

  it("returns null on an empty line", () => {
    expect(bulletAt("a\n\nb", 2, 2)).toBeNull();
    expect(bulletAt("a  b", 1, 3)).toBeNull();
  });
});

describe("locate and replaceRange", () => {
  it("finds the range again after text moved, and replaces it", () => {
    const range = bulletAt(RESUME, RESUME.indexOf("Led"), RESUME.indexOf("Led"))!;
    const moved = `Summary line\n${RESUME}`;
    const found = locate(moved, range)!;
    expect(found.start).toBe(range.start + 13);
    expect(replaceRange(moved, found, "Led 8 engineers")).toContain("- Led 8 engineers  \n");
    expect(locate("gone", range)).toBeNull();
  });
});
