/** Following an optimize job: when to poll (api/queries.ts runs the polls), and the running job across reloads. */
import type { JobStatus } from "../api/types";
import { backoffDelay, type BackoffPolicy } from "./backoff";
import { ApiError } from "./http";
import { type KeyValueStore, readJson } from "./storage";

/** First look soon (jobs often finish in seconds), then ease off to spare the API. */
export const POLL = { firstMs: 800, startMs: 1000, factor: 1.5, maxMs: 5000 };
export const POLL_ERROR_BACKOFF: BackoffPolicy = { baseMs: 2000, maxMs: 15_000, factor: 2 };

/** Wait before the next status check, after `polls` answers (0: the first look). */
export function nextPollDelay(polls: number): number {
  return polls === 0 ? POLL.firstMs : Math.min(POLL.maxMs, Math.round(POLL.startMs * POLL.factor ** (polls - 1)));
}

/** Nothing more will change: the job completed or failed. */
export function isFinished(status: JobStatus): boolean {
  return status.status === "COMPLETED" || status.status === "FAILED";
}

/** The server forgot the job (404) or the id is invalid (400): nothing more to follow. */
export function isGone(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}

/** Wait before checking again after a failed check (`failures` before it in a row): Retry-After, else backoff. */
export function pollRetryDelay(error: unknown, failures: number, random: () => number = Math.random): number {
  return (error instanceof ApiError ? error.retryAfterMs : undefined) ?? backoffDelay(failures, POLL_ERROR_BACKOFF, random);
}

export interface RememberedJob {
  jobId: string;
  submittedAt: number;
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
