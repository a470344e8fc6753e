/**
 * How people sign in, from GET /api/health (a public route). With accounts on, the sign-in code (its own chunk,
 * never in the first load) is loaded and registered with lib/http, so every request carries the ID token.
 */
import { useEffect, useState } from "react";
import type { CognitoSignIn, HealthResponse } from "../api/types";
import { apiUrl, setRequestAuth } from "../lib/http";
import { type KeyValueStore, readJson } from "../lib/storage";

// The last sign-in settings the server gave: requests wait for the sign-in code only where accounts are on, so a
// deployment without accounts sends its first requests at once, exactly as before.
const SETTINGS_KEY = "rc.auth.settings";

let settings: Promise<CognitoSignIn | null> | null = null;

async function fetchSignIn(): Promise<CognitoSignIn | null | undefined> {
  try {
    const response = await fetch(apiUrl("/api/health"), { signal: AbortSignal.timeout(10_000) });
    const health = response.ok ? ((await response.json()) as HealthResponse) : null;
    if (!health?.auth) return undefined;
    return health.auth.mode === "cognito" ? health.auth : null;
  } catch {
    return undefined; // unknown: the server cannot be reached
  }
}

export function startSignIn(store: KeyValueStore): Promise<CognitoSignIn | null> {
  if (settings) return settings;
  const known = readJson<CognitoSignIn>(store, SETTINGS_KEY);
  const live = fetchSignIn().then((current) => {
    if (current === undefined) return known;
    if (JSON.stringify(current) !== JSON.stringify(known)) {
      if (current) store.setItem(SETTINGS_KEY, JSON.stringify(current));
      else store.removeItem(SETTINGS_KEY);
      if (known) window.location.reload(); // accounts were turned off or moved to another pool
    }
    return current;
  });
  settings = known ? Promise.resolve(known) : live;
  // The sign-in code registers itself with lib/http once started; until then, where accounts are known to be on,
  // requests wait for it.
  const auth = settings
    .then((signIn) => (signIn ? import("./session").then((m) => m.start(signIn)) : null))
    .catch(() => null); // the chunk did not load: requests go out without a token and get 401
  if (known) setRequestAuth(auth);
  return settings;
}

/** The sign-in settings once known; null while unknown and when nobody signs in. */
export function useSignIn(): CognitoSignIn | null {
  const [signIn, setSignIn] = useState<CognitoSignIn | null>(null);
  useEffect(() => {
    let live = true;
    void settings?.then((value) => live && setSignIn(value));
    return () => {
      live = false;
    };
  }, []);
  return signIn;
}
