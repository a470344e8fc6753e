/** One function per API route, typed from docs/openapi.json (./schema.d.ts) through openapi-fetch. */
import createClient from "openapi-fetch";
import type { SaveTransport } from "../lib/autosave";
import { API_BASE, send } from "../lib/http";
import type { ChatRequest, ExportRequest, OptimizeRequest, SnapshotKind } from "./types";
import type { paths } from "./schema";

// Every request goes through lib/http's `send` (timeout, errors as ApiError/NetworkError): error answers throw there,
// so a call's `data` is the success body, or undefined for a 304.
const client = createClient<paths>({ baseUrl: API_BASE, fetch: (request) => send(request) });

/** A longer wait than the default for the routes that do the work while the caller waits. */
const waitUpTo = (timeoutMs: number) => ({ fetch: (request: Request) => send(request, timeoutMs) });

async function body<T>(call: Promise<{ data?: T }>): Promise<T> {
  const { data } = await call;
  return data as T;
}

const session = (sessionId: string) => ({ params: { path: { sessionId } } });

export const api = {
  session: (sessionId: string) => body(client.GET("/api/session/{sessionId}", session(sessionId))),

  /**
   * The session if its resume is newer than `knownVersion`, else null (the server answered 304). The version goes
   * in the query rather than If-None-Match: same server cost, and no CORS preflight when the API is elsewhere.
   */
  sessionIfNewer: async (sessionId: string, knownVersion: number) =>
    (await body(
      client.GET("/api/session/{sessionId}", { params: { path: { sessionId }, query: { knownVersion } } }),
    )) ?? null,

  saveResume: (sessionId: string, text: string, baseVersion: number, keepalive = false) =>
    body(client.PUT("/api/resume/{sessionId}", { ...session(sessionId), body: { text, baseVersion }, keepalive })),

  snapshot: (sessionId: string, kind: SnapshotKind = "manual") =>
    body(client.POST("/api/snapshot/{sessionId}", { ...session(sessionId), body: { kind } })),

  snapshots: (sessionId: string) => body(client.GET("/api/snapshots/{sessionId}", session(sessionId))),

  snapshotPayload: (sessionId: string, snapshotId: string) =>
    body(client.GET("/api/snapshots/{sessionId}/{snapshotId}", { params: { path: { sessionId, snapshotId } } })),

  // The server's LLM budget is under API Gateway's 29 s; wait a little longer than that.
  chat: (request: ChatRequest) => body(client.POST("/api/chat", { body: request, ...waitUpTo(35_000) })),

  llmStatus: () => body(client.GET("/api/llm/status")),

  optimize: (request: OptimizeRequest) => body(client.POST("/api/optimize", { body: request, ...waitUpTo(60_000) })),

  jobStatus: (jobId: string) => body(client.GET("/api/status", { params: { query: { jobId } } })),

  jobs: (sessionId: string) => body(client.GET("/api/jobs", { params: { query: { sessionId } } })),

  exportResume: (request: ExportRequest) => body(client.POST("/api/export", { body: request })),
};

export const saveTransport: SaveTransport = {
  save: (sessionId, text, baseVersion, options) =>
    api.saveResume(sessionId, text, baseVersion, options?.keepalive ?? false),
  snapshot: (sessionId, kind) => api.snapshot(sessionId, kind),
};
