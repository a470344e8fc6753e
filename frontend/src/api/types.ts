/**
 * The API contract (docs/DESIGN.md §2) as TypeScript. Shapes already in docs/openapi.json are checked against the
 * generated schema in ./contract.ts; the ones whose handlers are still being built are written from the contract.
 */

export interface ChatMessage {
  id: string;
  role: "user" | "assistant";
  text: string;
  ts: number;
  action?: string | null;
  suggestions?: string[] | null;
  flags?: ChatFlag[] | null;
}

export interface SessionResponse {
  sessionId: string;
  resume: string;
  version: number;
  updatedAt: string | null;
  chat: ChatMessage[];
  rehydrated?: boolean;
  rehydratedInMs?: number | null;
}

export interface SaveResumeResponse {
  saved: true;
  version: number;
  updatedAt: string;
}

export type SnapshotKind = "manual" | "restore";

export interface SnapshotCreated {
  snapshotted: true;
  countMessages: number;
  snapshotId: string;
  createdAt: string;
  version: number;
}

export interface SnapshotMeta {
  snapshotId: string;
  createdAt: string;
  version?: number | null;
  kind?: string | null;
  sizeBytes?: number | null;
}

export interface SnapshotList {
  sessionId: string;
  snapshots: SnapshotMeta[];
}

export interface SnapshotResponse {
  snapshotId: string;
  sessionId: string;
  resume: string;
  version: number;
  chat: ChatMessage[];
  createdAt: string;
  kind?: string;
}

export type ChatAction = "rephrase" | "shorten" | "quantify" | "star" | "chat";

export interface ChatRequest {
  sessionId: string;
  message: string;
  action?: ChatAction;
  selection?: string;
}

export interface ChatFlag {
  kind: string;
  text: string;
  placeholder?: string | null;
}

export interface ChatResponse {
  assistantMessage: string;
  messageId: string;
  suggestions: string[];
  flags: ChatFlag[];
}

export interface LlmStatus {
  provider?: string;
  model?: string;
  [extra: string]: unknown;
}

export type OutputFormat = "docx" | "txt";

export interface OptimizeRequest {
  resume: string;
  jobDescription: string;
  sessionId?: string;
  fileName?: string;
  outputFormat?: OutputFormat;
}

export interface OptimizeAccepted {
  message: string;
  jobId: string;
  status: JobState;
}

export type JobState = "QUEUED" | "PROCESSING" | "COMPLETED" | "FAILED";

export interface JobStatus {
  jobId: string;
  status: JobState;
  message?: string | null;
  step?: string | null;
  progress?: number | null;
  timestamp?: string | null;
  optimizedResumeUrl?: string | null;
  fileType?: string | null;
  contentType?: string | null;
  downloadFilename?: string | null;
  report?: unknown;
}

export interface JobList {
  jobs: JobStatus[];
}
