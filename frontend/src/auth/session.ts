/**
 * Signing in through Cognito's managed login (authorization code + PKCE, @badgateway/oauth2-client), keeping the
 * ID token fresh (refresh token grant before it expires) and signing out. Loaded only when accounts are on.
 */
import { generateCodeVerifier, OAuth2Client } from "@badgateway/oauth2-client";
import { api } from "../api/client";
import type { CognitoSignIn } from "../api/types";
import { ApiError, type RequestAuth, setRequestAuth } from "../lib/http";
import { listSessions } from "../lib/sessions";
import { browserStore, type KeyValueStore } from "../lib/storage";
import {
  callbackOf,
  isFresh,
  readTokens,
  refreshDelay,
  saveTokens,
  savePending,
  takePending,
  type Tokens,
  TOKENS_KEY,
  tokensFrom,
  withoutCallback,
} from "./tokens";

export interface Account {
  status: "signed-in" | "signed-out";
  email: string;
  /** Why the person is signed out: a sign-in that failed, or one that ended (the API refused the token). */
  problem: string | null;
}

// After a refresh the API still refuses the token: sign in again rather than refresh on every request.
const MIN_REFRESH_INTERVAL_MS = 60_000;
/** The sign-in service could not be reached: try the refresh again this much later. */
const UNREACHABLE_RETRY_MS = 30_000;
const ENDED = "Your sign-in has ended. Sign in again; edits not saved yet stay on this device.";
// Fixed: the redirect back's own words (error_description) are anyone's text, a crafted link's included.
const NOT_COMPLETED = "Sign-in did not complete. Try again.";
// Sign-out waits this long at most for the refresh token's revocation before leaving for /logout.
const REVOKE_WAIT_MS = 2_000;

let info: CognitoSignIn;
let client: OAuth2Client | null = null; // null: no managed login configured
let store: KeyValueStore;
let account: Account = { status: "signed-out", email: "", problem: null };
const listeners = new Set<() => void>();
let refreshing: Promise<Tokens | null> | null = null;
let lastRefresh = 0;
// The last refresh could not reach the sign-in service: a 401 then means "token expired", not "signed out".
let serviceUnreachable = false;
let timer: ReturnType<typeof setTimeout> | undefined;

function redirectUri(): string {
  return `${window.location.origin}${window.location.pathname}`;
}

function publish(next: Account): void {
  account = next;
  listeners.forEach((listener) => listener());
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentAccount(): Account {
  return account;
}

/** Signed in with `tokens`; `save` false when another tab stored them. */
function signedIn(tokens: Tokens, save = true): void {
  if (save) saveTokens(store, tokens);
  clearTimeout(timer);
  timer = setTimeout(() => void refresh(), refreshDelay(tokens, Date.now()));
  if (account.status !== "signed-in" || account.email !== tokens.email) {
    publish({ status: "signed-in", email: tokens.email, problem: null });
  }
}

function signedOut(problem: string | null, save = true): void {
  if (save) saveTokens(store, null);
  clearTimeout(timer);
  publish({ status: "signed-out", email: "", problem });
}

/** A new ID token through the refresh token grant; null when the sign-in has ended. */
async function refreshOnce(): Promise<Tokens | null> {
  const tokens = readTokens(store);
  if (!tokens?.refreshToken || !client) return null;
  lastRefresh = Date.now();
  try {
    const answer = await client.refreshToken({ accessToken: "", refreshToken: tokens.refreshToken, expiresAt: null });
    const next = answer.idToken ? tokensFrom(answer.idToken, answer.refreshToken ?? tokens.refreshToken) : null;
    if (!next) throw new Error("The sign-in service sent no ID token.");
    serviceUnreachable = false;
    signedIn(next);
    return next;
  } catch (error) {
    // fetch's TypeError: the sign-in service cannot be reached; keep what we have and try again soon (requests
    // meanwhile may get 401s: edits wait in the outbox).
    if (error instanceof TypeError) {
      serviceUnreachable = true;
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), UNREACHABLE_RETRY_MS);
      return tokens;
    }
    signedOut(ENDED); // the service refused the refresh token (expired, revoked, signed out elsewhere)
    return null;
  }
}

