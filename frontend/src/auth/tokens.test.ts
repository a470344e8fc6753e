import { describe, expect, it } from "vitest";
import { MemoryStore } from "../lib/storage";
import {
  callbackOf,
  isFresh,
  jwtClaims,
  readTokens,
  REFRESH_LEAD_MS,
  refreshDelay,
  saveTokens,
  savePending,
  takePending,
  tokensFrom,
} from "./tokens";

function b64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function idToken(claims: Record<string, unknown>): string {
  return `${b64url({ alg: "RS256", kid: "k" })}.${b64url(claims)}.c2lnbmF0dXJl`;
}

describe("tokens", () => {
  it("reads expiry and email from the ID token, non-ASCII and base64url included", () => {
    const token = idToken({ exp: 1_800_000_000, email: "zoë+cv@exämple.com", sub: "s" });
    expect(jwtClaims(token)).toMatchObject({ sub: "s" });
    expect(tokensFrom(token, "r")).toEqual({
      idToken: token,
      refreshToken: "r",
      expiresAt: 1_800_000_000_000,
      email: "zoë+cv@exämple.com",
    });
  });

  it("refuses what is not a token with an expiry", () => {
    expect(tokensFrom("not-a-token", null)).toBeNull();
    expect(tokensFrom("a.%%%.c", null)).toBeNull();
    expect(tokensFrom(idToken({ email: "a@b.c" }), null)).toBeNull();
  });

  it("schedules the silent refresh five minutes before expiry, at once when that has passed", () => {
    const tokens = tokensFrom(idToken({ exp: 10_000 }), "r")!;
    expect(refreshDelay(tokens, 10_000_000 - REFRESH_LEAD_MS - 60_000)).toBe(60_000);
    expect(refreshDelay(tokens, 10_000_000 - 1_000)).toBe(0);
    expect(isFresh(tokens, 10_000_000 - 60_000)).toBe(true);
    expect(isFresh(tokens, 10_000_000 - 10_000)).toBe(false); // about to lapse: refresh before using it
  });

  it("keeps tokens in the store and forgets them on sign-out", () => {
    const store = new MemoryStore();
    const tokens = tokensFrom(idToken({ exp: 10 }), "r")!;
    saveTokens(store, tokens);
    expect(readTokens(store)).toEqual(tokens);
    saveTokens(store, null);
    expect(readTokens(store)).toBeNull();
    store.setItem("rc.auth.tokens", "{broken");
    expect(readTokens(store)).toBeNull();
  });
});

describe("the redirect back from the managed login", () => {
  it("is recognised by code and state, or by an error", () => {
    expect(callbackOf("?code=abc&state=s1")).toEqual({ code: "abc", state: "s1" });
    expect(callbackOf("?error=access_denied&error_description=User+cancelled")).toEqual({ error: "User cancelled" });
    expect(callbackOf("?code=abc")).toBeNull(); // no state: not our redirect
    expect(callbackOf("")).toBeNull();
  });

  it("completes only the sign-in this browser started, once", () => {
    const store = new MemoryStore();
    savePending(store, { state: "s1", verifier: "v".repeat(43), hash: "#shared=x" });
    expect(takePending(store, "forged")).toBeNull();
    expect(takePending(store, "s1")).toBeNull(); // a wrong state used it up: a replayed redirect cannot finish it
    savePending(store, { state: "s2", verifier: "v".repeat(43), hash: "" });
    expect(takePending(store, "s2")).toEqual({ state: "s2", verifier: "v".repeat(43), hash: "" });
    expect(takePending(store, "s2")).toBeNull();
  });
});
