/**
 * Other tabs and devices: poll for a newer version while the tab is visible (backing off while the person is idle),
 * hand it to the engine (shown at once, or merged into unsaved edits), and announce automatic merges with Undo.
 */
import { useEffect, useRef } from "react";
import { api } from "./api/client";
import { refreshSnapshots } from "./api/queries";
import type { Toast } from "./components/Toasts";
import type { SyncEngine } from "./lib/autosave";
import { FRESHNESS, pollDelay } from "./lib/freshness";

export function useRemoteChanges({
  engine,
  sessionId,
  toast,
}: {
  engine: SyncEngine;
  sessionId: string;
  toast(t: Omit<Toast, "id">): void;
}): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastInput = Date.now();
    let polling = false;
    let stopped = false;
    const schedule = () => {
      clearTimeout(timer);
      if (!stopped && !document.hidden) timer = setTimeout(() => void poll(), pollDelay(Date.now() - lastInput));
    };
    const poll = async () => {
      if (polling || stopped || document.hidden) return;
      polling = true;
      try {
        const newer = await api.sessionIfNewer(sessionId, engine.version);
        // A disposed engine (the session was closed meanwhile) ignores it.
        if (newer) engine.applyRemote({ text: newer.resume, version: newer.version, updatedAt: newer.updatedAt });
      } catch {
        // Offline or busy: the next poll asks again (saving has its own retries and status).
      } finally {
        polling = false;
        schedule();
      }
    };
    const onInput = () => {
      const wasIdle = Date.now() - lastInput >= FRESHNESS.idleAfterMs;
      lastInput = Date.now();
      if (wasIdle) void poll(); // back from idle: catch up now, then poll at the active pace
    };
    const onVisibility = () => {
      if (document.hidden) return clearTimeout(timer);
      lastInput = Date.now();
      void poll();
    };
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("keydown", onInput);
    window.addEventListener("pointerdown", onInput);
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("keydown", onInput);
      window.removeEventListener("pointerdown", onInput);
    };
  }, [engine, sessionId]);

  const announced = useRef(engine.lastMerge?.id ?? 0);
  const merge = engine.lastMerge;
  useEffect(() => {
    if (!merge || merge.id <= announced.current) return;
    announced.current = merge.id;
    // Keep the merged text in History, so Undo (back to this device's text) never loses the other side's edits.
    engine.flushNow().then(
      () => api.snapshot(sessionId, "merge").then(() => refreshSnapshots(sessionId)),
      () => undefined, // a conflict or offline: the dialog or the retry takes over
    );
    toast({
      message: "Merged changes from another device.",
      action: {
        label: "Undo",
        run: () => {
          if (engine.text === merge.merged) engine.edit(merge.mine);
          else toast({ message: "Edited since the merge: see History.", error: true });
        },
      },
    });
  }, [engine, merge, sessionId, toast]);
}
