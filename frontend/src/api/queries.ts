/**
 * Server state (reads, polls, mutations) through swr: one hook per thing the web app reads or changes on the server.
 * The resume text itself is not here: the autosave engine (lib/autosave.ts) owns it, with its journal and outbox.
 */
import { useCallback, useRef, useState } from "react";
import useSWR, { mutate, type SWRConfiguration } from "swr";
import useSWRMutation from "swr/mutation";
import { backoffDelay, SAVE_BACKOFF } from "../lib/backoff";
import { type ExportFormat, exportResume } from "../lib/exportFile";
import { ApiError } from "../lib/http";
import type { PageSize } from "../lib/preview";
import { isFinished, isGone, nextPollDelay, pollRetryDelay, type RememberedJob } from "../lib/jobs";
import { api } from "./client";
import type { ChatRequest, JobStatus, OptimizeRequest, SnapshotKind } from "./types";

/**
 * Read when shown or asked, not again on focus or reconnect (the editor has its own freshness poll); a failure is
 * shown, not retried by itself, unless the hook says how.
 */
const ON_DEMAND: SWRConfiguration = { revalidateOnFocus: false, revalidateOnReconnect: false, shouldRetryOnError: false };

const snapshotsKey = (sessionId: string) => ["snapshots", sessionId];
const jobsKey = (sessionId: string) => ["jobs", sessionId];

