import { useEffect, useState, useSyncExternalStore } from "react";
import type { SyncEngine } from "./lib/autosave";

/** Re-render whenever the engine's text or status changes. */
export function useEngine(engine: SyncEngine): SyncEngine {
  useSyncExternalStore(
    (listener) => engine.subscribe(listener),
    () => engine.revision,
  );
  return engine;
}

export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const media = window.matchMedia(query);
    const update = () => setMatches(media.matches);
    update();
    media.addEventListener("change", update);
    return () => media.removeEventListener("change", update);
  }, [query]);
  return matches;
}

/** Re-render every `ms` (relative times such as "retrying in 4 s"). */
export function useTick(ms: number, active = true): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms, active]);
  return now;
}
