/**
 * Autosave that never loses work. The engine owns the editor text:
 * edit → journal (synchronously) → debounce → PUT {text, baseVersion} → on acknowledgement the journal lets go.
 * Offline, 429 and 5xx retry with backoff (Retry-After wins); on a 409, or when polling sees a newer version, the
 * other text is merged three ways with ours (base = the version we edited from): changes to different lines merge
 * by themselves, overlapping ones stop saving until the person picks per hunk; a reload replays what the journal
 * still holds. No React here: it is tested on its own.
 */
import { backoffDelay, type BackoffPolicy, SAVE_BACKOFF } from "./backoff";
import { ApiError, describeError, NetworkError } from "./http";
import { type Journal, pendingCount } from "./journal";
import { merge3, mergedText } from "./merge";

export interface SaveResult {
  version: number;
  updatedAt: string;
}

export interface SaveTransport {
  save(sessionId: string, text: string, baseVersion: number, options?: { keepalive?: boolean }): Promise<SaveResult>;
  /** Snapshot what the server holds now (used to keep the losing side of a conflict reachable). */
  snapshot(sessionId: string, kind: "manual" | "restore"): Promise<unknown>;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type SyncStatus =
  /** `remote`: the newest version came from another tab or device and was applied here. */
  | { kind: "saved"; at: number | null; version: number; remote?: boolean }
  | { kind: "pending"; pending: number }
  | { kind: "saving"; pending: number }
  | { kind: "offline"; pending: number; retryAt: number; reason: "network" | "busy" }
  | {
      kind: "conflict";
      pending: number;
      /** The text both sides edited from (for the per-hunk merge). */
      base: string;
      mine: string;
      theirs: string;
      theirVersion: number;
      error?: string;
    }
  | { kind: "error"; pending: number; message: string };

export interface SaveLogEntry {
  at: number;
  outcome: "saved" | "offline" | "busy" | "conflict" | "error";
  version?: number;
  bytes: number;
  durationMs: number;
  detail?: string;
}

/** Another side's changes were merged into ours without asking; `mine` is our text just before (for Undo). */
export interface MergeNotice {
  id: number;
  mine: string;
  merged: string;
  theirVersion: number;
}

export interface ServerState {
  text: string;
  version: number;
  updatedAt?: string | null;
}

export interface EngineOptions {
  sessionId: string;
  journal: Journal;
  transport: SaveTransport;
  timers?: Timers;
  now?: () => number;
  random?: () => number;
  debounceMs?: number;
  backoff?: BackoffPolicy;
  heartbeatMs?: number;
  logSize?: number;
}

/** Browsers cap keepalive bodies at 64 KiB (all in-flight keepalive requests together). */
const KEEPALIVE_MAX_BYTES = 60 * 1024;

export class ConflictPending extends Error {
  constructor() {
    super("The resume was changed elsewhere: resolve the conflict first.");
    this.name = "ConflictPending";
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

const browserTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A server timestamp in epoch ms, or `fallback` when absent or unreadable. */
function timeOf(iso: string | null | undefined, fallback: number | null): number | null {
  const at = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(at) ? fallback : at;
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export class SyncEngine {
  readonly sessionId: string;
  private readonly journal: Journal;
  private readonly transport: SaveTransport;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly debounceMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly heartbeatMs: number;
  private readonly logSize: number;

  private _text = "";
  private baseVersion = 0;
  /** The text of `baseVersion`: what our pending edits were made on. */
  private baseText = "";
  private _lastMerge: MergeNotice | null = null;
  private seq = 0;
  private ackedSeq = 0;
  private _status: SyncStatus = { kind: "saved", at: null, version: 0 };
  private _log: SaveLogEntry[] = [];
  private _storageProblem: string | null = null;
  private _replayed = 0;
  private inFlight = false;
  private failures = 0;
  private debounceTimer: unknown = null;
  private retryTimer: unknown = null;
  private heartbeatTimer: unknown = null;
  private waiters: Waiter[] = [];
  private listeners = new Set<() => void>();
  private disposed = false;
  private _revision = 0;

  constructor(options: EngineOptions) {
    this.sessionId = options.sessionId;
    this.journal = options.journal;
    this.transport = options.transport;
    this.timers = options.timers ?? browserTimers;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.debounceMs = options.debounceMs ?? 700;
    this.backoff = options.backoff ?? SAVE_BACKOFF;
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.logSize = options.logSize ?? 20;
  }

  get text(): string {
    return this._text;
  }

  get status(): SyncStatus {
    return this._status;
  }

  /** Recent save attempts, newest first. */
  get log(): readonly SaveLogEntry[] {
    return this._log;
  }

  /** Set when the local journal could not be written (storage full or blocked). */
  get storageProblem(): string | null {
    return this._storageProblem;
  }

  /** Unacknowledged edits found in the journal at start (0 when there was nothing to replay). */
  get replayed(): number {
    return this._replayed;
  }

  /** Changes whenever anything observable changes (for React's useSyncExternalStore). */
  get revision(): number {
    return this._revision;
  }

  /** The newest automatic merge (the page announces it once per id). */
  get lastMerge(): MergeNotice | null {
    return this._lastMerge;
  }

  /** The server version our text builds on. */
  get version(): number {
    return this.baseVersion;
  }

  get pending(): number {
    return this.seq - this.ackedSeq;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Begin from what the server holds, replaying edits this device never got acknowledged. */
  start(server: ServerState): void {
    let record = this.journal.load();
    if (pendingCount(record) === 0) {
      const orphan = this.journal.orphans().find((r) => pendingCount(r) > 0);
      record = orphan ? this.journal.adopt(orphan) : record;
    }
    if (record && pendingCount(record) > 0 && record.text !== server.text) {
      this._text = record.text;
      this.baseVersion = record.baseVersion;
      // Records from before merging existed have no base: "" makes every difference a question, never a loss.
      this.baseText = record.baseText ?? "";
      this.seq = record.seq;
      this.ackedSeq = record.ackedSeq;
      this._replayed = pendingCount(record);
      this.flush();
    } else {
      if (record) this.journal.ack(record.seq, server.version, server.text); // the server has exactly this text
      this._text = server.text;
      this.baseVersion = server.version;
      this.baseText = server.text;
      this.setStatus({ kind: "saved", at: timeOf(server.updatedAt, null), version: server.version });
    }
    this.scheduleHeartbeat();
  }

  edit(text: string): void {
    if (this.disposed || text === this._text) return;
    this._text = text;
    this.seq += 1;
    this.writeJournal();
    const status = this._status;
    if (status.kind === "conflict") {
      this.setStatus({ ...status, mine: text, pending: this.pending });
    } else if (status.kind === "offline") {
      // The retry timer sends the newest text; typing must not defeat the backoff.
      this.setStatus({ ...status, pending: this.pending });
    } else {
      this.clearTimer("debounceTimer");
      this.debounceTimer = this.timers.setTimeout(() => {
        this.debounceTimer = null;
        this.flush();
      }, this.debounceMs);
      this.setStatus(this.inFlight ? { kind: "saving", pending: this.pending } : { kind: "pending", pending: this.pending });
    }
  }

  /** Save now; resolves once everything typed so far is acknowledged. Rejects on conflict or a hard error. */
  flushNow(): Promise<void> {
    if (this._status.kind === "conflict") return Promise.reject(new ConflictPending());
    if (this.pending === 0 && !this.inFlight) return Promise.resolve();
    const promise = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.inFlight) {
      this.clearTimer("retryTimer");
      this.flush();
    }
    return promise;
  }

  /** Retry at once (the browser came back online, or the person clicked "Retry now"). */
  nudge(): void {
    if (this._status.kind === "offline" && !this.inFlight) {
      this.clearTimer("retryTimer");
      this.flush();
    }
  }

  /** The page is going away: one last attempt that outlives it, and let other tabs adopt our journal. */
  pageHide(): void {
    this.journal.release();
    if (this.pending === 0 || this._status.kind === "conflict" || byteLength(this._text) > KEEPALIVE_MAX_BYTES) return;
    const seq = this.seq;
    const text = this._text;
    this.transport
      .save(this.sessionId, text, this.baseVersion, { keepalive: true })
      .then((result) => this.acknowledge(seq, result.version, result.updatedAt, text))
      .catch(() => {
        // The journal still holds the text; the next load replays it.
      });
  }

  /** The page is back (bfcache): look after the journal again. */
  pageShow(): void {
    this.journal.heartbeat();
  }

  /**
   * Settle a conflict. Nothing is dropped: the other text is snapshotted before we write, and when the outcome
   * is not our own text, our text is saved and snapshotted too before the outcome replaces it.
   */
  async resolveConflict(outcome: string): Promise<void> {
    const conflict = this._status;
    if (conflict.kind !== "conflict") return;
    const mine = this._text;
    this.setStatus({ kind: "saving", pending: this.pending });
    try {
      await this.snapshotServer();
      this.rebase(conflict.theirVersion, conflict.theirs);
      if (mine === conflict.theirs) {
        this.acknowledge(this.seq, conflict.theirVersion, new Date(this.now()).toISOString(), mine);
      } else {
        await this.flushNow();
      }
      if (outcome !== mine) {
        await this.snapshotServer();
        this.edit(outcome);
        await this.flushNow();
      }
    } catch (error) {
      if (this._status.kind !== "conflict") {
        this.setStatus({ ...conflict, mine: this._text, error: describeError(error) });
      }
      throw error;
    }
  }

  /**
   * Polling saw `server` (newer than our base): show it at once when nothing here is unsaved, else merge it into
   * our edits. A save in flight is left to finish: it is stale, so its 409 brings the same merge.
   */
  applyRemote(server: ServerState): void {
    // While in conflict, resolving writes on top of the newest version anyway.
    if (this.disposed || server.version <= this.baseVersion || this.inFlight || this._status.kind === "conflict") return;
    if (this.pending === 0) {
      this._text = server.text;
      this.baseText = server.text;
      this.baseVersion = server.version;
      this.setStatus({ kind: "saved", at: timeOf(server.updatedAt, this.now()), version: server.version, remote: true });
      return;
    }
    this.mergeIn(server.text, server.version);
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer("debounceTimer");
    this.clearTimer("retryTimer");
    this.clearTimer("heartbeatTimer");
    this.listeners.clear();
  }

  private async snapshotServer(): Promise<void> {
    try {
      await this.transport.snapshot(this.sessionId, "restore");
    } catch (error) {
      // 404: the server holds nothing yet, so there is nothing to keep.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  }

  private flush(): void {
    this.clearTimer("debounceTimer");
    if (this.disposed || this.inFlight || this._status.kind === "conflict") return;
    if (this.pending === 0) {
      this.settle();
      return;
    }
    const seq = this.seq;
    const text = this._text;
    const started = this.now();
    this.inFlight = true;
    this.setStatus({ kind: "saving", pending: this.pending });
    this.transport.save(this.sessionId, text, this.baseVersion).then(
      (result) => {
        this.inFlight = false;
        this.record("saved", started, text, { version: result.version });
        this.acknowledge(seq, result.version, result.updatedAt, text);
      },
      (error: unknown) => {
        this.inFlight = false;
        this.failed(error, seq, text, started);
      },
    );
  }

  private acknowledge(seq: number, version: number, updatedAt: string, text: string): void {
    if (this.disposed || seq <= this.ackedSeq) return;
    this.ackedSeq = seq;
    this.baseVersion = version;
    this.baseText = text;
    this.failures = 0;
    this.journal.ack(seq, version, text);
    if (this.pending > 0) {
      // Edits arrived while saving: their own debounce is running, or it already fired and found us busy.
      if (!this.debounceTimer && !this.inFlight) this.flush();
      else this.setStatus({ kind: this.inFlight ? "saving" : "pending", pending: this.pending });
      return;
    }
    this.setStatus({ kind: "saved", at: timeOf(updatedAt, this.now()), version });
    this.settle();
  }

  private failed(error: unknown, seq: number, text: string, started: number): void {
    if (this.disposed) return;
    if (error instanceof ApiError && error.status === 409) {
      const theirs = typeof error.body.currentText === "string" ? error.body.currentText : "";
      const theirVersion = Number(error.body.currentVersion ?? 0);
      if (theirs === text) {
        // An earlier attempt of ours landed (e.g. the keepalive flush): the server holds exactly this text.
        this.record("saved", started, text, { version: theirVersion, detail: "already saved" });
        this.acknowledge(seq, theirVersion, new Date(this.now()).toISOString(), text);
        return;
      }
      this.record("conflict", started, text, { version: theirVersion });
      this.mergeIn(theirs, theirVersion);
      return;
    }
    if (error instanceof NetworkError || (error instanceof ApiError && error.retryable)) {
      const busy = error instanceof ApiError;
      const delay = (busy ? error.retryAfterMs : undefined) ?? backoffDelay(this.failures, this.backoff, this.random);
      this.failures += 1;
      this.record(busy ? "busy" : "offline", started, text, { detail: describeError(error) });
      this.setStatus({
        kind: "offline",
        pending: this.pending,
        retryAt: this.now() + delay,
        reason: busy ? "busy" : "network",
      });
      this.retryTimer = this.timers.setTimeout(() => {
        this.retryTimer = null;
        this.flush();
      }, delay);
      return;
    }
    // 413, 400...: retrying the same text cannot help; the next edit tries again.
    const message = describeError(error);
    this.record("error", started, text, { detail: message });
    this.setStatus({ kind: "error", pending: this.pending, message });
    this.rejectWaiters(new Error(message));
  }

  private rebase(version: number, text: string): void {
    this.baseVersion = version;
    this.baseText = text;
    this.journal.rebase(version, text);
  }

  /** Merge the other side's `theirs` (stored as `theirVersion`) into our unsaved text. */
  private mergeIn(theirs: string, theirVersion: number): void {
    const mine = this._text;
    const merge = merge3(this.baseText, mine, theirs);
    if (merge.conflicts > 0) {
      this.setStatus({ kind: "conflict", pending: this.pending, base: this.baseText, mine, theirs, theirVersion });
      this.rejectWaiters(new ConflictPending());
      return;
    }
    const merged = mergedText(merge);
    this.rebase(theirVersion, theirs);
    if (merged !== theirs && merged !== mine) {
      this._lastMerge = { id: (this._lastMerge?.id ?? 0) + 1, mine, merged, theirVersion };
    }
    if (merged === theirs) {
      // Everything we changed is already there (the same edits were made on the other side).
      this._text = merged;
      this.acknowledge(this.seq, theirVersion, new Date(this.now()).toISOString(), merged);
    } else if (merged === mine) {
      this.flush(); // our text already holds their changes: save it on top of their version
    } else {
      this.edit(merged);
      this.flush();
    }
  }

  private settle(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  private rejectWaiters(error: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  private writeJournal(): void {
    try {
      this.journal.record(this._text, this.seq, this.ackedSeq, this.baseVersion, this.baseText);
      this._storageProblem = null;
    } catch (error) {
      this._storageProblem = `This device could not keep a local copy (${describeError(error)}).`;
    }
  }

  private scheduleHeartbeat(): void {
    this.heartbeatTimer = this.timers.setTimeout(() => {
      if (this.disposed) return;
      if (this.pending > 0) this.journal.heartbeat();
      this.scheduleHeartbeat();
    }, this.heartbeatMs);
  }

  private record(
    outcome: SaveLogEntry["outcome"],
    started: number,
    text: string,
    extra: { version?: number; detail?: string },
  ): void {
    const entry: SaveLogEntry = { at: this.now(), outcome, bytes: byteLength(text), durationMs: this.now() - started, ...extra };
    this._log = [entry, ...this._log].slice(0, this.logSize);
  }

  private clearTimer(name: "debounceTimer" | "retryTimer" | "heartbeatTimer"): void {
    if (this[name] !== null) {
      this.timers.clearTimeout(this[name]);
      this[name] = null;
    }
  }

  private setStatus(status: SyncStatus): void {
    this._status = status;
    this._revision += 1;
    for (const listener of [...this.listeners]) listener();
  }
}
