/**
 * How often a visible tab asks whether the resume changed elsewhere. The ask is a conditional read (If-None-Match)
 * that the server answers 304 with one DynamoDB GetItem; `python -m bench --sections freshness` prints what an
 * idle tab costs per hour from this schedule.
 */
export interface PollPolicy {
  /** Between polls while the person is active: how soon another device's save shows up. */
  activeMs: number;
  /** No keyboard or pointer input for this long counts as idle: the delay then doubles every idle minute... */
  idleAfterMs: number;
  /** ...up to this. */
  maxMs: number;
}

export const FRESHNESS: PollPolicy = { activeMs: 3000, idleAfterMs: 60_000, maxMs: 60_000 };

/** The wait before the next poll, given how long the person has been idle. */
export function pollDelay(idleMs: number, policy: PollPolicy = FRESHNESS): number {
  if (idleMs < policy.idleAfterMs) return policy.activeMs;
  const idleMinutes = Math.floor((idleMs - policy.idleAfterMs) / 60_000) + 1;
  return Math.min(policy.maxMs, policy.activeMs * 2 ** Math.min(idleMinutes, 30));
}
