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

/**
 * The one place the web app sends HTTP (api/client.ts hands every route's request here): a timeout, no answer as
 * NetworkError, an error answer as ApiError.
 */
export async function send(path: string, init: RequestInit = {}, timeoutMs = 20_000): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  // Only a conditional read (?knownVersion=) gets a 304: "what you have is current".
  if (response.ok || response.status === 304) return response;
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
