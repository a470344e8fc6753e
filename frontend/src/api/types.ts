/**
 * The API contract as TypeScript: every shape comes from docs/openapi.json through the generated ./schema.d.ts
 * (`npm run api-types`; `npm run api-types:check` fails when it is stale).
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
export type OptimizeRequest = Schemas["OptimizeRequest"];
export type OutputFormat = NonNullable<OptimizeRequest["outputFormat"]>;
export type OptimizeAccepted = Schemas["OptimizeAccepted"];
export type JobStatus = Schemas["JobStatusResponse"];
export type JobState = JobStatus["status"];
export type JobSummary = Schemas["JobSummary"];
export type JobList = Schemas["JobList"];
