import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CognitoSignIn } from "../api/types";
import { MemoryStore } from "../lib/storage";
import { jwtClaims, type PendingSignIn, readTokens, savePending, saveTokens, tokensFrom } from "./tokens";

const SETTINGS: CognitoSignIn = {
  mode: "cognito",
  userPoolId: "us-east-1_pool",
  clientId: "web-client",
  domain: "https://login.example",
};

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function idToken(expiresInS: number, jti: string): string {
  const exp = Math.floor(Date.now() / 1000) + expiresInS;
  return `${b64url({ alg: "RS256" })}.${b64url({ exp, email: "ada@example.com", jti })}.sig`;
}

let local: MemoryStore;
let pendingStore: MemoryStore;
let replaceState: ReturnType<typeof vi.fn>;
let assign: ReturnType<typeof vi.fn>;

/** How the page is opened: its query string and the sign-in this tab has pending, if any. */
interface PageLoad {
  search?: string;
  pending?: PendingSignIn;
}

/**
 * The sign-in module started in a page whose stored tokens expire in `expiresInS` (null: no tokens stored), its
 * sign-in service answering every request with `answer`.
 */
async function startWith(expiresInS: number | null, answer: () => Promise<Response>, page: PageLoad = {}) {
  local = new MemoryStore();
  if (expiresInS !== null) saveTokens(local, tokensFrom(idToken(expiresInS, "old"), "refresh-1"));
  pendingStore = new MemoryStore();
  if (page.pending) savePending(pendingStore, page.pending);
  replaceState = vi.fn();
  assign = vi.fn();
  vi.stubGlobal("window", {
    location: { search: page.search ?? "", hash: "#top", origin: "http://app.example", pathname: "/", assign },
    localStorage: local,
    sessionStorage: pendingStore,
    addEventListener: () => undefined,
  });
  vi.stubGlobal("history", { replaceState });
  vi.stubGlobal("fetch", vi.fn(answer));
  vi.resetModules();
  const session = await import("./session");
  const auth = await session.start(SETTINGS);
  return { session, auth };
}

const refreshed = () =>
  Promise.resolve(
    new Response(JSON.stringify({ id_token: idToken(3600, "new"), access_token: "a", expires_in: 3600, token_type: "Bearer" }), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    }),
  );

beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the sign-in session", () => {
  it("sends a fresh token as it is, without asking the sign-in service", async () => {
    const { auth, session } = await startWith(3600, refreshed);
    expect(auth.authorization()).toBe(readTokens(local)!.idToken);
    expect(fetch).not.toHaveBeenCalled();
    expect(session.currentAccount()).toEqual({ status: "signed-in", email: "ada@example.com", problem: null });
  });

  it("refreshes a token about to expire once, however many requests ask, and keeps the refresh token", async () => {
    const { auth } = await startWith(10, refreshed);
    const tokens = await Promise.all([auth.authorization(), auth.authorization(), auth.authorization()]);
    expect(fetch).toHaveBeenCalledTimes(1);
    const body = String(vi.mocked(fetch).mock.calls[0][1]?.body);
    expect(new URLSearchParams(body).get("grant_type")).toBe("refresh_token");
    expect(new URLSearchParams(body).get("client_id")).toBe("web-client");
    expect(String(vi.mocked(fetch).mock.calls[0][0])).toBe("https://login.example/oauth2/token");
    const stored = readTokens(local)!;
    expect(tokens).toEqual([stored.idToken, stored.idToken, stored.idToken]);
    expect(jwtClaims(stored.idToken)?.jti).toBe("new");
    expect(stored.refreshToken).toBe("refresh-1");
  });

  it("schedules the silent refresh before the token expires", async () => {
    await startWith(3600, refreshed);
    await vi.advanceTimersByTimeAsync(3600_000 - 5 * 60_000 - 2_000);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("signs out with the reason when the refresh token is refused", async () => {
    const refused = () => Promise.resolve(new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400 }));
    const { auth, session } = await startWith(10, refused);
    expect(await auth.authorization()).toBeNull();
    expect(readTokens(local)).toBeNull();
    expect(session.currentAccount()).toMatchObject({ status: "signed-out", problem: expect.stringMatching(/has ended/) });
  });

  it("keeps the token when the sign-in service cannot be reached", async () => {
    const offline = () => Promise.reject(new TypeError("Failed to fetch"));
    const { auth, session } = await startWith(10, offline);
    expect(await auth.authorization()).toBe(readTokens(local)!.idToken);
    expect(session.currentAccount().status).toBe("signed-in");
  });

  it("stays signed in through the 401s of an expired token while the sign-in service is unreachable", async () => {
    let reachable = false;
    const flaky = () => (reachable ? refreshed() : Promise.reject(new TypeError("Failed to fetch")));
    const { auth, session } = await startWith(10, flaky);
    expect(await auth.authorization()).toBe(readTokens(local)!.idToken); // the refresh failed: the old token goes
    auth.unauthorized();
    auth.unauthorized();
    expect(session.currentAccount().status).toBe("signed-in");
    expect(readTokens(local)?.refreshToken).toBe("refresh-1");
    reachable = true;
    await vi.advanceTimersByTimeAsync(30_000); // the refresh is tried again by itself
    await vi.waitFor(() => expect(jwtClaims(readTokens(local)!.idToken)?.jti).toBe("new"));
  });

  it("answers a 401 with one refresh, and a second 401 right after it with signing in again", async () => {
    const { auth, session } = await startWith(3600, refreshed);
    auth.unauthorized();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(jwtClaims(readTokens(local)!.idToken)?.jti).toBe("new"));
    auth.unauthorized();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(session.currentAccount()).toMatchObject({ status: "signed-out", problem: expect.stringMatching(/has ended/) });
  });
});

const PENDING: PendingSignIn = { state: "s1", verifier: "v".repeat(43), hash: "#shared=x" };
const NOT_COMPLETED = "Sign-in did not complete. Try again.";

const signedInAnswer = () =>
  Promise.resolve(
    new Response(
      JSON.stringify({
        id_token: idToken(3600, "new"),
        access_token: "a",
        refresh_token: "refresh-2",
        expires_in: 3600,
        token_type: "Bearer",
      }),
      { status: 200, headers: { "Content-Type": "application/json" } },
    ),
  );

