import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { api } from "./api/client";
import { ResumesDialog } from "./components/ResumesDialog";
import {
  currentSession,
  forgetSession,
  listSessions,
  newId,
  renameSession,
  sessionFromFragment,
  shareLink,
  switchSession,
  tabId,
} from "./lib/sessions";
import { browserStore, type KeyValueStore, MemoryStore } from "./lib/storage";
import { Workspace } from "./Workspace";

const ShareDialog = lazy(() => import("./components/ShareDialog"));

function tabStore(): KeyValueStore {
  try {
    return window.sessionStorage;
  } catch {
    return new MemoryStore();
  }
}

/** A link opened with #session=<id> adopts that session; the fragment is then dropped from the address bar. */
function adoptFromFragment(store: KeyValueStore): string | null {
  const adopted = sessionFromFragment(window.location.hash);
  if (!adopted) return null;
  switchSession(store, adopted);
  history.replaceState(null, "", window.location.pathname + window.location.search);
  return adopted;
}

export function App() {
  const store = useMemo(browserStore, []);
  const tab = useMemo(() => tabId(tabStore()), []);
  const [sessionId, setSessionId] = useState(() => adoptFromFragment(store) ?? currentSession(store));
  const [dialog, setDialog] = useState<"resumes" | "share" | null>(null);
  const [listVersion, setListVersion] = useState(0);

  useEffect(() => {
    const onHash = () => {
      const adopted = adoptFromFragment(store);
      if (adopted) setSessionId(adopted);
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [store]);

  const open = useCallback(
    (id: string) => {
      setSessionId(switchSession(store, id));
      setDialog(null);
    },
    [store],
  );

  const newSession = useCallback(
    async (text?: string) => {
      const id = newId();
      if (text !== undefined) await api.saveResume(id, text, 0);
      open(id);
    },
    [open],
  );

  const renamed = useCallback(() => setListVersion((v) => v + 1), []);
  const name = listSessions(store).find((s) => s.id === sessionId)?.name ?? "Untitled resume";
  return (
    <div className="app">
      <header className="topbar">
        <h1>Resume Chat</h1>
        <nav aria-label="Resumes">
          <button type="button" onClick={() => setDialog("resumes")}>
            My resumes
          </button>
        </nav>
      </header>
      <Workspace
        key={sessionId}
        sessionId={sessionId}
        store={store}
        tabId={tab}
        sessionName={name}
        onNewSession={newSession}
        onRenamed={renamed}
        openResumes={() => setDialog("resumes")}
        openShare={() => setDialog("share")}
      />
      <ResumesDialog
        key={listVersion}
        store={store}
        currentId={sessionId}
        open={dialog === "resumes"}
        onClose={() => setDialog(null)}
        onOpen={open}
        onNew={() => void newSession()}
        onRename={(id, n) => {
          renameSession(store, id, n);
          setListVersion((v) => v + 1);
        }}
        onForget={(id) => {
          forgetSession(store, id);
          setListVersion((v) => v + 1);
        }}
      />
      {dialog === "share" && (
        <Suspense fallback={null}>
          <ShareDialog
            open
            link={shareLink(window.location.origin, window.location.pathname, sessionId)}
            onClose={() => setDialog(null)}
          />
        </Suspense>
      )}
    </div>
  );
}
