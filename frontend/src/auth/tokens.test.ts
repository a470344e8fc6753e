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
  withoutCallback,
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
  it("is recognised by any of its parameters, and taken out of the address alone", () => {
    expect(callbackOf("?code=abc&state=s1")).toEqual({ code: "abc", state: "s1", error: null });
    expect(callbackOf("?error=access_denied&error_description=User+cancelled")).toEqual({
      code: null,
      state: null,
      error: "access_denied",
    });
    expect(callbackOf("?code=abc")).toEqual({ code: "abc", state: null, error: null });
    expect(callbackOf("?utm_source=mail")).toBeNull();
    expect(callbackOf("")).toBeNull();
    expect(withoutCallback("?code=abc&state=s1&error=x&error_description=y&error_uri=z")).toBe("");
    expect(withoutCallback("?utm_source=mail&error_description=Call+us")).toBe("?utm_source=mail");
  });

  it("completes only the sign-in this browser started, once; another state leaves it pending", () => {
    const store = new MemoryStore();
    savePending(store, { state: "s1", verifier: "v".repeat(43), hash: "#shared=x" });
    expect(takePending(store, "forged")).toBeNull();
    expect(takePending(store, "s1")).toEqual({ state: "s1", verifier: "v".repeat(43), hash: "#shared=x" });
    expect(takePending(store, "s1")).toBeNull(); // used: a replayed redirect cannot finish it again
  });
});