describe("the redirect back from the managed login", () => {
  it("ignores a foreign error link: the stored sign-in stays, its text is shown nowhere", async () => {
    const link = "?error=access_denied&error_description=Call+0800+123+to+restore+your+account";
    const { session } = await startWith(3600, refreshed, { search: link });
    expect(readTokens(local)?.refreshToken).toBe("refresh-1");
    expect(session.currentAccount()).toEqual({ status: "signed-in", email: "ada@example.com", problem: null });
    expect(replaceState).toHaveBeenCalledWith(null, "", "/#top"); // taken out of the address
    expect(fetch).not.toHaveBeenCalled();
  });

  it("ignores a code when no sign-in is pending in this tab", async () => {
    const { session } = await startWith(null, signedInAnswer, { search: "?code=c1&state=s1" });
    expect(fetch).not.toHaveBeenCalled();
    expect(readTokens(local)).toBeNull();
    expect(session.currentAccount()).toEqual({ status: "signed-out", email: "", problem: null });
    expect(replaceState).toHaveBeenCalledWith(null, "", "/#top");
  });

  it("ignores a callback whose state is not the pending sign-in's, and leaves that one pending", async () => {
    const { session } = await startWith(3600, signedInAnswer, { search: "?code=c1&state=forged", pending: PENDING });
    expect(fetch).not.toHaveBeenCalled();
    expect(readTokens(local)?.refreshToken).toBe("refresh-1");
    expect(session.currentAccount().problem).toBeNull();
    expect(pendingStore.getItem("rc.auth.pending")).not.toBeNull();
  });

  it("shows a fixed sentence, not the provider's words, when the pending sign-in comes back with an error", async () => {
    const back = "?error=invalid_request&error_description=Call+0800+123&state=s1";
    const { session } = await startWith(null, signedInAnswer, { search: back, pending: PENDING });
    expect(session.currentAccount()).toEqual({ status: "signed-out", email: "", problem: NOT_COMPLETED });
    expect(fetch).not.toHaveBeenCalled();
    expect(replaceState).toHaveBeenCalledWith(null, "", "/#shared=x");
  });

  it("keeps tokens stored meanwhile when the pending sign-in's code is refused", async () => {
    const refused = () => Promise.resolve(new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400 }));
    const { session } = await startWith(3600, refused, { search: "?code=c1&state=s1", pending: PENDING });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(readTokens(local)?.refreshToken).toBe("refresh-1");
    expect(session.currentAccount().status).toBe("signed-in");
  });

  it("completes the pending sign-in whose state matches: the code and verifier are exchanged for tokens", async () => {
    const { session } = await startWith(null, signedInAnswer, { search: "?code=c1&state=s1", pending: PENDING });
    expect(String(vi.mocked(fetch).mock.calls[0][0])).toBe("https://login.example/oauth2/token");
    const sent = new URLSearchParams(String(vi.mocked(fetch).mock.calls[0][1]?.body));
    expect(Object.fromEntries(sent)).toMatchObject({
      grant_type: "authorization_code",
      code: "c1",
      code_verifier: PENDING.verifier,
      redirect_uri: "http://app.example/",
    });
    expect(readTokens(local)).toMatchObject({ refreshToken: "refresh-2", email: "ada@example.com" });
    expect(session.currentAccount()).toEqual({ status: "signed-in", email: "ada@example.com", problem: null });
    expect(replaceState).toHaveBeenCalledWith(null, "", "/#shared=x"); // back where the sign-in started
    expect(pendingStore.getItem("rc.auth.pending")).toBeNull();
  });
});

describe("signing out", () => {
  const revoked = () => Promise.resolve(new Response(null, { status: 200 }));
  const LOGOUT = "https://login.example/logout?client_id=web-client&logout_uri=http%3A%2F%2Fapp.example%2F";

  it("revokes the refresh token at the sign-in service, then ends the managed login's session", async () => {
    const { session } = await startWith(3600, revoked);
    await session.signOut();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = vi.mocked(fetch).mock.calls[0];
    expect(String(url)).toBe("https://login.example/oauth2/revoke");
    expect(init).toMatchObject({ method: "POST", keepalive: true, mode: "no-cors" });
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({
      token: "refresh-1",
      client_id: "web-client",
    });
    expect(readTokens(local)).toBeNull();
    expect(session.currentAccount()).toEqual({ status: "signed-out", email: "", problem: null });
    expect(assign).toHaveBeenCalledWith(LOGOUT);
    expect(vi.mocked(fetch).mock.invocationCallOrder[0]).toBeLessThan(assign.mock.invocationCallOrder[0]);
  });

  it("signs out when the sign-in service cannot be reached to revoke", async () => {
    const { session } = await startWith(3600, () => Promise.reject(new TypeError("Failed to fetch")));
    await session.signOut();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(readTokens(local)).toBeNull();
    expect(assign).toHaveBeenCalledWith(LOGOUT);
  });

  it("waits a bounded time for a revocation that does not answer", async () => {
    const { session } = await startWith(3600, () => new Promise<Response>(() => undefined));
    const leaving = session.signOut();
    expect(readTokens(local)).toBeNull(); // forgotten here at once, whatever the revocation does
    await vi.advanceTimersByTimeAsync(1_000);
    expect(assign).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    await leaving;
    expect(assign).toHaveBeenCalledWith(LOGOUT);
  });
});