/** Another person's resume (accounts on) answers as one that does not exist. */
export function isNotYours(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * The session as the server has it when this page opens it, retried with backoff while the server is unreachable.
 * Each opening reads afresh (its own key): the editor starts from the server's answer, never from a cached one.
 */
export function useSessionLoad(sessionId: string) {
  const [openId] = useState(() => `${Date.now()}-${Math.random()}`);
  const [retryInMs, setRetryInMs] = useState(0);
  const retry = useRef<ReturnType<typeof setTimeout>>(undefined);
  const query = useSWR(["session", sessionId, openId], () => api.session(sessionId), {
    ...ON_DEMAND,
    revalidateIfStale: false,
    shouldRetryOnError: true,
    onErrorRetry: (error, _key, _config, revalidate, { retryCount }) => {
      if (isNotYours(error)) return; // retrying cannot help
      const delay = backoffDelay(retryCount - 1, SAVE_BACKOFF);
      setRetryInMs(delay);
      retry.current = setTimeout(() => void revalidate({ retryCount }), delay);
    },
  });
  const { mutate: reload } = query;
  const retryNow = useCallback(() => {
    clearTimeout(retry.current);
    void reload();
  }, [reload]);
  return { session: query.data, error: query.error as unknown, retryInMs, retryNow };
}

/** The session's snapshots, newest first; refreshed by `useTakeSnapshot` and `refreshSnapshots`. */
export function useSnapshots(sessionId: string) {
  const query = useSWR(snapshotsKey(sessionId), () => api.snapshots(sessionId), ON_DEMAND);
  return { snapshots: query.data?.snapshots ?? null, error: query.error as unknown, refresh: query.mutate };
}

/** A snapshot was taken elsewhere in the page (a merge, a conflict resolved): read the list again. */
export function refreshSnapshots(sessionId: string): void {
  void mutate(snapshotsKey(sessionId));
}

/** One snapshot's text (snapshots never change, so once read it is kept). */
export function useSnapshotPayload(sessionId: string, snapshotId: string | undefined) {
  const query = useSWR(
    snapshotId ? ["snapshot", sessionId, snapshotId] : null,
    () => api.snapshotPayload(sessionId, snapshotId!),
    { ...ON_DEMAND, revalidateIfStale: false },
  );
  return { payload: query.data, error: query.error as unknown };
}

/**
 * Take a snapshot after `saveFirst` (pending edits reach the server first); the snapshot list reads itself again.
 * Throws what went wrong.
 */
export function useTakeSnapshot(sessionId: string, saveFirst: () => Promise<unknown>) {
  const { trigger, isMutating } = useSWRMutation(snapshotsKey(sessionId), async (_key, { arg }: { arg: SnapshotKind }) => {
    await saveFirst();
    return api.snapshot(sessionId, arg);
  }, { populateCache: false });
  return { takeSnapshot: trigger, taking: isMutating };
}

/** Export the text as a PDF or Word file (rendered, read back and downloaded). Throws what went wrong. */
export function useExport() {
  const format = useRef<ExportFormat>("pdf");
  const { trigger, isMutating } = useSWRMutation(
    "export",
    (_key, { arg }: { arg: { text: string; format: ExportFormat; pageSize: PageSize } }) =>
      exportResume(arg.text, arg.format, arg.pageSize),
  );
  const exportFile = useCallback(
    (arg: { text: string; format: ExportFormat; pageSize: PageSize }) => {
      format.current = arg.format;
      return trigger(arg);
    },
    [trigger],
  );
  /** The format being exported, if one is. */
  return { exportFile, exporting: isMutating ? format.current : null };
}

/** Earlier optimize jobs of the session (also those started on another device); optional. */
export function useJobs(sessionId: string) {
  const query = useSWR(jobsKey(sessionId), () => api.jobs(sessionId), ON_DEMAND);
  return query.data?.jobs ?? [];
}

export interface JobFollowing {
  /** The latest answer, once there is one. */
  status: JobStatus | undefined;
  /** Why the last check failed, with when the next one is. */
  trouble: { error: unknown; retryInMs: number } | null;
}

/**
 * Follow a job until it completes or fails: first look soon (jobs often finish in seconds), then ease off; through
 * network trouble with backoff (or the server's Retry-After); `onGone` when the server no longer knows it. Polls also
 * while the tab is hidden or offline, as the hand-written poller did. Each following (a job followed at a time) has
 * its own schedule and key.
 */
export function useJobStatus(
  job: RememberedJob,
  callbacks: { onStatus(status: JobStatus): void; onGone(error: unknown): void },
): JobFollowing {
  const polls = useRef(0);
  const failures = useRef(0);
  const [trouble, setTrouble] = useState<JobFollowing["trouble"]>(null);
  // Stable, so swr keeps its timer: the delay comes from how many answers came, not from the render.
  const refreshInterval = useCallback(
    (latest: JobStatus | undefined) => (latest && isFinished(latest) ? 0 : nextPollDelay(polls.current)),
    [],
  );
  const query = useSWR(["job", job.jobId, job.submittedAt], () => api.jobStatus(job.jobId), {
    ...ON_DEMAND,
    revalidateOnMount: false, // the first look is the refresh timer's, after nextPollDelay(0)
    refreshInterval,
    refreshWhenHidden: true,
    refreshWhenOffline: true,
    dedupingInterval: 0,
    shouldRetryOnError: (error) => !isGone(error),
    onSuccess: (status) => {
      polls.current += 1;
      failures.current = 0;
      setTrouble(null);
      callbacks.onStatus(status);
    },
    onError: (error) => {
      if (isGone(error)) callbacks.onGone(error);
    },
    onErrorRetry: (error, _key, _config, revalidate, options) => {
      const retryInMs = pollRetryDelay(error, failures.current);
      failures.current += 1;
      setTrouble({ error, retryInMs });
      setTimeout(() => void revalidate(options), retryInMs);
    },
  });
  return { status: query.data, trouble };
}

/** Submit an optimize job (the session's job list reads itself again). Throws what went wrong. */
export function useSubmitOptimize(sessionId: string) {
  const { trigger, isMutating } = useSWRMutation(
    jobsKey(sessionId),
    (_key, { arg }: { arg: OptimizeRequest }) => api.optimize(arg),
    { populateCache: false },
  );
  return { submit: trigger, submitting: isMutating };
}

/** The model the server's assistant uses (shown under the chat); optional. */
export function useLlmStatus() {
  return useSWR("llm-status", api.llmStatus, ON_DEMAND).data ?? null;
}

/** Ask the assistant. Throws what went wrong. */
export function useChat(sessionId: string) {
  const { trigger, isMutating } = useSWRMutation(["chat", sessionId], (_key, { arg }: { arg: ChatRequest }) =>
    api.chat(arg),
  );
  return { ask: trigger, waiting: isMutating };
}

/** The text of the resume an "open on another device" link names (its name is shown before opening it). */
export function useDeviceLinkResume(sessionId: string) {
  const session = useSWR(["device-link", sessionId], () => api.session(sessionId), ON_DEMAND).data;
  return session ? session.resume : null;
}

// ---------------------------------------------------------------- accounts (only used with sign-in on)

/** The signed-in person's resumes, read each time the list is shown (another device may have added one). */
export function useAccountResumes() {
  const query = useSWR("account-resumes", () => api.resumes(), ON_DEMAND);
  return { resumes: query.data?.resumes ?? null, error: query.error as unknown };
}

/** A read-only link's text (#shared=<id>), for anyone. */
export function useReadOnlyLink(shareId: string) {
  const query = useSWR(["read-only-link", shareId], () => api.shared(shareId), ON_DEMAND);
  return { shared: query.data ?? null, error: query.error as unknown };
}

type LinkAction = { create: string } | { revoke: string };

/** A session's read-only links: the list, and creating or revoking one (one at a time; the list is read again). */
export function useReadOnlyLinks(sessionId: string) {
  const key = ["read-only-links", sessionId];
  const query = useSWR(key, () => api.shares(sessionId), ON_DEMAND);
  const action = useSWRMutation(
    key,
    async (_key, { arg }: { arg: LinkAction }): Promise<void> => {
      await ("create" in arg ? api.share(sessionId, arg.create) : api.revokeShare(sessionId, arg.revoke));
    },
    { populateCache: false, throwOnError: false },
  );
  return {
    shares: query.data?.shares ?? [],
    error: (action.error ?? query.error) as unknown,
    busy: action.isMutating,
    create: (snapshotId: string) => action.trigger({ create: snapshotId }),
    revoke: (shareId: string) => action.trigger({ revoke: shareId }),
  };
}
