import { useState } from "react";
import type { OptimizeAccepted } from "../../api/types";
import { describeError } from "../../lib/http";
import { forgetJob, type RememberedJob, rememberedJob, rememberJob } from "../../lib/jobs";
import type { PageSize } from "../../lib/preview";
import type { KeyValueStore } from "../../lib/storage";
import { type Accepted, JobView } from "./JobView";
import { OptimizeForm } from "./OptimizeForm";

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
  const [job, setJob] = useState<RememberedJob | null>(() => rememberedJob(store, sessionId));
  const [accepted, setAccepted] = useState<Accepted | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const follow = (jobId: string, answer: Accepted | null = null) => {
    const remembered = { jobId, submittedAt: Date.now() };
    rememberJob(store, sessionId, remembered);
    setAccepted(answer);
    setNotice(null);
    setJob(remembered);
  };

  const stop = (why: string | null = null) => {
    forgetJob(store, sessionId);
    setJob(null);
    setNotice(why);
  };

  if (!job) {
    return (
      <OptimizeForm
        sessionId={sessionId}
        editorText={editorText}
        pageSize={pageSize}
        notice={notice}
        onSubmitted={(a: OptimizeAccepted) => follow(a.jobId, a)}
        onView={(jobId) => follow(jobId)}
      />
    );
  }
  return (
    <JobView
      key={`${job.jobId}-${job.submittedAt}`}
      job={job}
      accepted={accepted}
      editorText={editorText}
      onGone={(error) => stop(`That job is no longer known: ${describeError(error)}`)}
      onStop={() => stop()}
      onOpenAsNew={onOpenAsNew}
      onReplaceText={onReplaceText}
      onEditText={onEditText}
    />
  );
}
