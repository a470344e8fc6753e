import { describe, expect, it } from "vitest";
import { Journal, pendingCount, unsavedEdits } from "./journal";
import { MemoryStore } from "./storage";

const SESSION = "3f0c9a52-8a1e-4d6b-9c55-2f1c0e7b9a10";

describe("Journal", () => {
  it("keeps an edit until its own version is acknowledged, rebasing what is still pending", () => {
    const store = new MemoryStore();
    let now = 1000;
    const journal = new Journal(store, SESSION, "tab", () => now);
    journal.record("a", 1, 0, 5, "v5");
    journal.record("ab", 2, 0, 5, "v5");
    now = 2000;
    journal.record("abc", 3, 0, 5, "v5");
    expect(journal.load()).toMatchObject({ text: "abc", seq: 3, ackedSeq: 0, baseVersion: 5, baseText: "v5", firstAt: 1000, lastAt: 2000 });
    expect(unsavedEdits(store, SESSION)).toBe(3);

    journal.ack(2, 6, "ab"); // "ab" is saved as version 6; "abc" still waits, now on top of 6
    expect(journal.load()).toMatchObject({ text: "abc", ackedSeq: 2, baseVersion: 6, baseText: "ab" });
    expect(pendingCount(journal.load())).toBe(1);
    journal.ack(1, 9, "a"); // a late, older acknowledgement changes nothing
    expect(journal.load()).toMatchObject({ ackedSeq: 2, baseVersion: 6 });

    journal.ack(3, 7, "abc");
    expect(journal.load()).toBeNull();
    expect(unsavedEdits(store, SESSION)).toBe(0);
  });

  it("lists only other tabs' records that went quiet or were released, newest first", () => {
    const store = new MemoryStore();
    let now = 100_000;
    const clock = () => now;
    const mine = new Journal(store, SESSION, "mine", clock);
    const quiet = new Journal(store, SESSION, "quiet", clock);
    const released = new Journal(store, SESSION, "released", clock);
    const live = new Journal(store, SESSION, "live", clock);
    const otherSession = new Journal(store, "9a1c0e7b-8a1e-4d6b-9c55-2f1c0e7b9a10", "x", clock);
    quiet.record("quiet text", 1, 0, 0, "");
    now += 10_000;
    released.record("released text", 1, 0, 0, "");
    released.release();
    otherSession.record("elsewhere", 1, 0, 0, "");
    now += 10_000;
    live.record("live text", 1, 0, 0, "");
    mine.record("mine", 1, 0, 0, "");

    expect(mine.orphans().map((r) => r.text)).toEqual(["released text", "quiet text"]);
    expect(mine.adopt(mine.orphans()[0])).toBeNull(); // never over our own unsaved edits
    expect(mine.load()?.text).toBe("mine");
    mine.ack(1, 1, "mine");
    const adopted = mine.adopt(mine.orphans()[0]);
    expect(adopted).toMatchObject({ tabId: "mine", text: "released text" });
    expect(released.load()).toBeNull();
    expect(mine.load()?.text).toBe("released text");
  });

  it("ignores records it cannot read", () => {
    const store = new MemoryStore();
    store.setItem(`rc.journal.${SESSION}.tab`, "{not json");
    expect(new Journal(store, SESSION, "tab").load()).toBeNull();
  });
});
