import useSWR from "swr";
import { api } from "../api/client";
import { dateTime } from "../format";
import { ApiError, describeError } from "../lib/http";

/** A read-only link (#shared=<id>): one snapshot's text, for anyone, signed in or not; no editing, no chat. */
export default function SharedView({ shareId, onLeave }: { shareId: string; onLeave(): void }) {
  const query = useSWR(["read-only-link", shareId], () => api.shared(shareId), {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  const shared = query.data ?? null;
  const error = !query.error
    ? null
    : query.error instanceof ApiError && query.error.status === 404
      ? "This read-only link was revoked, or it never existed."
      : describeError(query.error);
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
