/**
 * The API contract as TypeScript: every shape comes from docs/openapi.json through the generated ./schema.d.ts
 * (`npm run api-types`; `npm run api-types:check` fails when it is stale).
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type ErrorBody = Schemas["ErrorBody"];
export type ChatMessage = Schemas["ChatMessage"];
export type ChatSuggestion = Schemas["ChatSuggestion"];
export type SuggestionTarget = Schemas["SuggestionTarget"];
export type SessionResponse = Schemas["SessionResponse"];
export type SaveResumeResponse = Schemas["SaveResumeResponse"];
export type SnapshotKind = NonNullable<Schemas["CreateSnapshotRequest"]["kind"]>;
export type SnapshotCreated = Schemas["SnapshotCreated"];
export type SnapshotMeta = Schemas["SnapshotMeta"];
export type SnapshotList = Schemas["SnapshotList"];
export type SnapshotResponse = Schemas["SnapshotResponse"];
export type ChatRequest = Schemas["ChatRequest"];
export type ChatFlag = Schemas["ChatFlag"];
export type ChatResponse = Schemas["ChatResponse"];
export type LlmStatus = Schemas["LlmStatus"];
export type OptimizeRequest = Schemas["OptimizeRequest"];
export type OutputFormat = NonNullable<OptimizeRequest["outputFormat"]>;
export type OptimizeAccepted = Schemas["OptimizeAccepted"];
export type JobStatus = Schemas["JobStatusResponse"];
export type JobStep = JobStatus["step"];
export type OptimizeReport = Schemas["OptimizeReport"];
export type BulletChange = Schemas["BulletChange"];
export type ReportFlag = Schemas["ReportFlag"];
export type JobSummary = Schemas["JobSummary"];
export type JobList = Schemas["JobList"];
export type ExportRequest = Schemas["ExportRequest"];
export type ExportResponse = Schemas["ExportResponse"];
export type HealthResponse = Schemas["HealthResponse"];
export type CognitoSignIn = Schemas["CognitoSignIn"];
export type ResumeList = Schemas["ResumeList"];
export type ResumeSummary = Schemas["ResumeSummary"];
export type ClaimResponse = Schemas["ClaimResponse"];
export type ShareCreated = Schemas["ShareCreated"];
export type ShareList = Schemas["ShareList"];
export type ShareSummary = Schemas["ShareSummary"];
export type SharedResume = Schemas["SharedResume"];
export type ShareRevoked = Schemas["ShareRevoked"];
