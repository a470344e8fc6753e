/**
 * The API contract as TypeScript. Shapes come from docs/openapi.json through the generated ./schema.d.ts
 * (`npm run api-types`; `npm run api-types:check` fails when it is stale). Routes not in that document yet are
 * written from the contract in DESIGN.md §2 below, to be replaced by generated ones when their handlers land.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

/** Chat history items; the assistant's suggestions and flags ride along when the server keeps them. */
export type ChatMessage = Schemas["ChatMessage"] & { suggestions?: string[] | null; flags?: ChatFlag[] | null };
export type SessionResponse = Omit<Schemas["SessionResponse"], "chat"> & { chat: ChatMessage[] };
export type SaveResumeRequest = Schemas["SaveResumeRequest"];
export type SaveResumeResponse = Schemas["SaveResumeResponse"];
export type ConflictBody = Schemas["ConflictBody"];
export type SnapshotKind = NonNullable<Schemas["CreateSnapshotRequest"]["kind"]>;
export type SnapshotCreated = Schemas["SnapshotCreated"];
export type SnapshotMeta = Schemas["SnapshotMeta"];
export type SnapshotList = Schemas["SnapshotList"];
export type SnapshotResponse = Schemas["SnapshotResponse"];
export type HealthResponse = Schemas["HealthResponse"];
export type ChatRequest = Schemas["ChatRequest"];
export type ChatAction = ChatRequest["action"];
export type ChatFlag = Schemas["ChatFlag"];
export type ChatResponse = Schemas["ChatResponse"];
export type LlmStatus = Schemas["LlmStatus"];

// ---- Routes whose handlers are still being built: written from the contract until docs/openapi.json has them.

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

export interface JobSummary {
  jobId: string;
  status: JobState;
  message?: string | null;
  step?: string | null;
  progress?: number | null;
  createdAt?: string | null;
  fileName?: string | null;
  outputFormat?: OutputFormat | null;
}

export interface JobList {
  sessionId: string;
  jobs: JobSummary[];
}
