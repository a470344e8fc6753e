import { useState } from "react";
import { api } from "../api/client";
import { useReadOnlyLinks, useSnapshotPayload, useSnapshots } from "../api/queries";
import type { SnapshotMeta, SnapshotResponse } from "../api/types";
import { describeError } from "../lib/http";
import { dateTime } from "../format";
import { DiffView } from "./DiffView";
import { ErrorText } from "./ErrorText";
import { ReadOnlyLinks } from "./ReadOnlyLinks";

const KIND_LABEL: Record<string, string> = {
  manual: "Snapshot",
  auto: "Automatic",
  restore: "Before restore",
  merge: "Merged from another device",
};

/**
 * Snapshot history, labelled: compare any two (or one with the current text) and restore. The diff opens under the
 * entry ticked last, in view next to what was chosen.
 */
export default function HistoryPanel({
  sessionId,
  currentText,
  onRestore,
}: {
  sessionId: string;
  currentText: string;
  onRestore(snapshot: SnapshotResponse): Promise<void>;
}) {
  const { snapshots, error: listError, refresh } = useSnapshots(sessionId);
  const [selected, setSelected] = useState<string[]>([]);
  // At most two are ticked: each one's text is read once and kept.
  const ticked = [useSnapshotPayload(sessionId, selected[0]), useSnapshotPayload(sessionId, selected[1])];
  const payloads: Record<string, SnapshotResponse> = {};
  for (const { payload } of ticked) if (payload) payloads[payload.snapshotId] = payload;
  const [actionError, setActionError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const failed = actionError ?? ticked.find((t) => t.error)?.error ?? listError;
  const error = typeof failed === "string" ? failed : failed ? describeError(failed) : null;
  const links = useReadOnlyLinks(sessionId);

  const toggle = (snapshotId: string) =>
    setSelected((s) => (s.includes(snapshotId) ? s.filter((x) => x !== snapshotId) : [...s, snapshotId].slice(-2)));

  const restore = async (meta: SnapshotMeta) => {
    setRestoring(meta.snapshotId);
    setActionError(null);
    try {
      const payload = payloads[meta.snapshotId] ?? (await api.snapshotPayload(sessionId, meta.snapshotId));
      await onRestore(payload);
      await refresh();
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setRestoring(null);
    }
  };

  const kindOf = (meta: SnapshotMeta) => KIND_LABEL[meta.kind ?? "manual"] ?? meta.kind;
  const label = (meta: SnapshotMeta | undefined) => (meta ? `${kindOf(meta)} · ${dateTime(meta.createdAt)}` : "");
  const byId = (id: string) => snapshots?.find((s) => s.snapshotId === id);
  // Older on the left of the diff, newer on the right.
  const [first, second] = [...selected].sort(
    (a, b) => Date.parse(byId(a)?.createdAt ?? "") - Date.parse(byId(b)?.createdAt ?? ""),
  );

  const diff =
    first && !second && payloads[first] ? (
      <DiffView before={payloads[first].resume} after={currentText} beforeLabel={label(byId(first))} afterLabel="current text" />
    ) : first && second && payloads[first] && payloads[second] ? (
      <DiffView
        before={payloads[first].resume}
        after={payloads[second].resume}
        beforeLabel={label(byId(first))}
        afterLabel={label(byId(second))}
      />
    ) : null;

  return (
    <section className="history" aria-label="History">
      <div className="panel-head">
        <p className="muted">Tick one snapshot to compare it with the current text, or two to compare them.</p>
        <button
          type="button"
          onClick={() => {
            setActionError(null);
            void refresh();
          }}
        >
          Refresh
        </button>
      </div>
      <ErrorText message={error} />
      {snapshots === null ? (
        <p className="muted">Loading…</p>
      ) : snapshots.length === 0 ? (
        <p className="muted">No snapshots yet. Take one with the Snapshot button or Ctrl/⌘+S.</p>
      ) : (
        <ul className="snapshot-list">
          {snapshots.map((meta) => (
            <li key={meta.snapshotId} className={selected.includes(meta.snapshotId) ? "selected" : ""}>
              <div className="snapshot-row">
                <label>
                  <input
                    type="checkbox"
                    checked={selected.includes(meta.snapshotId)}
                    onChange={() => toggle(meta.snapshotId)}
                  />{" "}
                  <span className="snapshot-time">{dateTime(meta.createdAt)}</span>{" "}
                  <span className="badge">{kindOf(meta)}</span>
                  {meta.label && meta.label !== kindOf(meta) && <span> {meta.label}</span>}
                  {meta.version !== null && meta.version !== undefined && <span className="muted"> v{meta.version}</span>}
                </label>
                <button
                  type="button"
                  disabled={restoring !== null}
                  onClick={() => void restore(meta)}
                  aria-label={`Restore the snapshot of ${dateTime(meta.createdAt)}`}
                >
                  {restoring === meta.snapshotId ? "Restoring…" : "Restore"}
                </button>
                <button
                  type="button"
                  disabled={links.busy}
                  onClick={() => void links.create(meta.snapshotId)}
                  aria-label={`Share the snapshot of ${dateTime(meta.createdAt)} read-only`}
                >
                  Share read-only
                </button>
              </div>
              {meta.snapshotId === selected[selected.length - 1] && diff}
            </li>
          ))}
        </ul>
      )}
      {selected.some((id) => !payloads[id]) && <p className="muted">Loading snapshot…</p>}
      {snapshots && snapshots.length > 0 && <ReadOnlyLinks links={links} snapshots={snapshots} />}
    </section>
  );
}
