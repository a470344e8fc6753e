import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, saveTransport } from "./api/client";
import type { ChatSuggestion, SessionResponse, SnapshotResponse } from "./api/types";
import { Assistant } from "./components/Assistant";
import { ConflictDialog } from "./components/ConflictDialog";
import { Editor, type EditorHandle } from "./components/Editor";
import { StatusLine } from "./components/StatusLine";
import { Tabs } from "./components/Tabs";
import { type Toast, Toasts } from "./components/Toasts";
import { clockTime, dateTime, downloadText, fileSlug } from "./format";
import { useEngine, useMediaQuery } from "./hooks";
import { SyncEngine } from "./lib/autosave";
import { backoffDelay, SAVE_BACKOFF } from "./lib/backoff";
import { type ExportFormat, exportResume } from "./lib/exportFile";
import { ApiError, describeError } from "./lib/http";
import { lineOf } from "./lib/chat";
import { Journal } from "./lib/journal";
import { bulletAt, locate, type TextRange } from "./lib/selection";
import { rememberedJob } from "./lib/jobs";
import type { PageSize } from "./lib/preview";
import { autoName, NOT_YOURS } from "./lib/sessions";
import type { KeyValueStore } from "./lib/storage";
import { useRemoteChanges } from "./useRemoteChanges";

const HistoryPanel = lazy(() => import("./components/HistoryPanel"));
const OptimizePanel = lazy(() => import("./components/OptimizePanel"));
const PreviewPanel = lazy(() => import("./components/PreviewPanel"));

/** How long an action that needs the server waits for pending edits to be saved first. */
const FLUSH_TIMEOUT_MS = 15_000;

type View = "resume" | "assistant" | "preview" | "history" | "optimize";
const PAGE_SIZE_KEY = "resume-chat:page-size";
const EXPORTS: { format: ExportFormat; title: string }[] = [
  { format: "pdf", title: "Download the resume as a PDF" },
  { format: "docx", title: "Download the resume as a Word document (headings and bullets)" },
];

