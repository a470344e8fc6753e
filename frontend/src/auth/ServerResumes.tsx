import { useAccountResumes } from "../api/queries";
import { ErrorText } from "../components/ErrorText";
import { dateTime } from "../format";
import { describeError } from "../lib/http";

/** The signed-in person's resumes, from the server: the same list on every device. */
export default function ServerResumes({ currentId, onOpen }: { currentId: string; onOpen(id: string): void }) {
  const { resumes, error: failed } = useAccountResumes();
  const error = failed ? describeError(failed) : null;
  if (error) return <ErrorText message={error} />;
  if (!resumes) return <p className="muted">Loading your resumes…</p>;
  if (resumes.length === 0) return <p className="muted">No resumes in your account yet: what you write is saved there.</p>;
  return (
    <ul className="resume-list" aria-label="Resumes in your account">
      {resumes.map((r) => (
        <li key={r.sessionId} aria-current={r.sessionId === currentId ? "true" : undefined}>
          <div>
            <strong>{r.title || "Untitled resume"}</strong>
            {r.sessionId === currentId && <span className="badge">open</span>}
            <div className="muted small">Saved {dateTime(r.updatedAt)}</div>
          </div>
          {r.sessionId !== currentId && (
            <div className="row-actions">
              <button type="button" onClick={() => onOpen(r.sessionId)}>
                Open<span className="sr-only"> {r.title}</span>
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
