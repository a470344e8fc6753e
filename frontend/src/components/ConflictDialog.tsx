import { useState } from "react";
import type { ConflictChoice, SyncStatus } from "../lib/autosave";
import { describeError } from "../lib/http";
import { markersLeft, mergeWithMarkers } from "../lib/merge";
import { plural } from "../format";
import { Dialog } from "./Dialog";
import { DiffView } from "./DiffView";
import { ErrorText } from "./ErrorText";

type Conflict = Extract<SyncStatus, { kind: "conflict" }>;

/** Both texts, their diff, and three ways out. Whatever is not kept is snapshotted first. */
export function ConflictDialog({
  conflict,
  open,
  onResolve,
  onClose,
}: {
  conflict: Conflict;
  open: boolean;
  onResolve(choice: ConflictChoice): Promise<void>;
  onClose(): void;
}) {
  const [merging, setMerging] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolve = async (choice: ConflictChoice) => {
    setBusy(true);
    setError(null);
    try {
      await onResolve(choice);
      setMerging(null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const left = merging === null ? 0 : markersLeft(merging);
  return (
    <Dialog title="This resume was changed somewhere else" open={open} onClose={onClose} wide>
      <p>
        While you were editing here, another tab or device saved version {conflict.theirVersion}. Nothing has been
        lost: your text is kept on this device until you choose. Whichever text you do not keep is saved as a snapshot
        first, so you can get it back from History.
      </p>
      <ErrorText message={error ?? conflict.error} prefix="Could not resolve yet: " />
      {merging === null ? (
        <>
          <div className="conflict-sides">
            <section aria-label="Your version">
              <h3>Your version</h3>
              <pre className="conflict-text" data-testid="conflict-mine">
                {conflict.mine}
              </pre>
            </section>
            <section aria-label="Other version">
              <h3>Other version (v{conflict.theirVersion})</h3>
              <pre className="conflict-text" data-testid="conflict-theirs">
                {conflict.theirs}
              </pre>
            </section>
          </div>
          <DiffView before={conflict.theirs} after={conflict.mine} beforeLabel="other version" afterLabel="your version" />
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => resolve("mine")}>
              Keep mine
            </button>
            <button type="button" disabled={busy} onClick={() => resolve("theirs")}>
              Take theirs
            </button>
            <button type="button" disabled={busy} onClick={() => setMerging(mergeWithMarkers(conflict.mine, conflict.theirs))}>
              Merge by hand…
            </button>
          </div>
        </>
      ) : (
        <>
          <label htmlFor="merge-text">
            Edit the merged text. Each passage that differs shows your version and the other version between marker
            lines; keep what you want and delete the marker lines.
          </label>
          <textarea
            id="merge-text"
            className="merge-text"
            value={merging}
            onChange={(event) => setMerging(event.target.value)}
          />
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={busy || left > 0}
              onClick={() => resolve({ merged: merging })}
            >
              Save merged text
            </button>
            <button type="button" disabled={busy} onClick={() => setMerging(null)}>
              Back
            </button>
            {left > 0 && <span className="muted">{plural(left, "marker line")} left to remove</span>}
          </div>
        </>
      )}
    </Dialog>
  );
}