/** One refresh at a time, whoever asks (the timer, a request, a 401). */
function refresh(): Promise<Tokens | null> {
  refreshing ??= refreshOnce().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const requestAuth: RequestAuth = {
  authorization() {
    const tokens = readTokens(store);
    if (!tokens) return null;
    if (isFresh(tokens, Date.now())) return tokens.idToken;
    return refresh().then((next) => next?.idToken ?? null);
  },
  unauthorized() {
    if (account.status !== "signed-in" || serviceUnreachable) return; // an expired token, not a sign-out
    if (Date.now() - lastRefresh < MIN_REFRESH_INTERVAL_MS) {
      signedOut(ENDED);
    } else {
      void refresh();
    }
  },
};

/** Go to the managed login; it comes back to this page with ?code=&state=. */
export async function signIn(): Promise<void> {
  if (!client) return publish({ ...account, problem: "This deployment has no sign-in page (COGNITO_DOMAIN)." });
  const verifier = await generateCodeVerifier();
  const state = crypto.randomUUID();
  savePending(window.sessionStorage, { state, verifier, hash: window.location.hash });
  window.location.assign(
    await client.authorizationCode.getAuthorizeUri({
      redirectUri: redirectUri(),
      state,
      codeVerifier: verifier,
      scope: ["openid", "email"],
    }),
  );
}

/**
 * Revoke the refresh token (so a copy of it refreshes nothing), forget the tokens here and end the managed login's
 * session; it comes back to this page signed out.
 */
export async function signOut(): Promise<void> {
  const refreshToken = readTokens(store)?.refreshToken;
  signedOut(null);
  if (!info.domain) return;
  if (refreshToken) await revoke(refreshToken);
  const query = new URLSearchParams({ client_id: info.clientId, logout_uri: redirectUri() });
  window.location.assign(`${info.domain}/logout?${query}`);
}

/**
 * Cognito's revocation endpoint (RFC 7009; a public client sends its id, no secret). Best effort, bounded: a
 * failure or a slow answer never keeps anyone signed in here. `keepalive` lets the request finish after the page
 * leaves; `no-cors` sends it whether or not the endpoint answers with CORS headers (its answer is not needed).
 */
async function revoke(refreshToken: string): Promise<void> {
  const sent = fetch(`${info.domain}/oauth2/revoke`, {
    method: "POST",
    // The same Content-Type as the token requests (a CORS-safelisted one, so no preflight either).
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: refreshToken, client_id: info.clientId }).toString(),
    keepalive: true,
    mode: "no-cors",
  }).catch(() => undefined);
  let waited: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([sent, new Promise((resolve) => (waited = setTimeout(resolve, REVOKE_WAIT_MS)))]);
  clearTimeout(waited);
}

/** Resumes this browser made before signing in become the person's; 404: another person's, or nothing stored. */
async function claimKnownResumes(): Promise<void> {
  for (const known of listSessions(store)) {
    try {
      await api.claim(known.id);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) return; // offline, signed out...: next sign-in
    }
  }
}

/**
 * Complete a redirect back from the managed login, if this page load is one; true when it signed someone in.
 * Only the sign-in this tab started (its `state`) is acted on. Any other callback (a crafted link, a replayed or
 * stale redirect) is taken out of the address and ignored: it never signs anyone out nor shows its text.
 */
async function completeSignIn(): Promise<boolean> {
  const { search, pathname, hash } = window.location;
  const callback = callbackOf(search);
  if (!callback) return false;
  const pending = callback.state ? takePending(window.sessionStorage, callback.state) : null;
  history.replaceState(null, "", `${pathname}${withoutCallback(search)}${pending?.hash ?? hash}`);
  if (!pending) return false;
  const tokens = callback.code && !callback.error ? await exchange(callback.code, pending.verifier) : null;
  if (!tokens) {
    publish({ ...account, problem: NOT_COMPLETED }); // tokens stored meanwhile (another tab) are kept
    return false;
  }
  signedIn(tokens);
  return true;
}

/** The tokens an authorization code is exchanged for; null when the exchange fails. */
async function exchange(code: string, codeVerifier: string): Promise<Tokens | null> {
  if (!client) return null;
  try {
    const answer = await client.authorizationCode.getToken({ code, redirectUri: redirectUri(), codeVerifier });
    return answer.idToken ? tokensFrom(answer.idToken, answer.refreshToken) : null;
  } catch {
    return null;
  }
}

/** Start signing in with `settings`: finish a redirect back, restore a stored sign-in; the requests' hook. */
export async function start(settings: CognitoSignIn): Promise<RequestAuth> {
  info = settings;
  store = browserStore();
  client = settings.domain
    ? new OAuth2Client({
        server: settings.domain,
        clientId: settings.clientId,
        authorizationEndpoint: "/oauth2/authorize",
        tokenEndpoint: "/oauth2/token",
      })
    : null;
  const justSignedIn = await completeSignIn();
  const tokens = readTokens(store);
  if (tokens && account.status !== "signed-in") signedIn(tokens);
  setRequestAuth(requestAuth);
  if (justSignedIn) void claimKnownResumes();
  // Another tab signed in, refreshed or signed out.
  window.addEventListener("storage", (event) => {
    if (event.key !== TOKENS_KEY && event.key !== null) return;
    const shared = readTokens(store);
    if (shared) signedIn(shared, false);
    else if (account.status === "signed-in") signedOut(null, false);
  });
  return requestAuth;
}
