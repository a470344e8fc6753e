import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type SaveResult, type SaveTransport, SyncEngine } from "./autosave";
import { ApiError, NetworkError } from "./http";
import { Journal, journalKey, unsavedEdits } from "./journal";
import { MemoryStore } from "./storage";

const SESSION = "3f0c9a52-8a1e-4d6b-9c55-2f1c0e7b9a10";

/** A server that holds one resume and answers like the API (versioned writes, 409 with the current text). */
class FakeServer implements SaveTransport {
  text = "";
  version = 0;
  snapshots: string[] = [];
  saves: { text: string; baseVersion: number; keepalive: boolean }[] = [];
  /** Each queued failure answers one save instead of the server. */
  failures: Error[] = [];
  down = false;

  async save(_: string, text: string, baseVersion: number, options?: { keepalive?: boolean }): Promise<SaveResult> {
    this.saves.push({ text, baseVersion, keepalive: !!options?.keepalive });
    if (this.down) throw new NetworkError("Failed to fetch");
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (baseVersion !== this.version) {
      throw new ApiError(409, {
        error: "conflict",
        message: "changed elsewhere",
        currentVersion: this.version,
        currentText: this.text,
      });
    }
    this.text = text;
    this.version += 1;
    return { version: this.version, updatedAt: "2025-01-01T12:03:41Z" };
  }

  async snapshot(): Promise<unknown> {
    if (this.down) throw new NetworkError("Failed to fetch");
    this.snapshots.push(this.text);
    return { snapshotted: true };
  }

  /** Another device saves. */
  writeElsewhere(text: string): void {
    this.text = text;
    this.version += 1;
  }
}

function busy(status: 503 | 429, retryAfterMs?: number): ApiError {
  return new ApiError(status, { error: "service_unavailable", message: "busy" }, retryAfterMs);
}

let store: MemoryStore;
let server: FakeServer;
const engines: SyncEngine[] = [];

function engine(tabId = "tab-a"): SyncEngine {
  const created = new SyncEngine({
    sessionId: SESSION,
    journal: new Journal(store, SESSION, tabId),
    transport: server,
    random: () => 0.5, // no jitter: delays are exact
  });
  engines.push(created);
  return created;
}

function typeInto(target: SyncEngine, text: string): void {
  for (let i = 1; i <= text.length; i++) target.edit(text.slice(0, i));
}

function journalOf(tabId = "tab-a") {
  return new Journal(store, SESSION, tabId).load();
}

beforeEach(() => {
  vi.useFakeTimers();
  store = new MemoryStore();
  server = new FakeServer();
});

afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
  vi.useRealTimers();
});

