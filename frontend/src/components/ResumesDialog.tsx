import { lazy, Suspense, useState } from "react";
import { unsavedEdits } from "../lib/journal";
import { type KnownSession, listSessions } from "../lib/sessions";
import type { KeyValueStore } from "../lib/storage";
import { dateTime, plural } from "../format";
import { Dialog } from "./Dialog";

const ServerResumes = lazy(() => import("../auth/ServerResumes"));

// Preact (the app runs on preact/compat) does not emulate React's `autoFocus`: a field shown inside an open dialog
// takes the focus here. Stable, so it runs once when the field appears.
const focusOnMount = (field: HTMLInputElement | null) => field?.focus();

/** Resumes this browser knows, with names; open, rename or forget (forgetting keeps the server copy). Signed in
 * (`accounts`), the person's resumes from the server instead: the same list on every device. */
export function ResumesDialog({
  accounts,
  store,
  currentId,
  open,
  onClose,
  onOpen,
  onNew,
  onRename,
  onForget,
}: {
  accounts: boolean;
  store: KeyValueStore;
  currentId: string;
  open: boolean;
  onClose(): void;
  onOpen(id: string): void;
  onNew(): void;
  onRename(id: string, name: string): void;
  onForget(id: string): void;
}) {
  const [renaming, setRenaming] = useState<KnownSession | null>(null);
  const [name, setName] = useState("");
  const sessions = open && !accounts ? listSessions(store) : [];
  return (
    <Dialog title="My resumes" open={open} onClose={onClose}>
      {accounts && (
        <Suspense fallback={<p className="muted">Loading your resumes…</p>}>
          <ServerResumes currentId={currentId} onOpen={onOpen} />
        </Suspense>
      )}
      <ul className="resume-list" hidden={accounts}>
        {sessions.map((s) => {
          const unsaved = unsavedEdits(store, s.id);
          return (
            <li key={s.id} aria-current={s.id === currentId ? "true" : undefined}>
              {renaming?.id === s.id ? (
                <form
                  className="rename"
                  onSubmit={(event) => {
                    event.preventDefault();
                    onRename(s.id, name);
                    setRenaming(null);
                  }}
                >
                  <label htmlFor="rename-input" className="sr-only">
                    New name
                  </label>
                  <input id="rename-input" ref={focusOnMount} value={name} onChange={(event) => setName(event.target.value)} />
                  <button type="submit">Save</button>
                  <button type="button" onClick={() => setRenaming(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <>
                  <div>
                    <strong>{s.name}</strong>
                    {s.id === currentId && <span className="badge">open</span>}
                    <div className="muted small">
                      Opened {dateTime(s.lastOpenedAt)}
                      {unsaved > 0 && ` · ${plural(unsaved, "unsaved change")} on this device`}
                    </div>
                  </div>
                  <div className="row-actions">
                    {s.id !== currentId && (
                      <button type="button" onClick={() => onOpen(s.id)}>
                        Open<span className="sr-only"> {s.name}</span>
                      </button>
                    )}
                    <button
                      type="button"
                      onClick={() => {
                        setRenaming(s);
                        setName(s.name);
                      }}
                    >
                      Rename<span className="sr-only"> {s.name}</span>
                    </button>
                    {s.id !== currentId && (
                      <button
                        type="button"
                        onClick={() => {
                          if (window.confirm(`Remove “${s.name}” from this list? It stays on the server; its link still opens it.`)) {
                            onForget(s.id);
                          }
                        }}
                      >
                        Remove<span className="sr-only"> {s.name}</span>
                      </button>
                    )}
                  </div>
                </>
              )}
            </li>
          );
        })}
      </ul>
      <div className="actions">
        <button type="button" className="primary" onClick={onNew}>
          New resume
        </button>
      </div>
    </Dialog>
  );
}
