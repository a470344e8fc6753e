import { useMemo, useState } from "react";
import type { SyncStatus } from "../lib/autosave";
import { describeError } from "../lib/http";
import { type HunkChoice, merge3, mergedText } from "../lib/merge";
import { Dialog } from "./Dialog";
import { ErrorText } from "./ErrorText";

type Conflict = Extract<SyncStatus, { kind: "conflict" }>;

const CHOICES: { value: HunkChoice; label: string }[] = [
  { value: "mine", label: "Keep mine" },
  { value: "theirs", label: "Take theirs" },
  { value: "both", label: "Keep both" },
];

/**
 * Only the passages both sides changed, one by one, side by side; everything else is already merged.
 * Whatever is not kept is snapshotted first (see SyncEngine.resolveConflict).
 */
export default function ConflictDialog({
  conflict,
  open,
  onResolve,
  onClose,
}: {
  conflict: Conflict;
  open: boolean;
  /** Save this text (the merge as chosen). */
  onResolve(merged: string): Promise<void>;
  onClose(): void;
}) {
  const merge = useMemo(() => merge3(conflict.base, conflict.mine, conflict.theirs), [conflict]);
  const hunks = merge.hunks.filter((h) => h.kind === "conflict");
  const [choices, setChoices] = useState<(HunkChoice | undefined)[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = hunks.every((_, k) => choices[k] !== undefined);
  const resolve = async () => {
    setBusy(true);
    setError(null);
    try {
      await onResolve(mergedText(merge, choices as HunkChoice[]));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const footer = (
    <div className="actions">
      <button type="button" className="primary" disabled={busy || !chosen} onClick={() => void resolve()}>
        Save merged text
      </button>
    </div>
  );
  return (
    <Dialog title="This resume was changed somewhere else" open={open} onClose={onClose} footer={footer} wide>
      <p>
        Another device saved version {conflict.theirVersion} while you edited here. Edits to different lines are
        merged; choose for each passage changed on both sides. The other version is kept in History.
      </p>
      <ErrorText message={error ?? conflict.error} prefix="Could not resolve yet: " />
      {hunks.map((hunk, k) => (
        <fieldset key={k} className="hunk" data-testid="hunk">
          <legend>
            Passage {k + 1} of {hunks.length}
          </legend>
          <div className="conflict-sides">
            {[
              ["Your version", hunk.mine, "conflict-mine"] as const,
              [`Other version (v${conflict.theirVersion})`, hunk.theirs, "conflict-theirs"] as const,
            ].map(([title, lines, testId]) => (
              <div key={testId}>
                <h4>{title}</h4>
                <pre className="conflict-text" data-testid={testId}>
                  {lines.length ? lines.join("\n") : "(removed)"}
                </pre>
              </div>
            ))}
          </div>
          <div className="hunk-choice">
            {CHOICES.map((c) => (
              <label key={c.value}>
                <input
                  type="radio"
                  name={`hunk-${k}`}
                  checked={choices[k] === c.value}
                  onChange={() => setChoices((list) => hunks.map((_, i) => (i === k ? c.value : list[i])))}
                />{" "}
                {c.label}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </Dialog>
  );
}
