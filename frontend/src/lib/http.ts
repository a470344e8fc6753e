/** fetch wrapper: JSON in and out, errors as ApiError (the server answered) or NetworkError (it did not). */
import type { ErrorBody } from "../api/types";
import { parseRetryAfter } from "./backoff";

export const API_BASE: string = (import.meta.env?.VITE_API_BASE_URL as string | undefined)?.replace(/\/$/, "") ?? "";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: ErrorBody;
  /** From the Retry-After header, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, body: ErrorBody, retryAfterMs?: number) {
    super(body.message || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = body.error;
    this.body = body;
    this.retryAfterMs = retryAfterMs;
  }

  /** Worth retrying later without changing the request: throttling and server-side trouble. */
  get retryable(): boolean {
    return this.status === 429 || this.status === 408 || this.status >= 500;
  }
}

/** The request never got an HTTP answer: offline, server down, connection reset or timed out. */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NetworkError";
  }
}

export function apiUrl(path: string): string {
  return `${API_BASE}${path}`;
}

/** Accounts on: the ID token every request carries, and what an API 401 does (the sign-in code registers it). */
export interface RequestAuth {
  /** The Authorization header's value (refreshed first when it is about to expire); null when signed out. */
  authorization(): string | null | Promise<string | null>;
  /** The API answered 401: the token was refused. */
  unauthorized(): void;
}

// Nobody signs in (accounts off) unless the sign-in code registers itself; a promise while it loads, so requests
// made in the meantime wait for it instead of going out without a token.
let requestAuth: RequestAuth | Promise<RequestAuth | null> | null = null;

export function setRequestAuth(auth: RequestAuth | Promise<RequestAuth | null> | null): void {
  requestAuth = auth;
}

/** Sets the Authorization header when someone is signed in; returns the registration a 401 is reported to. */
async function authorize(headers: Headers): Promise<RequestAuth | null> {
  const auth = requestAuth instanceof Promise ? await requestAuth.catch(() => null) : requestAuth;
  const authorization = auth ? await auth.authorization() : null;
  if (authorization) headers.set("Authorization", authorization);
  return auth;
}

/**
 * The one place the web app sends HTTP (api/client.ts hands every route's request here): the signed-in person's
 * token, a timeout, no answer as NetworkError, an error answer as ApiError.
 */
export async function send(path: string, init: RequestInit = {}, timeoutMs = 20_000): Promise<Response> {
  const headers = new Headers(init.headers);
  const auth = requestAuth ? await authorize(headers) : null; // no extra await at all with accounts off
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  // Only a conditional read (?knownVersion=) gets a 304: "what you have is current".
  if (response.ok || response.status === 304) return response;
  if (response.status === 401) auth?.unauthorized();
  const payload = await readBody(response);
  const errorBody: ErrorBody =
    payload && typeof payload === "object" && "error" in payload
      ? (payload as ErrorBody)
      : { error: `http_${response.status}`, message: `The server answered ${response.status}.` };
  throw new ApiError(response.status, errorBody, parseRetryAfter(response.headers.get("Retry-After")));
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { error: `http_${response.status}`, message: text.slice(0, 200) };
  }
}

/** A sentence for people, whatever went wrong. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.body.message || `The server answered ${error.status}.`;
  if (error instanceof NetworkError) return "The server cannot be reached. Check your connection and retry.";
  return error instanceof Error ? error.message : String(error);
}
