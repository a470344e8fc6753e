import { describe, expect, it } from "vitest";
import { statusText } from "./StatusLine";

describe("statusText", () => {
  const now = new Date(2025, 0, 1, 12, 3, 41).getTime();

  it("says the four states the way the issue words them", () => {
    expect(statusText({ kind: "saving", pending: 2 }, now)).toBe("Saving…");
    expect(statusText({ kind: "pending", pending: 2 }, now)).toBe("Saving…");
    expect(statusText({ kind: "saved", at: now, version: 3 }, now)).toBe("Saved 12:03:41");
    expect(statusText({ kind: "offline", pending: 3, retryAt: now + 3500, reason: "network" }, now)).toBe(
      "Offline — 3 changes kept on this device · retrying in 4 s",
    );
    expect(statusText({ kind: "conflict", pending: 1, base: "", mine: "a", theirs: "b", theirVersion: 2 }, now)).toBe(
      "Conflict",
    );
    expect(statusText({ kind: "saved", at: now, version: 4, remote: true }, now)).toBe(
      "Updated from another device 12:03:41",
    );
  });

  it("tells a busy server from being offline, and names hard errors", () => {
    expect(statusText({ kind: "offline", pending: 1, retryAt: now, reason: "busy" }, now)).toBe(
      "Server busy — 1 change kept on this device · retrying",
    );
    expect(statusText({ kind: "error", pending: 1, message: "The resume is too large." }, now)).toBe(
      "Not saved: The resume is too large.",
    );
    expect(statusText({ kind: "saved", at: null, version: 0 }, now)).toBe("No changes yet");
  });
});
