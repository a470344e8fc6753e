import { useState } from "react";
import type { SaveLogEntry, SyncEngine, SyncStatus } from "../lib/autosave";
import { bytes, clockTime, plural } from "../format";
import { useTick } from "../hooks";

export function statusText(status: SyncStatus, now: number): string {
  switch (status.kind) {
    case "saved":
      if (status.at === null) return status.version > 0 ? "Saved" : "No changes yet";
      return `${status.remote ? "Updated from another device" : "Saved"} ${clockTime(status.at)}`;
    case "pending":
    case "saving":
      return "Saving…";
    case "offline": {
      const kept = `${plural(status.pending, "change")} kept on this device`;
      const wait = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      const retry = wait > 0 ? ` · retrying in ${wait} s` : " · retrying";
      return status.reason === "network" ? `Offline — ${kept}${retry}` : `Server busy — ${kept}${retry}`;
    }
    case "conflict":
      return "Conflict";
    case "error":
      return `Not saved: ${status.message}`;
  }
}

const OUTCOME: Record<SaveLogEntry["outcome"], string> = {
  saved: "Saved",
  offline: "Offline",
  busy: "Server busy",
  conflict: "Conflict",
  error: "Failed",
};

/** The save status; a click shows the recent save attempts. */
export function StatusLine({ engine, onResolve }: { engine: SyncEngine; onResolve(): void }) {
  const [open, setOpen] = useState(false);
  const status = engine.status;
  const now = useTick(1000, status.kind === "offline");
  const text = statusText(status, now);
  return (
    <div className="status">
      <button
        type="button"
        className={`status-line status-${status.kind}`}
        aria-expanded={open}
        aria-controls="save-log"
        title="Show recent saves"
        onClick={() => setOpen(!open)}
      >
        <span className="status-dot" aria-hidden="true" />
        <span data-testid="save-status">{text}</span>
      </button>
      <span role="status" className="sr-only">
        {status.kind === "pending" ? "" : text}
      </span>
      {status.kind === "offline" && (
        <button type="button" className="link-button" onClick={() => engine.nudge()}>
          Retry now
        </button>
      )}
      {status.kind === "conflict" && (
        <button type="button" className="link-button" onClick={onResolve}>
          Resolve…
        </button>
      )}
      {engine.storageProblem && <span className="warning">{engine.storageProblem}</span>}
      {open && (
        <div id="save-log" className="popover" role="region" aria-label="Recent saves">
          <h3>Recent saves</h3>
          {engine.log.length === 0 ? (
            <p className="muted">Nothing sent yet in this tab.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Result</th>
                  <th scope="col">Version</th>
                  <th scope="col">Size</th>
                  <th scope="col">Took</th>
                </tr>
              </thead>
              <tbody>
                {engine.log.map((entry, i) => (
                  <tr key={i} title={entry.detail}>
                    <td>{clockTime(entry.at)}</td>
                    <td>{OUTCOME[entry.outcome]}</td>
                    <td>{entry.version ?? "—"}</td>
                    <td>{bytes(entry.bytes)}</td>
                    <td>{entry.durationMs} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