describe("debounced saving", () => {
  it("sends one versioned save ~700 ms after the last keystroke, then clears the journal", async () => {
    const e = engine();
    e.start({ text: "", version: 0 });
    typeInto(e, "Jane Doe");
    expect(e.status.kind).toBe("pending");
    expect(journalOf()?.text).toBe("Jane Doe");

    await vi.advanceTimersByTimeAsync(600);
    expect(server.saves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);

    expect(server.saves).toEqual([{ text: "Jane Doe", baseVersion: 0, keepalive: false }]);
    expect(e.status).toMatchObject({ kind: "saved", version: 1 });
    expect(journalOf()).toBeNull();
    expect(e.log[0]).toMatchObject({ outcome: "saved", version: 1, bytes: 8 });
  });

  it("edits made while a save is in flight are saved next, on top of the acknowledged version", async () => {
    const e = engine();
    e.start({ text: "", version: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const realSave = server.save.bind(server);
    server.save = async (...args) => {
      await gate;
      return realSave(...args);
    };
    e.edit("first");
    await vi.advanceTimersByTimeAsync(700);
    e.edit("first second");
    await vi.advanceTimersByTimeAsync(700); // debounce fires while the first save still waits
    release();
    await vi.advanceTimersByTimeAsync(0);

    expect(server.saves.map((s) => [s.text, s.baseVersion])).toEqual([
      ["first", 0],
      ["first second", 1],
    ]);
    expect(server.text).toBe("first second");
    expect(e.status).toMatchObject({ kind: "saved", version: 2 });
    expect(journalOf()).toBeNull();
  });
});

describe("offline and busy servers", () => {
  it("keeps every edit in the journal while offline and retries with backoff until it lands", async () => {
    const e = engine();
    e.start({ text: "", version: 0 });
    server.down = true;
    typeInto(e, "abc");
    await vi.advanceTimersByTimeAsync(700);

    expect(e.status).toMatchObject({ kind: "offline", reason: "network", pending: 3 });
    expect(journalOf()).toMatchObject({ text: "abc", baseVersion: 0 });
    expect(unsavedEdits(store, SESSION)).toBe(3);

    e.edit("abcd"); // typing on while offline does not defeat the backoff
    expect(e.status).toMatchObject({ kind: "offline", pending: 4 });
    await vi.advanceTimersByTimeAsync(999);
    expect(server.saves).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // first retry after 1 s
    expect(server.saves).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000); // then 2 s
    expect(server.saves).toHaveLength(3);

    server.down = false;
    await vi.advanceTimersByTimeAsync(4000);
    expect(server.text).toBe("abcd");
    expect(e.status.kind).toBe("saved");
    expect(journalOf()).toBeNull();
  });

  it("honours Retry-After on 503 instead of its own backoff", async () => {
    const e = engine();
    e.start({ text: "", version: 0 });
    server.failures.push(busy(503, 3000));
    e.edit("text");
    await vi.advanceTimersByTimeAsync(700);
    expect(e.status).toMatchObject({ kind: "offline", reason: "busy", pending: 1 });

    await vi.advanceTimersByTimeAsync(2900);
    expect(server.saves).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(server.saves).toHaveLength(2);
    expect(server.text).toBe("text");
    expect(e.status.kind).toBe("saved");
    expect(e.log.map((entry) => entry.outcome)).toEqual(["saved", "busy"]);
  });

  it("treats 429 like 503 and backs off when no Retry-After is given", async () => {
    const e = engine();
    e.start({ text: "", version: 0 });
    server.failures.push(busy(429), busy(429));
    e.edit("text");
    await vi.advanceTimersByTimeAsync(700 + 1000 + 2000);
    expect(server.saves).toHaveLength(3);
    expect(server.text).toBe("text");
  });

  it("nudge() retries at once when the browser comes back online", async () => {
    const e = engine();
    e.start({ text: "", version: 0 });
    server.down = true;
    e.edit("x");
    await vi.advanceTimersByTimeAsync(700);
    server.down = false;
    e.nudge();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.text).toBe("x");
    expect(e.status.kind).toBe("saved");
  });

  it("does not retry a 413 in a loop, keeps the text, and tries again on the next edit", async () => {
    const e = engine();
    e.start({ text: "", version: 0 });
    server.failures.push(new ApiError(413, { error: "payload_too_large", message: "The resume is too large." }));
    e.edit("huge");
    await vi.advanceTimersByTimeAsync(700);
    expect(e.status).toMatchObject({ kind: "error", message: "The resume is too large." });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.saves).toHaveLength(1);
    expect(journalOf()?.text).toBe("huge");

    e.edit("small");
    await vi.advanceTimersByTimeAsync(700);
    expect(server.text).toBe("small");
  });

  it("flushNow() waits through a retry and resolves once acknowledged", async () => {
    const e = engine();
    e.start({ text: "", version: 0 });
    server.failures.push(busy(503, 500));
    e.edit("now");
    const done = vi.fn();
    void e.flushNow().then(done);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(done).toHaveBeenCalled();
    expect(server.text).toBe("now");
  });
});

