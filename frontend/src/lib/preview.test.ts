import { describe, expect, it } from "vitest";
import { previewBlocks, styleOf } from "./preview";

describe("previewBlocks", () => {
  it("reads the resume as the PDF renderer's blocks: blanks dropped, wrapped bullets joined, list items marked", () => {
    const text = [
      "# Zoë Łukasiewicz",
      "zoe@example.com | Kraków",
      "",
      "## Experience",
      "### Senior Engineer, Acme GmbH (2019-2024)",
      "- Led five engineers on the payments platform",
      "  and cut p99 latency by 40%",
      "",
      "## Skills",
      "Python, Go, SQL",
    ].join("\n");
    expect(previewBlocks(text)).toEqual([
      { kind: "name", text: "Zoë Łukasiewicz", listed: false },
      { kind: "contact", text: "zoe@example.com | Kraków", listed: false },
      { kind: "heading", text: "Experience", listed: false },
      { kind: "role", text: "Senior Engineer, Acme GmbH (2019-2024)", listed: false },
      { kind: "bullet", text: "Led five engineers on the payments platform and cut p99 latency by 40%", listed: true },
      { kind: "heading", text: "Skills", listed: false },
      { kind: "skills", text: "Python, Go, SQL", listed: false },
    ]);
  });

  it("styles role lines bold and bullets as body text", () => {
    expect(styleOf("role").bold).toBe(true);
    expect(styleOf("bullet")).toEqual(styleOf("other"));
  });
});
