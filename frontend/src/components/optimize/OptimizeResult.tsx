import { useState } from "react";
import type { JobStatus, OptimizeReport } from "../../api/types";
import { describeError } from "../../lib/http";
import { changeNote, listedChanges } from "../../lib/report";
import { openableUrl } from "../../lib/urls";
import { downloadText, fileSlug } from "../../format";
import { InlineDiff } from "../DiffView";
import { ErrorText } from "../ErrorText";

function Coverage({ label, value }: { label: string; value: number }) {
  return (
    <div className="coverage">
      <span>{label}</span>
      <meter min={0} max={100} value={value} aria-label={`${label} keyword coverage`} />
      <strong>{value}%</strong>
    </div>
  );
}

/** A completed job: keyword coverage, what changed, the file, and ways to use the text. */
export function OptimizeResult({
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
