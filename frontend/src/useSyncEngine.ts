/** The autosave engine of the open session: started from the server's first answer, closed when the page leaves it. */
import { useEffect, useRef, useState } from "react";
import { saveTransport } from "./api/client";
import type { SessionResponse } from "./api/types";
import { SyncEngine } from "./lib/autosave";
import { Journal } from "./lib/journal";
import type { KeyValueStore } from "./lib/storage";

export interface OpenSession {
  engine: SyncEngine;
  /** The server's answer the engine started from (its chat history, whether it was rehydrated). */
  session: SessionResponse;
}

export function useSyncEngine(
  session: SessionResponse | undefined,
  sessionId: string,
  store: KeyValueStore,
  tabId: string,
): OpenSession | null {
  const [open, setOpen] = useState<OpenSession | null>(null);
  // The first answer starts the engine; later ones (a late retry) change nothing: the engine has its own freshness.
  const answer = useRef(session);
  answer.current ??= session;
  const answered = session !== undefined;

  useEffect(() => {
    if (!answered) return;
    let engine: SyncEngine | null = null;
    let closed = false;
    // A microtask later: React's development double run of effects must not start two engines on one journal.
    queueMicrotask(() => {
      const first = answer.current;
      if (closed || !first) return;
      engine = new SyncEngine({ sessionId, journal: new Journal(store, sessionId, tabId), transport: saveTransport });
      engine.start({ text: first.resume, version: first.version, updatedAt: first.updatedAt });
      setOpen({ engine, session: first });
    });
    return () => {
      closed = true;
      // Leaving this session (switching resumes): one last attempt; the journal keeps the rest.
      engine?.pageHide();
      engine?.dispose();
    };
  }, [answered, sessionId, store, tabId]);

  // Browser lifecycle: last flush on pagehide, retry when back online.
  const engine = open?.engine;
  useEffect(() => {
    if (!engine) return;
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

  return open;
}
