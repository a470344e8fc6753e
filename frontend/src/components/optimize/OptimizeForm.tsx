import { type FormEvent, useState } from "react";
import { useJobs, useSubmitOptimize } from "../../api/queries";
import type { OptimizeAccepted, OutputFormat } from "../../api/types";
import { describeError } from "../../lib/http";
import type { PageSize } from "../../lib/preview";
import { dateTime } from "../../format";
import { ErrorText } from "../ErrorText";

const ACCEPT = ".pdf,.docx,.txt,.md";
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

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

/** The resume (editor text or a file) and the job description to optimize it for, and the session's earlier jobs. */
export function OptimizeForm({
  sessionId,
  editorText,
  pageSize,
  notice,
  onSubmitted,
  onView,
}: {
  sessionId: string;
  editorText: string;
  pageSize: PageSize;
  /** Shown until the next submit (say the job followed before is no longer known). */
  notice: string | null;
  onSubmitted(accepted: OptimizeAccepted): void;
  onView(jobId: string): void;
}) {
  const [source, setSource] = useState<"editor" | "file">("editor");
  const [file, setFile] = useState<File | null>(null);
  const [jobDescription, setJobDescription] = useState("");
  const [format, setFormat] = useState<OutputFormat>("docx");
  const [error, setError] = useState<string | null>(notice);
  const { submit, submitting } = useSubmitOptimize(sessionId);
  const recent = useJobs(sessionId);

  const send = async (event: FormEvent) => {
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
      onSubmitted(await submit({ resume, jobDescription, sessionId, fileName, outputFormat: format, pageSize }));
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <form className="optimize" aria-label="Optimize for a job" onSubmit={send}>
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
      <button type="submit" className="primary" disabled={submitting}>
        {submitting ? "Submitting…" : "Optimize"}
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
                <button type="button" onClick={() => onView(j.jobId)}>
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
