import { type FormEvent, useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import type { JobStatus, JobStep, JobSummary, OptimizeReport, OutputFormat } from "../api/types";
import { describeError } from "../lib/http";
import { forgetJob, JobPoller, type RememberedJob, rememberedJob, rememberJob } from "../lib/jobs";
import { addToSkills, changeNote, listedChanges } from "../lib/report";
import type { KeyValueStore } from "../lib/storage";
import { openableUrl } from "../lib/urls";
import { clockTime, dateTime, downloadText, fileSlug } from "../format";
import type { PageSize } from "../lib/preview";
import { InlineDiff } from "./DiffView";
import { ErrorText } from "./ErrorText";

const ACCEPT = ".pdf,.docx,.txt,.md";
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

interface Step {
  step: JobStep;
  at: number;
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("Could not read the file."));
    reader.readAsDataURL(file);
  });
}

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

/** Optimize against a job description: submit, follow the job (also across reloads), read the result. */
export default function OptimizePanel({
  sessionId,
  store,
  editorText,
  pageSize,
  onOpenAsNew,
  onReplaceText,
  onEditText,
}: {
  sessionId: string;
  store: KeyValueStore;
  editorText: string;
  /** Of a PDF result: the Preview's choice. */
  pageSize: PageSize;
  onOpenAsNew(text: string): Promise<void>;
  onReplaceText(text: string): Promise<void>;
  /** An edit of the editor's text, like typing (autosaved, undoable by editing). */
  onEditText(text: string): void;
}) {
  const [source, setSource] = useState<"editor" | "file">("editor");
  const [file, setFile] = useState<File | null>(null);
  const [jobDescription, setJobDescription] = useState("");
  const [format, setFormat] = useState<OutputFormat>("docx");
  const [job, setJob] = useState<RememberedJob | null>(() => rememberedJob(store, sessionId));
  // Until the first poll answers, only what the submit returned is known.
  const [status, setStatus] = useState<(Partial<JobStatus> & Pick<JobStatus, "jobId" | "status">) | null>(null);
  const [steps, setSteps] = useState<Step[]>([]);
  const [trouble, setTrouble] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recent, setRecent] = useState<JobSummary[]>([]);
  const poller = useRef<JobPoller | null>(null);

  useEffect(() => {
    if (job) return;
    // Earlier jobs of this session (also those started on another device); optional, so failures stay quiet.
    api.jobs(sessionId).then(
      (list) => setRecent(list.jobs),
      () => setRecent([]),
    );
  }, [job, sessionId]);

  const follow = (jobId: string) => {
    const remembered = { jobId, submittedAt: Date.now() };
    rememberJob(store, sessionId, remembered);
    setStatus(null);
    setSteps([]);
    setError(null);
    setJob(remembered);
  };

  useEffect(() => {
    if (!job) return;
    const p = new JobPoller(job.jobId, api.jobStatus, {
      onStatus: (s) => {
        setTrouble(null);
        setStatus(s);
        setSteps((list) => (list.at(-1)?.step === s.step ? list : [...list, { step: s.step, at: Date.now() }]));
      },
      onGone: (message) => {
        setError(`That job is no longer known: ${message}`);
        forgetJob(store, sessionId);
        setJob(null);
      },
      onTrouble: (message, retryInMs) => setTrouble(`${message} Checking again in ${Math.ceil(retryInMs / 1000)} s.`),
    });
    poller.current = p;
    p.start();
    return () => p.stop();
  }, [job, store, sessionId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!jobDescription.trim()) return setError("Paste the job description first.");
    let resume: string;
    let fileName: string;
    try {
      if (source === "file") {
        if (!file) return setError("Choose a file (PDF, DOCX, TXT or MD).");
        if (file.size > MAX_UPLOAD_BYTES) return setError("That file is over 5 MB; upload a smaller one.");
        resume = await readAsDataUrl(file);
        fileName = file.name;
      } else {
        if (!editorText.trim()) return setError("The editor is empty: write or paste your resume first.");
        resume = toBase64(editorText);
        fileName = "resume.txt";
      }
      setBusy(true);
      const accepted = await api.optimize({ resume, jobDescription, sessionId, fileName, outputFormat: format, pageSize });
      const remembered = { jobId: accepted.jobId, submittedAt: Date.now() };
      rememberJob(store, sessionId, remembered);
      setStatus({ jobId: accepted.jobId, status: accepted.status, message: accepted.message });
      setSteps([]);
      setJob(remembered);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    poller.current?.stop();
    forgetJob(store, sessionId);
    setJob(null);
    setStatus(null);
    setSteps([]);
    setError(null);
  };

  if (!job) {
    return (
      <form className="optimize" aria-label="Optimize for a job" onSubmit={submit}>
        <fieldset>
          <legend>Resume</legend>
          <label>
            <input type="radio" name="source" checked={source === "editor"} onChange={() => setSource("editor")} /> Use
            the text in the editor
          </label>
          <label>
            <input type="radio" name="source" checked={source === "file"} onChange={() => setSource("file")} /> Upload a
            file
          </label>
          {source === "file" && (
            <label className="block">
              <span className="sr-only">Resume file</span>
              <input
                type="file"
                accept={ACCEPT}
                aria-label="Resume file (PDF, DOCX, TXT or MD)"
                onChange={(event) => setFile(event.target.files?.[0] ?? null)}
              />
            </label>
          )}
        </fieldset>
        <label htmlFor="job-description" className="block">
          Job description
        </label>
        <textarea
          id="job-description"
          rows={8}
          value={jobDescription}
          onChange={(event) => setJobDescription(event.target.value)}
          placeholder="Paste the job posting here."
        />
        <label className="block">
          Result format{" "}
          <select value={format} onChange={(event) => setFormat(event.target.value as OutputFormat)}>
            <option value="pdf">PDF (.pdf)</option>
            <option value="docx">Word (.docx)</option>
            <option value="txt">Plain text (.txt)</option>
          </select>
        </label>
        <ErrorText message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Submitting…" : "Optimize"}
        </button>
        {recent.length > 0 && (
          <section aria-label="Earlier optimizations">
            <h3>Earlier optimizations</h3>
            <ul className="snapshot-list">
              {recent.map((j) => (
                <li key={j.jobId}>
                  <span>
                    {dateTime(j.createdAt)} <span className="muted">{j.fileName ?? ""}</span>{" "}
                    <span className={`badge badge-${j.status.toLowerCase()}`}>{j.status}</span>
                  </span>
                  <button type="button" onClick={() => follow(j.jobId)}>
                    View<span className="sr-only"> the job of {dateTime(j.createdAt)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </form>
    );
  }

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
        <button type="button" onClick={reset}>
          {state === "PROCESSING" ? "Stop following" : "New optimization"}
        </button>
      </div>
      {status?.message && <p>{status.message}</p>}
      {state === "PROCESSING" && (
        <>
          <progress max={100} value={percent} aria-label="Progress">
            {percent !== undefined ? `${Math.round(percent)}%` : ""}
          </progress>
          {trouble && <p className="warning">{trouble}</p>}
        </>
      )}
      <StepList steps={steps} current={status?.step} state={state} />
      <ErrorText message={error} />
      {state === "COMPLETED" && status?.report && (
        <Result
          status={status}
          report={status.report}
          onOpenAsNew={onOpenAsNew}
          onReplaceText={onReplaceText}
          onAddSkill={(term) => onEditText(addToSkills(editorText, term))}
        />
      )}
    </section>
  );
}

function Coverage({ label, value }: { label: string; value: number }) {
  return (
    <div className="coverage">
      <span>{label}</span>
      <meter min={0} max={100} value={value} aria-label={`${label} keyword coverage`} />
      <strong>{value}%</strong>
    </div>
  );
}

function Result({
  status,
  report,
  onOpenAsNew,
  onReplaceText,
  onAddSkill,
}: {
  status: Partial<JobStatus>;
  report: OptimizeReport;
  onOpenAsNew(text: string): Promise<void>;
  onReplaceText(text: string): Promise<void>;
  onAddSkill(term: string): void;
}) {
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<ReadonlySet<string>>(new Set());
  const checklist = report.addIfTrue ?? [];
  const [error, setError] = useState<string | null>(null);
  const changes = listedChanges(report);
  const missing = report.coverageAfter.missing;
  const respelled = report.coverageBefore.otherSpelling ?? [];
  const { fileType, downloadFilename } = status;
  const optimizedResumeUrl = status.optimizedResumeUrl ? openableUrl(status.optimizedResumeUrl) : null;

  /** Open the optimized text (the report carries it whatever the file's format). */
  const open = async (how: (text: string) => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await how(report.optimizedText);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const textName = `${fileSlug((downloadFilename ?? "optimized-resume").replace(/\.\w+$/, ""))}.txt`;
  return (
    <div className="result">
      <h3>Result</h3>
      <Coverage label="Before" value={report.coverageBefore.score} />
      <Coverage label="After" value={report.coverageAfter.score} />
      {missing.length > 0 && (
        <div>
          <h4>Still missing</h4>
          <ul className="chips" aria-label="Missing keywords">
            {missing.map(({ term }) => (
              <li key={term} className="chip">
                {term}
              </li>
            ))}
          </ul>
        </div>
      )}
      {respelled.length > 0 && (
        <div>
          <h4>Your spelling</h4>
          <ul className="chips" aria-label="Terms your resume spells another way">
            {respelled.map(({ term, foundAs }) => (
              <li key={term} className="chip">
                {term} (you wrote {foundAs})
              </li>
            ))}
          </ul>
        </div>
      )}
      {checklist.length > 0 && (
        <div>
          <h4>Add only if true</h4>
          <p className="muted small">
            The job asks for these and your resume does not show them. Add one only if it is true: it goes into the
            Skills line of your editor text.
          </p>
          <ul className="checklist" aria-label="Add only if true">
            {checklist.map(({ term }) => (
              <li key={term}>
                <button
                  type="button"
                  disabled={added.has(term)}
                  onClick={() => {
                    onAddSkill(term);
                    setAdded((before) => new Set(before).add(term));
                  }}
                >
                  {added.has(term) ? `Added ${term} to Skills` : `Add ${term} to Skills`}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {report.explanation && <p className="muted small">{report.explanation}</p>}
      {changes.length === 0 && <p className="muted">No bullet needed a change.</p>}
      {changes.length > 0 && (
        <div>
          <h4>Changes ({changes.length})</h4>
          <ol className="changes">
            {changes.map((c, i) => {
              const note = changeNote(c);
              return (
                <li key={i} className="card">
                  <InlineDiff before={c.original} after={c.revised} flags={report.flags} />
                  {note && <p className="muted small">{note}</p>}
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {report.readBack && (
        <p className="muted" data-testid="read-back">
          File checked: {report.readBack.summary}
        </p>
      )}
      <div className="actions">
        {optimizedResumeUrl && (
          <a
            className="button primary"
            href={optimizedResumeUrl}
            download={downloadFilename ?? ""}
            data-testid="download"
          >
            Download .{fileType ?? "file"}
          </a>
        )}
        {fileType !== "txt" && (
          <button type="button" onClick={() => downloadText(report.optimizedText, textName)}>
            Download .txt
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => void open(onOpenAsNew)}>
          Open in editor as a new resume
        </button>
        <button type="button" disabled={busy} onClick={() => void open(onReplaceText)}>
          Replace the editor text
        </button>
      </div>
      <ErrorText message={error} />
    </div>
  );
}
