/** Retry timing: exponential backoff with jitter, and the server's Retry-After when it gives one. */

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  factor: number;
}

export const SAVE_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 10_000, factor: 2 };

/** Delay before retry number `attempt` (0 = first retry): base·factor^attempt, capped, with ±25% jitter. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
  return Math.round(raw * (0.75 + random() * 0.5));
}

/** Longest wait we accept from a Retry-After header: a wrong header must not park unsaved work for long. */
export const MAX_RETRY_AFTER_MS = 120_000;

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable.
 * Clamped to [0, MAX_RETRY_AFTER_MS].
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}
