import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { api } from "./api/client";
import { isNotYours, refreshSnapshots, useSessionLoad, useTakeSnapshot } from "./api/queries";
import type { SnapshotResponse } from "./api/types";
import { Editor, type EditorHandle } from "./components/Editor";
import { ResumeToolbar } from "./components/ResumeToolbar";
import { Tabs } from "./components/Tabs";
import { type Toast, Toasts } from "./components/Toasts";
import { clockTime, dateTime } from "./format";
import { useEngine, useMediaQuery } from "./hooks";
import { describeError } from "./lib/http";
import { locate, type TextRange } from "./lib/selection";
import { rememberedJob } from "./lib/jobs";
import type { PageSize } from "./lib/preview";
import { autoName, NOT_YOURS } from "./lib/sessions";
import type { KeyValueStore } from "./lib/storage";
import { useRemoteChanges } from "./useRemoteChanges";
import { type OpenSession, useSyncEngine } from "./useSyncEngine";

// Loaded when first shown: the editor works before any of them arrives.
const Assistant = lazy(() => import("./components/Assistant"));
const ConflictDialog = lazy(() => import("./components/ConflictDialog"));
const HistoryPanel = lazy(() => import("./components/HistoryPanel"));
const OptimizePanel = lazy(() => import("./components/optimize/OptimizePanel"));
const PreviewPanel = lazy(() => import("./components/PreviewPanel"));

/** How long an action that needs the server waits for pending edits to be saved first. */
const FLUSH_TIMEOUT_MS = 15_000;

type View = "resume" | "assistant" | "preview" | "history" | "optimize";
const PAGE_SIZE_KEY = "resume-chat:page-size";

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(message)), ms)),
  ]);
}

/** Load the session (retrying while the server is unreachable), then hand over to the editor. */
export function Workspace(props: {
  sessionId: string;
  store: KeyValueStore;
  tabId: string;
  sessionName: string;
  onNewSession(text?: string): Promise<void>;
  /** The session's name followed the resume's first line. */
  onRenamed(): void;
  openResumes(): void;
  openShare(): void;
}) {
  const { sessionId, store, tabId } = props;
  const { session, error, retryInMs, retryNow } = useSessionLoad(sessionId);
  const open = useSyncEngine(session, sessionId, store, tabId);

  if (!open) {
    return (
      <main className="loading" aria-busy="true">
        <p>Loading your resume…</p>
        {error !== undefined &&
          (isNotYours(error) ? (
            <p className="warning" role="alert">
              {NOT_YOURS}
            </p>
          ) : (
            <p className="warning" role="alert">
              {describeError(error)} Trying again in {Math.ceil(retryInMs / 1000)} s.{" "}
              <button type="button" className="link-button" onClick={retryNow}>
                Retry now
              </button>
            </p>
          ))}
      </main>
    );
  }
  return <Loaded {...props} {...open} />;
}

