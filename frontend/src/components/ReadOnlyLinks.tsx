import type { useReadOnlyLinks } from "../api/queries";
import type { SnapshotMeta } from "../api/types";
import { dateTime } from "../format";
import { describeError } from "../lib/http";
import { readOnlyLink } from "../lib/sessions";
import { ErrorText } from "./ErrorText";

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
      <ErrorText message={links.error ? describeError(links.error) : null} />
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
                <button type="button" disabled={links.busy} onClick={() => void links.revoke(share.shareId)}>
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
