/**
 * One function per API route, typed from docs/openapi.json: the path, its parameters, the request body and the
 * success body all come from the generated `paths` (./schema.d.ts), so a route or model the web app does not follow
 * fails `tsc`. Types only: no client library in the bundle (docs/decisions.md has the figures).
 */
import type { SaveTransport } from "../lib/autosave";
import { send } from "../lib/http";
import type { paths } from "./schema";
import type { ChatRequest, ExportRequest, OptimizeRequest, SessionResponse, SnapshotKind } from "./types";

type Method = "get" | "put" | "post" | "delete";
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { "application/json": infer T } } ? T : never;
type Success<O> = O extends { responses: infer R } ? Json<R[Extract<keyof R, 200 | 201 | 202>]> : never;
type Body<O> = O extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type PathParams<O> = O extends { parameters: { path: infer P } } ? P : never;
type Query<O> = O extends { parameters: { query?: infer Q } } ? Q : never;

interface CallOptions<O> {
  path?: PathParams<O>;
  query?: Query<O>;
  body?: Body<O>;
  keepalive?: boolean;
  /** Longer than the default for the routes that do the work while the caller waits. */
  timeoutMs?: number;
}

/** The success body (error answers throw in http's `send`); null for a 304, which only a conditional read gets. */
async function call<P extends keyof paths, M extends Method>(
  method: M,
  route: P,
  options: CallOptions<Operation<P, M>> = {},
): Promise<Success<Operation<P, M>>> {
  const { body, keepalive, timeoutMs } = options;
  const path = (options.path ?? {}) as Record<string, string>;
  const query = Object.entries((options.query ?? {}) as Record<string, string | number | undefined | null>)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null)
    .map(([name, value]) => [name, String(value)]);
  const url = route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path[name]));
  const search = query.length ? `?${new URLSearchParams(query)}` : "";
  const response = await send(`${url}${search}`, {
    method: method.toUpperCase(),
    keepalive,
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }, timeoutMs);
  if (response.status === 304) return null as Success<Operation<P, M>>;
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as Success<Operation<P, M>>;
}

export const api = {
  session: (sessionId: string) => call("get", "/api/session/{sessionId}", { path: { sessionId } }),

  /**
   * The session if its resume is newer than `knownVersion`, else null (the server answered 304). The version goes
   * in the query rather than If-None-Match: same server cost, and no CORS preflight when the API is elsewhere.
   */
  sessionIfNewer: (sessionId: string, knownVersion: number): Promise<SessionResponse | null> =>
    call("get", "/api/session/{sessionId}", { path: { sessionId }, query: { knownVersion } }),

  saveResume: (sessionId: string, text: string, baseVersion: number, keepalive = false) =>
    call("put", "/api/resume/{sessionId}", { path: { sessionId }, body: { text, baseVersion }, keepalive }),

  snapshot: (sessionId: string, kind: SnapshotKind = "manual") =>
    call("post", "/api/snapshot/{sessionId}", { path: { sessionId }, body: { kind } }),

  snapshots: (sessionId: string) => call("get", "/api/snapshots/{sessionId}", { path: { sessionId } }),

  snapshotPayload: (sessionId: string, snapshotId: string) =>
    call("get", "/api/snapshots/{sessionId}/{snapshotId}", { path: { sessionId, snapshotId } }),

  // The server's LLM budget is under API Gateway's 29 s; wait a little longer than that.
  chat: (request: ChatRequest) => call("post", "/api/chat", { body: request, timeoutMs: 35_000 }),

  llmStatus: () => call("get", "/api/llm/status"),

  optimize: (request: OptimizeRequest) => call("post", "/api/optimize", { body: request, timeoutMs: 60_000 }),

  jobStatus: (jobId: string) => call("get", "/api/status", { query: { jobId } }),

  jobs: (sessionId: string) => call("get", "/api/jobs", { query: { sessionId } }),

  exportResume: (request: ExportRequest) => call("post", "/api/export", { body: request }),

  // Accounts: the signed-in person's resumes, and claiming one made before signing in.
  resumes: () => call("get", "/api/resumes"),

  claim: (sessionId: string) => call("post", "/api/resumes/{sessionId}/claim", { path: { sessionId } }),

  // Read-only links to one snapshot.
  share: (sessionId: string, snapshotId: string) =>
    call("post", "/api/snapshots/{sessionId}/{snapshotId}/share", { path: { sessionId, snapshotId } }),

  shares: (sessionId: string) => call("get", "/api/shares/{sessionId}", { path: { sessionId } }),

  revokeShare: (sessionId: string, shareId: string) =>
    call("delete", "/api/shared/{shareId}", { path: { shareId }, query: { sessionId } }),

  shared: (shareId: string) => call("get", "/api/shared/{shareId}", { path: { shareId } }),
};

export const saveTransport: SaveTransport = {
  save: (sessionId, text, baseVersion, options) =>
    api.saveResume(sessionId, text, baseVersion, options?.keepalive ?? false),
  snapshot: (sessionId, kind) => api.snapshot(sessionId, kind),
};
