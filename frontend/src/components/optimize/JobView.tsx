import { useState } from "react";
import { useJobStatus } from "../../api/queries";
import type { JobStatus, JobStep } from "../../api/types";
import { describeError } from "../../lib/http";
import type { RememberedJob } from "../../lib/jobs";
import { addToSkills } from "../../lib/report";
import { clockTime } from "../../format";
import { OptimizeResult } from "./OptimizeResult";

interface Step {
  step: JobStep;
  at: number;
}

/** What the submit answered: shown until the first status check does. */
export type Accepted = Pick<JobStatus, "jobId" | "status" | "message">;

const STEP_LABELS: Record<JobStep, string> = {
  queued: "Queued",
  parse: "Read the resume",
  analyse: "Analyse the job description",
  rewrite: "Rewrite bullets toward it",
  verify: "Check no facts were invented",
  render: "Produce the document",
  done: "Done",
  failed: "Failed",
};

/** The optimizer's pipeline, in order (before it a job is queued; after it, done or failed). */
const PIPELINE: JobStep[] = ["parse", "analyse", "rewrite", "verify", "render"];

function StepList({ steps, current, state }: { steps: Step[]; current: JobStep | undefined; state: string }) {
  const at = current === "done" ? PIPELINE.length : current ? PIPELINE.indexOf(current) : -1;
  if (at === -1 && steps.length === 0) return null;
  const seen = new Map(steps.map((s) => [s.step, s.at]));
  const names = at === -1 ? steps.map((s) => s.step) : PIPELINE;
  return (
    <ol className="steps" aria-label="Steps">
      {names.map((name, i) => {
        const phase = at === -1 ? (i < names.length - 1 ? "done" : "current") : i < at ? "done" : i === at ? "current" : "todo";
        const failedHere = state === "FAILED" && phase === "current";
        return (
          <li key={name} className={failedHere ? "failed" : phase} aria-current={phase === "current" ? "step" : undefined}>
            {STEP_LABELS[name]}
            {phase === "done" && <span className="sr-only"> (done)</span>}
            {seen.has(name) && <time className="muted"> {clockTime(seen.get(name))}</time>}
          </li>
        );
      })}
    </ol>
  );
}

/** One job followed: its status, progress and steps while it runs, then its result. */
export function JobView({
  job,
  accepted,
  editorText,
  onGone,
  onStop,
  onOpenAsNew,
  onReplaceText,
  onEditText,
}: {
  job: RememberedJob;
  accepted: Accepted | null;
  editorText: string;
  onGone(error: unknown): void;
  onStop(): void;
  onOpenAsNew(text: string): Promise<void>;
  onReplaceText(text: string): Promise<void>;
  onEditText(text: string): void;
}) {
  const [steps, setSteps] = useState<Step[]>([]);
  const { status: polled, trouble } = useJobStatus(job, {
    onStatus: (s) => setSteps((list) => (list.at(-1)?.step === s.step ? list : [...list, { step: s.step, at: Date.now() }])),
    onGone,
  });
  // Until the first poll answers, only what the submit returned is known.
  const status: Partial<JobStatus> | null = polled ?? accepted;
  const state = status?.status ?? "PROCESSING";
  // A percentage from the server; unknown (an indeterminate bar) until the first poll answers.
  const percent = status?.progress;
  return (
    <section className="optimize" aria-label="Optimize for a job">
      <div className="panel-head">
        <h3>
          Job <code className="muted">{job.jobId.slice(0, 8)}</code>{" "}
          <span className={`badge badge-${state.toLowerCase()}`} data-testid="job-status">
            {state}
          </span>
        </h3>
        <button type="button" onClick={onStop}>
          {state === "PROCESSING" ? "Stop following" : "New optimization"}
        </button>
      </div>
      {status?.message && <p>{status.message}</p>}
      {state === "PROCESSING" && (
        <>
          <progress max={100} value={percent} aria-label="Progress">
            {percent !== undefined ? `${Math.round(percent)}%` : ""}
          </progress>
          {trouble && (
            <p className="warning">
              {describeError(trouble.error)} Checking again in {Math.ceil(trouble.retryInMs / 1000)} s.
            </p>
          )}
        </>
      )}
      <StepList steps={steps} current={status?.step} state={state} />
      {state === "COMPLETED" && polled?.report && (
        <OptimizeResult
          status={polled}
          report={polled.report}
          onOpenAsNew={onOpenAsNew}
          onReplaceText={onReplaceText}
          onAddSkill={(term) => onEditText(addToSkills(editorText, term))}
        />
      )}
    </section>
  );
}
