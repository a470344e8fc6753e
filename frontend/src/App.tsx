import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { api } from "./api/client";
import { useSignIn } from "./auth/boot";
import { OpenDeviceLinkDialog } from "./components/OpenDeviceLinkDialog";
import { ResumesDialog } from "./components/ResumesDialog";
import {
  currentSession,
  forgetSession,
  listSessions,
  newId,
  renameSession,
  sessionFromFragment,
  readOnlyLinkFromFragment,
  sharedSessionToConfirm,
  shareLink,
  switchSession,
  tabId,
} from "./lib/sessions";
import { browserStore, type KeyValueStore, MemoryStore } from "./lib/storage";
import { Workspace } from "./Workspace";

const ShareDialog = lazy(() => import("./components/ShareDialog"));
const Account = lazy(() => import("./auth/Account"));
const SharedView = lazy(() => import("./components/SharedView"));

function tabStore(): KeyValueStore {
  try {
    return window.sessionStorage;
  } catch {
    return new MemoryStore();
  }
}

function dropFragment(): void {
  history.replaceState(null, "", window.location.pathname + window.location.search);
}

/** A link opened with #session=<id>: the session to ask about (the fragment stays until the person answers). */
function deviceLinkFromFragment(store: KeyValueStore): string | null {
  const shared = sharedSessionToConfirm(window.location.hash, store);
  if (!shared && sessionFromFragment(window.location.hash)) dropFragment(); // the open one: nothing to ask
  return shared;
}

export function App() {
  const store = useMemo(browserStore, []);
  const tab = useMemo(() => tabId(tabStore()), []);
  const [sessionId, setSessionId] = useState(() => currentSession(store));
  const [deviceLink, setDeviceLink] = useState(() => deviceLinkFromFragment(store));
  const [dialog, setDialog] = useState<"resumes" | "share" | null>(null);
  const [listVersion, setListVersion] = useState(0);
  const signIn = useSignIn();
  const [readOnly, setReadOnly] = useState(() => readOnlyLinkFromFragment(window.location.hash));

  useEffect(() => {
    const onHash = () => {
      setDeviceLink(deviceLinkFromFragment(store));
      setReadOnly(readOnlyLinkFromFragment(window.location.hash));
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
          {signIn && (
            <Suspense fallback={null}>
              <Account prompt={!readOnly} />
            </Suspense>
          )}
        </nav>
      </header>
      {readOnly ? (
        <Suspense fallback={null}>
          <SharedView
            shareId={readOnly}
            onLeave={() => {
              dropFragment();
              setReadOnly(null);
            }}
          />
        </Suspense>
      ) : (
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
      )}
      <ResumesDialog
        key={listVersion}
        accounts={signIn !== null}
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
      {deviceLink && (
        <OpenDeviceLinkDialog
          key={deviceLink}
          sessionId={deviceLink}
          onOpen={() => {
            dropFragment();
            setDeviceLink(null);
            open(deviceLink);
          }}
          onKeep={() => {
            dropFragment();
            setDeviceLink(null);
          }}
        />
      )}
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