describe("reload replay", () => {
  it("replays unacknowledged edits after a reload, against the version they were made on", async () => {
    const before = engine();
    before.start({ text: "v1", version: 1 });
    server.text = "v1";
    server.version = 1;
    server.down = true;
    typeInto(before, "v1 plus more");
    await vi.advanceTimersByTimeAsync(700);
    before.dispose(); // the tab reloads (or crashes) before the server is back

    server.down = false;
    const after = engine(); // same tab id: sessionStorage survives a reload
    after.start({ text: server.text, version: server.version });
    expect(after.text).toBe("v1 plus more");
    expect(after.replayed).toBe("v1 plus more".length); // one journal entry per keystroke
    await vi.advanceTimersByTimeAsync(0);

    expect(server.saves.at(-1)).toMatchObject({ text: "v1 plus more", baseVersion: 1 });
    expect(server.text).toBe("v1 plus more");
    expect(after.status).toMatchObject({ kind: "saved", version: 2 });
    expect(journalOf()).toBeNull();
  });

  it("a replay over a newer server version becomes a conflict, not an overwrite", async () => {
    const before = engine();
    before.start({ text: "", version: 0 });
    server.down = true;
    before.edit("offline edit");
    await vi.advanceTimersByTimeAsync(700);
    before.dispose();

    server.down = false;
    server.writeElsewhere("other device");
    const after = engine();
    after.start({ text: "other device", version: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(after.status).toMatchObject({
      kind: "conflict",
      mine: "offline edit",
      theirs: "other device",
      theirVersion: 1,
    });
    expect(server.text).toBe("other device");
    expect(journalOf()?.text).toBe("offline edit");
  });

  it("drops a journal entry the server already holds (the keepalive flush landed)", () => {
    store.setItem(
      journalKey(SESSION, "tab-a"),
      JSON.stringify({
        sessionId: SESSION,
        tabId: "tab-a",
        baseVersion: 3,
        text: "same",
        seq: 4,
        ackedSeq: 0,
        firstAt: 0,
        lastAt: 0,
        heartbeat: 0,
      }),
    );
    const e = engine();
    e.start({ text: "same", version: 4 });
    expect(e.status).toMatchObject({ kind: "saved", version: 4 });
    expect(journalOf()).toBeNull();
  });

  it("adopts the journal of a tab that died, and leaves a live tab's journal alone", async () => {
    const live = engine("tab-live");
    live.start({ text: "", version: 0 });
    server.down = true;
    live.edit("live tab typing");
    const dead = engine("tab-dead");
    dead.start({ text: "", version: 0 });
    dead.edit("dead tab words");
    await vi.advanceTimersByTimeAsync(700);
    dead.dispose(); // crashed: no pagehide, its heartbeat goes stale
    await vi.advanceTimersByTimeAsync(20_000); // the live tab keeps beating

    server.down = false;
    const fresh = engine("tab-new");
    fresh.start({ text: "", version: 0 });
    expect(fresh.text).toBe("dead tab words");
    expect(journalOf("tab-dead")).toBeNull();
    expect(journalOf("tab-live")?.text).toBe("live tab typing");
  });

  it("pagehide sends a keepalive save and releases the journal for other tabs", async () => {
    const e = engine();
    e.start({ text: "", version: 0 });
    e.edit("last words");
    e.pageHide();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.saves[0]).toEqual({ text: "last words", baseVersion: 0, keepalive: true });
    expect(server.text).toBe("last words");
    expect(journalOf()).toBeNull();
  });
});

describe("three-way merge", () => {
  function started(text: string): SyncEngine {
    const e = engine();
    server.writeElsewhere(text);
    e.start({ text, version: 1 });
    return e;
  }

  it("a 409 over edits to other lines merges by itself and saves the merge on top of their version", async () => {
    const e = started("Jane\nSummary\nSkills: Go\n");
    server.writeElsewhere("Jane\nBetter summary\nSkills: Go\n");
    e.edit("Jane\nSummary\nSkills: Go, Python\n");
    await vi.advanceTimersByTimeAsync(700);
    expect(server.text).toBe("Jane\nBetter summary\nSkills: Go, Python\n");
    expect(server.saves.at(-1)).toMatchObject({ baseVersion: 2 });
    expect(e.text).toBe(server.text);
    expect(e.status).toMatchObject({ kind: "saved", version: 3 });
    expect(e.lastMerge).toMatchObject({ id: 1, mine: "Jane\nSummary\nSkills: Go, Python\n", theirVersion: 2 });
    expect(journalOf()).toBeNull();
  });

  it("a 409 over the same line becomes a conflict that carries the base for the per-hunk dialog", async () => {
    const e = started("a\nb\n");
    server.writeElsewhere("a\nB theirs\n");
    e.edit("a\nB mine\n");
    await vi.advanceTimersByTimeAsync(700);
    expect(e.status).toMatchObject({ kind: "conflict", base: "a\nb\n", mine: "a\nB mine\n", theirVersion: 2 });
    expect(e.lastMerge).toBeNull();
  });

  it("a newer version seen while idle is shown at once, marked as coming from elsewhere", () => {
    const e = started("one\n");
    e.applyRemote({ text: "one\ntwo\n", version: 2, updatedAt: "2025-01-01T12:03:41Z" });
    expect(e.text).toBe("one\ntwo\n");
    expect(e.status).toMatchObject({ kind: "saved", version: 2, remote: true });
    e.applyRemote({ text: "stale", version: 2 });
    expect(e.text).toBe("one\ntwo\n");
    expect(server.saves).toHaveLength(0);
  });

  it("a newer version seen with unsaved edits is merged into them and saved, and the journal rebased", async () => {
    const e = started("a\nb\nc\n");
    server.down = true;
    e.edit("A\nb\nc\n");
    await vi.advanceTimersByTimeAsync(700); // offline: the edit waits in the journal
    server.down = false;
    server.writeElsewhere("a\nb\nC\n");
    e.applyRemote({ text: server.text, version: server.version });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.text).toBe("A\nb\nC\n");
    expect(e.status).toMatchObject({ kind: "saved", version: 3 });
  });

  it("the journal keeps the base text, so a replay after reload still merges", async () => {
    const before = started("x\ny\n");
    server.down = true;
    before.edit("x\ny\nmine\n");
    await vi.advanceTimersByTimeAsync(700);
    before.dispose();
    expect(journalOf()).toMatchObject({ baseText: "x\ny\n", baseVersion: 1 });
    server.down = false;
    server.writeElsewhere("theirs\nx\ny\n");
    const after = engine();
    after.start({ text: server.text, version: server.version });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.text).toBe("theirs\nx\ny\nmine\n");
  });
});

