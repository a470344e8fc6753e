import { describe, expect, it } from "vitest";
import { highlight, placeholdersIn } from "./flags";

describe("highlight", () => {
  it("highlights placeholders and the numbers the server flagged", () => {
    const segments = highlight("Cut costs by [X%] across 12 teams", [
      { kind: "invented_number", text: "40%", placeholder: "[X%]" },
      { kind: "invented_number", text: "12", placeholder: "[N]" },
    ]);
    expect(segments).toEqual([
      { text: "Cut costs by " },
      { text: "[X%]", flag: "Placeholder: put in the real figure" },
      { text: " across " },
      { text: "12", flag: "This number is not in your resume: check it is true" },
      { text: " teams" },
    ]);
  });

  it("leaves plain text alone and ignores flags that are not in the text", () => {
    expect(highlight("Shipped the app", [{ kind: "invented_number", text: "40", placeholder: "[N]" }])).toEqual([{ text: "Shipped the app" }]);
  });

  it("finds the placeholder kinds the assistant uses", () => {
    expect(placeholdersIn("[X%] of [N] users saved [$X], see [link]").map((p) => p.text)).toEqual([
      "[X%]",
      "[N]",
      "[$X]",
    ]);
  });
});
