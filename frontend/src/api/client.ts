/** One function per API route. */
import type { SaveTransport } from "../lib/autosave";
import { requestJson } from "../lib/http";
import type {
  ChatRequest,
  ChatResponse,
  ExportRequest,
  ExportResponse,
  ClaimResponse,
  ResumeList,
  ShareCreated,
  SharedResume,
  ShareList,
  ShareRevoked,
  JobList,
  JobStatus,
  LlmStatus,
  OptimizeAccepted,
  OptimizeRequest,
  SaveResumeResponse,
  SessionResponse,
  SnapshotCreated,
  SnapshotKind,
  SnapshotList,
  SnapshotResponse,
} from "./types";

const id = encodeURIComponent;

export const api = {
  session: (sessionId: string) => requestJson<SessionResponse>("GET", `/api/session/${id(sessionId)}`),

  /**
   * The session if its resume is newer than `knownVersion`, else null (the server answered 304). The version goes
   * in the query rather than If-None-Match: same server cost, and no CORS preflight when the API is elsewhere.
   */
  sessionIfNewer: (sessionId: string, knownVersion: number) =>
    requestJson<SessionResponse | null>("GET", `/api/session/${id(sessionId)}?knownVersion=${knownVersion}`),

  saveResume: (sessionId: string, text: string, baseVersion: number, keepalive = false) =>
    requestJson<SaveResumeResponse>("PUT", `/api/resume/${id(sessionId)}`, { body: { text, baseVersion }, keepalive }),

  snapshot: (sessionId: string, kind: SnapshotKind = "manual") =>
    requestJson<SnapshotCreated>("POST", `/api/snapshot/${id(sessionId)}`, { body: { kind } }),

  snapshots: (sessionId: string) => requestJson<SnapshotList>("GET", `/api/snapshots/${id(sessionId)}`),

  snapshotPayload: (sessionId: string, snapshotId: string) =>
    requestJson<SnapshotResponse>("GET", `/api/snapshots/${id(sessionId)}/${id(snapshotId)}`),

  // The server's LLM budget is under API Gateway's 29 s; wait a little longer than that.
  chat: (request: ChatRequest) => requestJson<ChatResponse>("POST", "/api/chat", { body: request, timeoutMs: 35_000 }),

  llmStatus: () => requestJson<LlmStatus>("GET", "/api/llm/status"),

  optimize: (request: OptimizeRequest) =>
    requestJson<OptimizeAccepted>("POST", "/api/optimize", { body: request, timeoutMs: 60_000 }),

  jobStatus: (jobId: string) => requestJson<JobStatus>("GET", `/api/status?jobId=${id(jobId)}`),

  jobs: (sessionId: string) => requestJson<JobList>("GET", `/api/jobs?sessionId=${id(sessionId)}`),

  exportResume: (request: ExportRequest) => requestJson<ExportResponse>("POST", "/api/export", { body: request }),

  // Accounts: the signed-in person's resumes, and claiming one made before signing in.
  resumes: () => requestJson<ResumeList>("GET", "/api/resumes"),

  claim: (sessionId: string) => requestJson<ClaimResponse>("POST", `/api/resumes/${id(sessionId)}/claim`),

  // Read-only links to one snapshot.
  share: (sessionId: string, snapshotId: string) =>
    requestJson<ShareCreated>("POST", `/api/snapshots/${id(sessionId)}/${id(snapshotId)}/share`),

  shares: (sessionId: string) => requestJson<ShareList>("GET", `/api/shares/${id(sessionId)}`),

  revokeShare: (shareId: string) => requestJson<ShareRevoked>("DELETE", `/api/shared/${id(shareId)}`),

  shared: (shareId: string) => requestJson<SharedResume>("GET", `/api/shared/${id(shareId)}`),
};

export const saveTransport: SaveTransport = {
  save: (sessionId, text, baseVersion, options) =>
    api.saveResume(sessionId, text, baseVersion, options?.keepalive ?? false),
  snapshot: (sessionId, kind) => api.snapshot(sessionId, kind),
};