describe("conflicts", () => {
  async function conflicted(): Promise<SyncEngine> {
    const e = engine();
    server.writeElsewhere("base");
    e.start({ text: "base", version: 1 });
    server.writeElsewhere("theirs");
    e.edit("mine");
    await vi.advanceTimersByTimeAsync(700);
    expect(e.status).toMatchObject({ kind: "conflict", base: "base", mine: "mine", theirs: "theirs", theirVersion: 2 });
    return e;
  }

  it("stops saving on 409 and keeps typing in the journal until resolved", async () => {
    const e = await conflicted();
    e.edit("mine, more");
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.saves).toHaveLength(1);
    expect(e.status).toMatchObject({ kind: "conflict", mine: "mine, more" });
    expect(journalOf()?.text).toBe("mine, more");
    await expect(e.flushNow()).rejects.toThrow(/conflict/);
  });

  it("keep mine: snapshots theirs, then saves mine on top of their version", async () => {
    const e = await conflicted();
    await e.resolveConflict(e.text);
    expect(server.snapshots).toEqual(["theirs"]);
    expect(server.text).toBe("mine");
    expect(e.status).toMatchObject({ kind: "saved", version: 3 });
    expect(journalOf()).toBeNull();
  });

  it("take theirs: both texts end up reachable in snapshots, the editor shows theirs", async () => {
    const e = await conflicted();
    await e.resolveConflict("theirs");
    expect(server.snapshots).toEqual(["theirs", "mine"]);
    expect(server.text).toBe("theirs");
    expect(e.text).toBe("theirs");
    expect(e.status.kind).toBe("saved");
  });

  it("a merged outcome is saved, and both originals are kept", async () => {
    const e = await conflicted();
    await e.resolveConflict("theirs + mine");
    expect(server.snapshots).toEqual(["theirs", "mine"]);
    expect(server.text).toBe("theirs + mine");
    expect(e.text).toBe("theirs + mine");
  });

  it("a second conflict during resolution shows the newest other text", async () => {
    const e = await conflicted();
    server.snapshot = async () => {
      server.writeElsewhere("even newer");
      return {};
    };
    await expect(e.resolveConflict(e.text)).rejects.toThrow();
    expect(e.status).toMatchObject({ kind: "conflict", theirs: "even newer", theirVersion: 3, mine: "mine" });
    expect(server.text).toBe("even newer");
  });

  it("resolution while offline stays a conflict with the reason, nothing lost", async () => {
    const e = await conflicted();
    server.down = true;
    await expect(e.resolveConflict(e.text)).rejects.toBeInstanceOf(NetworkError);
    expect(e.status).toMatchObject({ kind: "conflict", mine: "mine", theirs: "theirs" });
    expect(journalOf()?.text).toBe("mine");
  });
});