function Loaded({
  sessionId,
  store,
  sessionName,
  onNewSession,
  onRenamed,
  openResumes,
  openShare,
  engine,
  session,
}: Parameters<typeof Workspace>[0] & OpenSession) {
  useEngine(engine);
  const text = engine.text;
  const status = engine.status;
  const editor = useRef<EditorHandle>(null);
  const narrow = useMediaQuery("(max-width: 820px)");
  // A phone opens on the resume itself; a wide screen shows it beside the assistant.
  const [view, setView] = useState<View>(() => (narrow ? "resume" : "assistant"));
  const [selection, setSelection] = useState<{ start: number; end: number } | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [conflictOpen, setConflictOpen] = useState(true);
  const [pageSize, setPageSize] = useState<PageSize>(() => (store.getItem(PAGE_SIZE_KEY) === "a4" ? "a4" : "letter"));
  const choosePageSize = (size: PageSize) => {
    setPageSize(size);
    store.setItem(PAGE_SIZE_KEY, size);
  };
  // Optimize keeps following its job in the background once opened (or when a job was running before reload).
  const [optimizeMounted, setOptimizeMounted] = useState(() => rememberedJob(store, sessionId) !== null);

  const toast = useCallback((t: Omit<Toast, "id">) => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list.slice(-3), { ...t, id }]);
  }, []);

  useRemoteChanges({ engine, sessionId, toast });

  useEffect(() => {
    if (engine.replayed > 0) {
      toast({ message: `Recovered ${engine.replayed} unsaved ${engine.replayed === 1 ? "change" : "changes"} from this device.` });
    }
    if (session.rehydrated) toast({ message: "Restored this resume from its latest snapshot." });
  }, [engine, session, toast]);

  useEffect(() => {
    if (autoName(store, sessionId, text)) onRenamed();
  }, [store, sessionId, text, onRenamed]);

  useEffect(() => {
    if (status.kind === "conflict") setConflictOpen(true);
  }, [status.kind]);

  const saveFirst = useCallback(
    () => withTimeout(engine.flushNow(), FLUSH_TIMEOUT_MS, "Your latest edits are not saved yet (offline?). Try again when saved."),
    [engine],
  );

  const { takeSnapshot, taking: snapshotting } = useTakeSnapshot(sessionId, saveFirst);
  const snapshotNow = useCallback(async () => {
    if (snapshotting) return;
    if (engine.text.trim() === "") return; // like the disabled button: nothing to keep yet
    try {
      const created = await takeSnapshot("manual");
      toast({ message: `Snapshot saved ${clockTime(created.createdAt)}.` });
    } catch (error) {
      toast({ message: `Snapshot failed: ${describeError(error)}`, error: true });
    }
  }, [engine, snapshotting, takeSnapshot, toast]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void snapshotNow();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [snapshotNow]);

  /** Put new text in the editor in a way that can be undone: the text before it is snapshotted first. */
  const replaceAll = useCallback(
    async (next: string, what: string) => {
      // An empty editor (say a fresh session that optimized an uploaded file) has nothing to keep, and the server
      // refuses to snapshot a session that holds nothing yet.
      const keep = engine.text !== "";
      await saveFirst();
      if (keep) await api.snapshot(sessionId, "restore");
      engine.edit(next);
      await saveFirst();
      if (!keep) return toast({ message: what });
      refreshSnapshots(sessionId);
      toast({ message: `${what} The text before it is kept as a snapshot in History.` });
    },
    [engine, saveFirst, sessionId, toast],
  );

  const restore = useCallback(
    (snapshot: SnapshotResponse) => replaceAll(snapshot.resume, `Restored the snapshot of ${dateTime(snapshot.createdAt)}.`),
    [replaceAll],
  );

  const apply = useCallback(
    (at: TextRange | null, suggestion: string) => {
      if (!at) {
        toast({ message: "That line changed since you asked; ask again for the new text.", error: true });
        return;
      }
      editor.current?.replaceRange(at.start, at.end, suggestion);
      const applied: TextRange = { start: at.start, end: at.start + suggestion.length, text: suggestion };
      toast({
        message: "Suggestion applied.",
        action: {
          label: "Undo",
          run: () => {
            const now = locate(engine.text, applied);
            if (now) editor.current?.replaceRange(now.start, now.end, at.text);
            else toast({ message: "The applied text was edited since; undo it by hand.", error: true });
          },
        },
      });
      if (narrow) setView("resume");
    },
    [engine, narrow, toast],
  );

  const current: View = !narrow && view === "resume" ? "assistant" : view;
  const tabs: { id: View; label: string }[] = [
    ...(narrow ? [{ id: "resume" as View, label: "Resume" }] : []),
    { id: "assistant", label: "Assistant" },
    { id: "preview", label: "Preview" },
    { id: "history", label: "History" },
    { id: "optimize", label: "Optimize" },
  ];

  const editorPane = (
    <section id="resume-pane" className="pane pane-editor" aria-label="Resume editor" hidden={narrow && current !== "resume"}>
      <Editor
        ref={editor}
        text={text}
        onChange={(next) => engine.edit(next)}
        onSelection={(start, end) => setSelection({ start, end })}
      />
    </section>
  );

  return (
    <>
      <ResumeToolbar
        engine={engine}
        sessionName={sessionName}
        pageSize={pageSize}
        snapshotting={snapshotting}
        toast={toast}
        onSnapshot={() => void snapshotNow()}
        onResolve={() => setConflictOpen(true)}
        onNewSession={() => void onNewSession()}
        openResumes={openResumes}
        openShare={openShare}
      />
      <main className={narrow ? "layout narrow" : "layout"}>
        {!narrow && editorPane}
        <section className="pane pane-side" aria-label="Tools">
          <Tabs
            tabs={tabs}
            current={current}
            label="Panels"
            onChange={(id) => {
              setView(id as View);
              if (id === "optimize") setOptimizeMounted(true);
            }}
          />
          {narrow && editorPane}
          <div
            role="tabpanel"
            id={`panel-${current}`}
            aria-labelledby={`tab-${current}`}
            className="tab-panel"
            hidden={current === "resume"}
          >
            <Suspense fallback={<p className="muted">Loading…</p>}>
              <div hidden={current !== "assistant"}>
                <Assistant
                  sessionId={sessionId}
                  history={session.chat}
                  text={text}
                  selection={selection}
                  onApply={apply}
                />
              </div>
              {current === "preview" && <PreviewPanel text={text} pageSize={pageSize} onPageSize={choosePageSize} />}
              {current === "history" && (
                <HistoryPanel sessionId={sessionId} currentText={text} onRestore={restore} />
              )}
              {(current === "optimize" || optimizeMounted) && (
                <div hidden={current !== "optimize"}>
                <OptimizePanel
                  sessionId={sessionId}
                  store={store}
                  editorText={text}
                  pageSize={pageSize}
                  onOpenAsNew={(t) => onNewSession(t)}
                  onReplaceText={(t) => replaceAll(t, "Replaced the editor text with the optimized resume.")}
                  onEditText={(t) => engine.edit(t)}
                />
                </div>
              )}
            </Suspense>
          </div>
        </section>
      </main>
      {status.kind === "conflict" && (
        <Suspense fallback={null}>
        <ConflictDialog
          key={status.theirVersion}
          conflict={status}
          open={conflictOpen}
          onClose={() => setConflictOpen(false)}
          onResolve={async (merged) => {
            await engine.resolveConflict(merged);
            refreshSnapshots(sessionId);
            toast({ message: "Conflict resolved. Both versions are kept in History." });
          }}
        />
        </Suspense>
      )}
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((list) => list.filter((t) => t.id !== id))} />
    </>
  );
}
