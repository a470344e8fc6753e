import { describe, expect, it } from "vitest";
import { FRESHNESS, pollDelay } from "./freshness";

describe("pollDelay", () => {
  it("polls every 3 s while the person is active", () => {
    expect(pollDelay(0)).toBe(3000);
    expect(pollDelay(FRESHNESS.idleAfterMs - 1)).toBe(3000);
  });

  it("backs off by doubling every idle minute, up to a minute", () => {
    const minute = 60_000;
    expect([1, 2, 3, 4, 5, 6, 600].map((m) => pollDelay(m * minute))).toEqual([
      6000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000,
    ]);
  });
});
