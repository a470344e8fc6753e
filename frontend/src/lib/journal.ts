/**
 * The local journal of unsaved edits. Every edit is written here synchronously (localStorage survives a tab crash
 * the moment setItem returns) and leaves only when the server acknowledges the version that contains it.
 *
 * One record per (session, tab): two tabs editing one session never overwrite each other's unsaved work. A tab
 * keeps its id across reloads (sessionStorage), so a reload replays its own record; records of tabs that died
 * (no heartbeat for STALE_AFTER_MS, or released on pagehide) are adopted by the next tab that opens the session.
 */
import { type KeyValueStore, keysWithPrefix, readJson } from "./storage";

export interface JournalRecord {
  sessionId: string;
  tabId: string;
  /** Server version the text was edited from (the last acknowledged one). */
  baseVersion: number;
  /** That version's text: the base of a three-way merge (absent in records written before merging existed). */
  baseText?: string;
  /** The newest local text. */
  text: string;
  /** Edits recorded so far; `ackedSeq` of them are acknowledged. */
  seq: number;
  ackedSeq: number;
  firstAt: number;
  lastAt: number;
  /** Last sign of life of the owning tab; 0 when it let go (pagehide). */
  heartbeat: number;
}

export const JOURNAL_PREFIX = "rc.journal.";
export const STALE_AFTER_MS = 15_000;

export function journalKey(sessionId: string, tabId: string): string {
  return `${JOURNAL_PREFIX}${sessionId}.${tabId}`;
}

export function pendingCount(record: JournalRecord | null): number {
  return record ? record.seq - record.ackedSeq : 0;
}

export class Journal {
  private readonly key: string;

  constructor(
    private readonly store: KeyValueStore,
    readonly sessionId: string,
    readonly tabId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = journalKey(sessionId, tabId);
  }

  load(): JournalRecord | null {
    const record = readJson<JournalRecord>(this.store, this.key);
    return record && record.sessionId === this.sessionId && typeof record.text === "string" ? record : null;
  }

  /**
   * Write edit number `seq` (numbered by the caller, so numbering survives a failed write).
   * Throws when storage is full; the caller reports it and keeps the text in memory.
   */
  record(text: string, seq: number, ackedSeq: number, baseVersion: number, baseText: string): void {
    const at = this.now();
    const previous = this.load();
    this.write({
      sessionId: this.sessionId,
      tabId: this.tabId,
      baseVersion,
      baseText,
      text,
      seq,
      ackedSeq,
      firstAt: previous?.firstAt ?? at,
      lastAt: at,
      heartbeat: at,
    });
  }

  /** The server holds edit `seq` (`text`) as `version`: drop the record when nothing newer waits, else rebase it. */
  ack(seq: number, version: number, text: string): void {
    const record = this.load();
    if (!record || seq < record.ackedSeq) return;
    if (seq >= record.seq) {
      this.store.removeItem(this.key);
    } else {
      this.write({ ...record, ackedSeq: seq, baseVersion: version, baseText: text });
    }
  }

  /** After a merge or a settled conflict: the pending text now builds on `version`, whose text is `baseText`. */
  rebase(version: number, baseText: string): void {
    const record = this.load();
    if (record) this.write({ ...record, baseVersion: version, baseText });
  }

  heartbeat(): void {
    const record = this.load();
    if (record) this.write({ ...record, heartbeat: this.now() });
  }

  /** The tab is going away: let another tab adopt the record at once instead of waiting for it to go stale. */
  release(): void {
    const record = this.load();
    if (record) this.write({ ...record, heartbeat: 0 });
  }

  /** Records of other tabs of this session that nobody looks after any more, newest edit first. */
  orphans(staleAfterMs: number = STALE_AFTER_MS): JournalRecord[] {
    const cutoff = this.now() - staleAfterMs;
    return keysWithPrefix(this.store, `${JOURNAL_PREFIX}${this.sessionId}.`)
      .filter((key) => key !== this.key)
      .map((key) => readJson<JournalRecord>(this.store, key))
      .filter((r): r is JournalRecord => !!r && r.sessionId === this.sessionId && r.heartbeat < cutoff)
      .sort((a, b) => b.lastAt - a.lastAt);
  }

  /**
   * Take over another tab's record as our own (its unsaved edits get replayed by this tab). Refused (null) while
   * this tab has unsaved edits of its own: one record per tab, and ours must not be overwritten.
   */
  adopt(orphan: JournalRecord): JournalRecord | null {
    if (pendingCount(this.load()) > 0) return null;
    const mine = { ...orphan, tabId: this.tabId, heartbeat: this.now() };
    this.write(mine);
    this.store.removeItem(journalKey(orphan.sessionId, orphan.tabId));
    return mine;
  }

  private write(record: JournalRecord): void {
    this.store.setItem(this.key, JSON.stringify(record));
  }
}

/** Unsaved edits kept on this device for a session, across all tabs (for the "My resumes" list). */
export function unsavedEdits(store: KeyValueStore, sessionId: string): number {
  return keysWithPrefix(store, `${JOURNAL_PREFIX}${sessionId}.`)
    .map((key) => pendingCount(readJson<JournalRecord>(store, key)))
    .reduce((a, b) => a + b, 0);
}