interface Loaded {
  engine: SyncEngine;
  session: SessionResponse;
}

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
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let engine: SyncEngine | null = null;
    api.session(sessionId).then(
      (session) => {
        if (cancelled) return;
        engine = new SyncEngine({ sessionId, journal: new Journal(store, sessionId, tabId), transport: saveTransport });
        engine.start({ text: session.resume, version: session.version, updatedAt: session.updatedAt });
        setLoaded({ engine, session });
      },
      (error) => {
        if (cancelled) return;
        // Another person's resume (accounts on) answers as one that does not exist: retrying cannot help.
        if (error instanceof ApiError && error.status === 404) return setProblem(NOT_YOURS);
        const delay = backoffDelay(attempt, SAVE_BACKOFF);
        setProblem(`${describeError(error)} Trying again in ${Math.ceil(delay / 1000)} s.`);
        retry = setTimeout(() => setAttempt((a) => a + 1), delay);
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(retry);
      // Leaving this session (switching resumes): one last attempt; the journal keeps the rest.
      engine?.pageHide();
      engine?.dispose();
    };
  }, [sessionId, store, tabId, attempt]);

  if (!loaded) {
    return (
      <main className="loading" aria-busy="true">
        <p>Loading your resume…</p>
        {problem && (
          <p className="warning" role="alert">
            {problem}{" "}
            <button type="button" className="link-button" onClick={() => setAttempt((a) => a + 1)}>
              Retry now
            </button>
          </p>
        )}
      </main>
    );
  }
  return <Loaded {...props} engine={loaded.engine} session={loaded.session} />;
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
}: Parameters<typeof Workspace>[0] & Loaded) {
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
  const [historyKey, setHistoryKey] = useState(0);
  const [snapshotting, setSnapshotting] = useState(false);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
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

  const historyChanged = useCallback(() => setHistoryKey((k) => k + 1), []);
  useRemoteChanges({ engine, sessionId, toast, onHistoryChanged: historyChanged });

  // Browser lifecycle: last flush on pagehide, retry when back online.
  useEffect(() => {
    const hide = () => engine.pageHide();
    const show = () => engine.pageShow();
    const online = () => engine.nudge();
    window.addEventListener("pagehide", hide);
    window.addEventListener("pageshow", show);
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("pagehide", hide);
      window.removeEventListener("pageshow", show);
      window.removeEventListener("online", online);
    };
  }, [engine]);

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

  const snapshotNow = useCallback(async () => {
    if (snapshotting) return;
    if (engine.text.trim() === "") return; // like the disabled button: nothing to keep yet
    setSnapshotting(true);
    try {
      await saveFirst();
      const created = await api.snapshot(sessionId, "manual");
      toast({ message: `Snapshot saved ${clockTime(created.createdAt)}.` });
      setHistoryKey((k) => k + 1);
    } catch (error) {
      toast({ message: `Snapshot failed: ${describeError(error)}`, error: true });
    } finally {
      setSnapshotting(false);
    }
  }, [engine, saveFirst, sessionId, snapshotting, toast]);

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
      setHistoryKey((k) => k + 1);
      toast({ message: `${what} The text before it is kept as a snapshot in History.` });
    },
    [engine, saveFirst, sessionId, toast],
  );

  const restore = useCallback(
    (snapshot: SnapshotResponse) => replaceAll(snapshot.resume, `Restored the snapshot of ${dateTime(snapshot.createdAt)}.`),
    [replaceAll],
  );

  const target: TextRange | null = useMemo(
    () => (selection ? bulletAt(text, selection.start, selection.end) : null),
    [text, selection],
  );

  const apply = useCallback(
    ({ text: suggestion, target: line }: ChatSuggestion) => {
      // The line the suggestion was made for, wherever the caret is now.
      const at = lineOf(engine.text, line);
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

  // An empty resume has nothing to export (the API refuses blank text).
  const hasText = text.trim() !== "";
  const exportTxt = () => downloadText(text, `${fileSlug(sessionName)}.txt`);

  const exportFile = useCallback(
    async (format: ExportFormat) => {
      if (exporting) return;
      setExporting(format);
      try {
        const file = await exportResume(engine.text, format, pageSize);
        toast({ message: `Exported ${file.fileName} (${file.readBack.summary}).` });
      } catch (error) {
        toast({ message: `Export failed: ${describeError(error)}`, error: true });
      } finally {
        setExporting(null);
      }
    },
    [engine, exporting, pageSize, toast],
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
      <div className="toolbar" role="toolbar" aria-label="Resume actions">
        <button type="button" onClick={openResumes} className="session-name" title="My resumes">
          {sessionName} ▾
        </button>
        <StatusLine engine={engine} onResolve={() => setConflictOpen(true)} />
        <span className="spacer" />
        <button type="button" onClick={() => void snapshotNow()} disabled={snapshotting || !hasText} aria-keyshortcuts="Control+S Meta+S">
          Snapshot
        </button>
        <button type="button" onClick={exportTxt} disabled={!hasText}>
          Export .txt
        </button>
        {EXPORTS.map(({ format, title }) => (
          <button
            key={format}
            type="button"
            onClick={() => void exportFile(format)}
            disabled={exporting !== null || !hasText}
            aria-busy={exporting === format}
            title={format === "pdf" ? `${title} (${pageSize === "a4" ? "A4" : "Letter"}), as the Preview shows it` : title}
          >
            Export .{format}
          </button>
        ))}
        <button type="button" onClick={() => void onNewSession()}>
          New resume
        </button>
        <button type="button" onClick={openShare}>
          Open on another device
        </button>
      </div>
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
                <Assistant sessionId={sessionId} history={session.chat} target={target} onApply={apply} />
              </div>
              {current === "preview" && <PreviewPanel text={text} pageSize={pageSize} onPageSize={choosePageSize} />}
              {current === "history" && (
                <HistoryPanel sessionId={sessionId} currentText={text} refreshKey={historyKey} onRestore={restore} />
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
        <ConflictDialog
          key={status.theirVersion}
          conflict={status}
          open={conflictOpen}
          onClose={() => setConflictOpen(false)}
          onResolve={async (merged) => {
            await engine.resolveConflict(merged);
            setHistoryKey((k) => k + 1);
            toast({ message: "Conflict resolved. Both versions are kept in History." });
          }}
        />
      )}
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((list) => list.filter((t) => t.id !== id))} />
    </>
  );
}
