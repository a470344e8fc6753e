import { describe, expect, it } from "vitest";
import { bulletAt } from "./chat";
import { locate, replaceRange } from "./selection";

const RESUME = "Jane Doe\nExperience\n- Led a team of engineers  \n• Shipped the app\n";

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
