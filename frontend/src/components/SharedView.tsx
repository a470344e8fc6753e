import { useReadOnlyLink } from "../api/queries";
import { dateTime } from "../format";
import { ApiError, describeError } from "../lib/http";

/** A read-only link (#shared=<id>): one snapshot's text, for anyone, signed in or not; no editing, no chat. */
export default function SharedView({ shareId, onLeave }: { shareId: string; onLeave(): void }) {
  const { shared, error: failed } = useReadOnlyLink(shareId);
  const error = !failed
    ? null
    : failed instanceof ApiError && failed.status === 404
      ? "This read-only link was revoked, or it never existed."
      : describeError(failed);
  return (
    <main className="shared-view">
      <h2>Shared resume (read-only)</h2>
      {error && (
        <p className="warning" role="alert">
          {error}
        </p>
      )}
      {!shared && !error && <p className="muted">Loading…</p>}
      {shared && (
        <>
          <p className="muted small">Shared {dateTime(shared.createdAt)}</p>
          <textarea aria-label="Shared resume text" readOnly value={shared.resume} rows={30} />
        </>
      )}
      <p>
        <button type="button" onClick={onLeave}>
          Go to my resumes
        </button>
      </p>
    </main>
  );
}
