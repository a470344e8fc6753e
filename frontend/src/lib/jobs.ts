/** Following an optimize job: polling with backoff, and remembering the running job across reloads. */
import type { JobStatus } from "../api/types";
import { backoffDelay, type BackoffPolicy } from "./backoff";
import { ApiError, describeError } from "./http";
import type { Timers } from "./autosave";
import { type KeyValueStore, readJson } from "./storage";

/** First look soon (jobs often finish in seconds), then ease off to spare the API. */
export const POLL = { firstMs: 800, startMs: 1000, factor: 1.5, maxMs: 5000 };
export const POLL_ERROR_BACKOFF: BackoffPolicy = { baseMs: 2000, maxMs: 15_000, factor: 2 };

export interface PollerCallbacks {
  onStatus(status: JobStatus): void;
  /** The server forgot the job (404) or it is invalid: nothing more to follow. */
  onGone(message: string): void;
  /** A poll failed; polling goes on after `retryInMs`. */
  onTrouble(message: string, retryInMs: number): void;
}

export class JobPoller {
  private timer: unknown = null;
  private interval = POLL.startMs;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly jobId: string,
    private readonly fetchStatus: (jobId: string) => Promise<JobStatus>,
    private readonly callbacks: PollerCallbacks,
    private readonly timers: Timers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) },
    private readonly random: () => number = Math.random,
  ) {}

  start(): void {
    this.schedule(POLL.firstMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.timers.setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    this.timer = null;
    try {
      const status = await this.fetchStatus(this.jobId);
      if (this.stopped) return;
      this.failures = 0;
      this.callbacks.onStatus(status);
      if (status.status === "COMPLETED" || status.status === "FAILED") return;
      this.schedule(this.interval);
      this.interval = Math.min(POLL.maxMs, Math.round(this.interval * POLL.factor));
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
        this.callbacks.onGone(describeError(error));
        return;
      }
      const delay =
        (error instanceof ApiError ? error.retryAfterMs : undefined) ??
        backoffDelay(this.failures, POLL_ERROR_BACKOFF, this.random);
      this.failures += 1;
      this.callbacks.onTrouble(describeError(error), delay);
      this.schedule(delay);
    }
  }
}

export interface RememberedJob {
  jobId: string;
  submittedAt: number;
  fileName?: string;
  /** The text the job started from, to offer "Open in editor" when the result has no text of its own. */
  sourceText?: string;
}

const jobKey = (sessionId: string) => `rc.job.${sessionId}`;

export function rememberJob(store: KeyValueStore, sessionId: string, job: RememberedJob): void {
  store.setItem(jobKey(sessionId), JSON.stringify(job));
}

export function rememberedJob(store: KeyValueStore, sessionId: string): RememberedJob | null {
  const job = readJson<RememberedJob>(store, jobKey(sessionId));
  return job && typeof job.jobId === "string" ? job : null;
}

export function forgetJob(store: KeyValueStore, sessionId: string): void {
  store.removeItem(jobKey(sessionId));
}
