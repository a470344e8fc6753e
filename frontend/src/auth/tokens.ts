/** Sign-in state that needs no network: the stored tokens, when to refresh them, the pending sign-in (PKCE). */
import { type KeyValueStore, readJson } from "../lib/storage";

export const TOKENS_KEY = "rc.auth.tokens";
const PENDING_KEY = "rc.auth.pending";
/** Refresh this long before the ID token expires, so no request goes out with a token about to lapse. */
export const REFRESH_LEAD_MS = 5 * 60_000;
/** A token this close to expiry is refreshed before a request uses it. */
const FRESH_MARGIN_MS = 30_000;

export interface Tokens {
  idToken: string;
  refreshToken: string | null;
  /** When the ID token expires (its `exp`), epoch ms. */
  expiresAt: number;
  email: string;
}

/** The claims of a JWT, unverified: the web app only reads expiry and email (the API verifies the token). */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const text = new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(text);
    return claims && typeof claims === "object" ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Tokens from a token response (Cognito sends no new refresh token on refresh: the old one stays good). */
export function tokensFrom(idToken: string, refreshToken: string | null): Tokens | null {
  const claims = jwtClaims(idToken);
  if (!claims || typeof claims.exp !== "number") return null;
  const email = typeof claims.email === "string" ? claims.email : "";
  return { idToken, refreshToken, expiresAt: claims.exp * 1000, email };
}

export function readTokens(store: KeyValueStore): Tokens | null {
  const tokens = readJson<Tokens>(store, TOKENS_KEY);
  return tokens && typeof tokens.idToken === "string" && typeof tokens.expiresAt === "number" ? tokens : null;
}

export function saveTokens(store: KeyValueStore, tokens: Tokens | null): void {
  if (tokens) store.setItem(TOKENS_KEY, JSON.stringify(tokens));
  else store.removeItem(TOKENS_KEY);
}

export function isFresh(tokens: Tokens, now: number): boolean {
  return tokens.expiresAt - now > FRESH_MARGIN_MS;
}

/** How long to wait before the silent refresh. */
export function refreshDelay(tokens: Tokens, now: number): number {
  return Math.max(0, tokens.expiresAt - REFRESH_LEAD_MS - now);
}

/** A sign-in under way: what the redirect back must carry (state) and prove (the PKCE verifier). */
export interface PendingSignIn {
  state: string;
  verifier: string;
  /** The fragment to restore after the redirect back (a #shared= link, say). */
  hash: string;
}

export function savePending(store: KeyValueStore, pending: PendingSignIn): void {
  store.setItem(PENDING_KEY, JSON.stringify(pending));
}

/** The parameters a redirect back from the managed login may carry (RFC 6749 4.1.2). */
const CALLBACK_PARAMS = ["code", "state", "error", "error_description", "error_uri"];

/** A redirect back's parameters, as found: nothing in them is trusted before `state` matches a pending sign-in. */
export interface Callback {
  code: string | null;
  state: string | null;
  error: string | null;
}

/** The redirect back from the managed login, or null when the address carries none of its parameters. */
export function callbackOf(search: string): Callback | null {
  const params = new URLSearchParams(search);
  if (!CALLBACK_PARAMS.some((name) => params.has(name))) return null;
  return { code: params.get("code"), state: params.get("state"), error: params.get("error") };
}

/** `search` without the redirect back's parameters (others are kept). */
export function withoutCallback(search: string): string {
  const params = new URLSearchParams(search);
  CALLBACK_PARAMS.forEach((name) => params.delete(name));
  const rest = params.toString();
  return rest ? `?${rest}` : "";
}

/** The pending sign-in whose `state` this is, taken out of the store (used once); another state leaves it be. */
export function takePending(store: KeyValueStore, state: string): PendingSignIn | null {
  const pending = readJson<PendingSignIn>(store, PENDING_KEY);
  if (!pending || typeof pending.verifier !== "string" || pending.state !== state) return null;
  store.removeItem(PENDING_KEY);
  return pending;
}
