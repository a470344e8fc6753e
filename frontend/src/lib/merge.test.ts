import { describe, expect, it } from "vitest";
import { markersLeft, mergeWithMarkers } from "./merge";

describe("mergeWithMarkers", () => {
  it("keeps shared lines once and fences every difference with both versions", () => {
    const merged = mergeWithMarkers("Jane\nLed team of 8\nPython\n", "Jane\nLed a team\nPython\nGo\n");
    expect(merged).toBe(
      [
        "Jane",
        "<<<<<<< your version",
        "Led team of 8",
        "=======",
        "Led a team",
        ">>>>>>> other version",
        "Python",
        "<<<<<<< your version",
        "=======",
        "Go",
        ">>>>>>> other version",
        "",
      ].join("\n"),
    );
    expect(markersLeft(merged)).toBe(6);
  });

  it("every line of both texts survives", () => {
    const mine = "a\nb\nc";
    const theirs = "x\nb\ny";
    const merged = mergeWithMarkers(mine, theirs);
    for (const line of [...mine.split("\n"), ...theirs.split("\n")]) expect(merged.split("\n")).toContain(line);
    expect(markersLeft("no markers\n=======x")).toBe(0);
  });
});
