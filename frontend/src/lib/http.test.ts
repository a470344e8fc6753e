import { afterEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter } from "./backoff";
import { api } from "../api/client";
import { ApiError, NetworkError, type RequestAuth, setRequestAuth } from "./http";

afterEach(() => {
  vi.unstubAllGlobals();
  setRequestAuth(null);
});

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers })),
  );
}

// Through the typed client: every call ends in http's `send`, the one place that calls fetch.
describe("the transport", () => {
  it("turns a 503 into an ApiError carrying Retry-After in ms", async () => {
    answer(503, { error: "service_unavailable", message: "Storage is busy." }, { "Retry-After": "2" });
    const error = (await api.saveResume("x", "", 0).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: "service_unavailable", retryAfterMs: 2000, retryable: true });
    expect(error.message).toBe("Storage is busy.");
  });

  it("keeps the 409 body (the current text and version)", async () => {
    answer(409, { error: "conflict", message: "changed", currentVersion: 4, currentText: "theirs" });
    const error = (await api.saveResume("x", "mine", 3).catch((e: unknown) => e)) as ApiError;
    expect(error.body).toMatchObject({ currentVersion: 4, currentText: "theirs" });
    expect(error.retryable).toBe(false);
  });

  it("reads a non-JSON error page as an error, and a failed fetch as a NetworkError", async () => {
    answer(502, "<html>Bad gateway</html>");
    await expect(api.llmStatus()).rejects.toMatchObject({ status: 502, retryable: true });
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(api.llmStatus()).rejects.toBeInstanceOf(NetworkError);
  });

  it("sends JSON with keepalive when asked, the id encoded in the path", async () => {
    answer(200, { saved: true, version: 1, updatedAt: "t" });
    await api.saveResume("a/b", "a", 0, true);
    const [url, init] = vi.mocked(fetch).mock.calls[0];
    expect(url).toBe("/api/resume/a%2Fb");
    expect(init).toMatchObject({ method: "PUT", keepalive: true, body: '{"text":"a","baseVersion":0}' });
    expect(Object.fromEntries(new Headers(init?.headers))).toEqual({ "content-type": "application/json" });
  });

  it("answers null when the conditional read says what we have is current (304)", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(null, { status: 304 })));
    expect(await api.sessionIfNewer("s1", 7)).toBeNull();
    expect(vi.mocked(fetch).mock.calls[0][0]).toBe("/api/session/s1?knownVersion=7");
  });
});

describe("retry timing", () => {
  it("parses Retry-After as seconds or an HTTP date, clamped", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("99999", now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("backs off exponentially up to the cap, with jitter around the nominal delay", () => {
    const policy = { baseMs: 1000, maxMs: 10_000, factor: 2 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.5))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(backoffDelay(0, policy, () => 0)).toBe(750);
    expect(backoffDelay(0, policy, () => 1)).toBe(1250);
  });
});

describe("requests when accounts are on", () => {
  function signedInAs(token: string | null): RequestAuth & { refused: number } {
    const auth = {
      refused: 0,
      authorization: () => token,
      unauthorized() {
        auth.refused += 1;
      },
    };
    return auth;
  }

  const sentHeaders = (call = 0) => new Headers(vi.mocked(fetch).mock.calls[call][1]?.headers);

  it("carry the ID token, and nothing when nobody signs in", async () => {
    answer(200, {});
    await api.session("x");
    expect(sentHeaders(0).has("Authorization")).toBe(false);
    setRequestAuth(signedInAs("id.token.here"));
    await api.saveResume("x", "a", 0);
    expect(Object.fromEntries(sentHeaders(1))).toEqual({
      "content-type": "application/json",
      authorization: "id.token.here",
    });
  });

  it("wait for the sign-in code while it loads, then carry its token", async () => {
    answer(200, {});
    let loaded!: (auth: RequestAuth) => void;
    setRequestAuth(new Promise<RequestAuth | null>((resolve) => (loaded = resolve)));
    const pending = api.session("x");
    await Promise.resolve();
    expect(fetch).not.toHaveBeenCalled();
    loaded(signedInAs("fresh"));
    await pending;
    expect(sentHeaders(0).get("Authorization")).toBe("fresh");
  });

  it("report a 401 to the sign-in code and still fail the request", async () => {
    answer(401, { error: "unauthorized", message: "Unauthorized" });
    const auth = signedInAs("expired");
    setRequestAuth(auth);
    await expect(api.session("x")).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect(auth.refused).toBe(1);
  });

  it("go out without a token when the sign-in code fails to load", async () => {
    answer(200, {});
    setRequestAuth(Promise.reject(new Error("chunk failed")));
    await api.session("x");
    expect(sentHeaders(0).has("Authorization")).toBe(false);
  });
});
