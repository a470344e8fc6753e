import { useState } from "react";
import useSWR from "swr";
import { api } from "../api/client";
import type { SnapshotMeta } from "../api/types";
import { dateTime } from "../format";
import { describeError } from "../lib/http";
import { readOnlyLink } from "../lib/sessions";
import { ErrorText } from "./ErrorText";

/** A session's read-only links to single snapshots: create, list, revoke. */
export function useReadOnlyLinks(sessionId: string) {
  const query = useSWR(["read-only-links", sessionId], () => api.shares(sessionId), {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  const [actionError, setActionError] = useState<unknown>(null);
  const act = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
      await query.mutate();
    } catch (e) {
      setActionError(e);
    }
  };
  const failed = actionError ?? query.error;
  return {
    shares: query.data?.shares ?? [],
    error: failed ? describeError(failed) : null,
    create: (snapshotId: string) => act(() => api.share(sessionId, snapshotId)),
    revoke: (shareId: string) => act(() => api.revokeShare(sessionId, shareId)),
  };
}

export function ReadOnlyLinks({
  links,
  snapshots,
}: {
  links: ReturnType<typeof useReadOnlyLinks>;
  snapshots: SnapshotMeta[];
}) {
  const when = (snapshotId: string) => snapshots.find((s) => s.snapshotId === snapshotId)?.createdAt;
  return (
    <section aria-label="Read-only links">
      <h3>Read-only links</h3>
      <ErrorText message={links.error} />
      {links.shares.length === 0 ? (
        <p className="muted">None. “Share read-only” on a snapshot makes a link anyone can open, without editing.</p>
      ) : (
        <ul className="share-list">
          {links.shares.map((share) => {
            const link = readOnlyLink(window.location.origin, window.location.pathname, share.shareId);
            const taken = when(share.snapshotId);
            return (
              <li key={share.shareId}>
                <span className="muted small">
                  {taken ? `Snapshot of ${dateTime(taken)}` : "Snapshot"} · shared {dateTime(share.createdAt)}
                </span>
                <input readOnly value={link} aria-label="Read-only link" onFocus={(e) => e.target.select()} />
                <button type="button" onClick={() => void links.revoke(share.shareId)}>
                  Revoke
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
