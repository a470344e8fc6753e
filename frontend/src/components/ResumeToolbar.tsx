import { useExport } from "../api/queries";
import type { SyncEngine } from "../lib/autosave";
import type { ExportFormat } from "../lib/exportFile";
import { describeError } from "../lib/http";
import type { PageSize } from "../lib/preview";
import { downloadText, fileSlug } from "../format";
import { StatusLine } from "./StatusLine";
import type { Toast } from "./Toasts";

const EXPORTS: { format: ExportFormat; title: string }[] = [
  { format: "pdf", title: "Download the resume as a PDF" },
  { format: "docx", title: "Download the resume as a Word document (headings and bullets)" },
];

/** The resume's name, its save status, and what to do with it: snapshot, export, a new one, another device. */
export function ResumeToolbar({
  engine,
  sessionName,
  pageSize,
  snapshotting,
  toast,
  onSnapshot,
  onResolve,
  onNewSession,
  openResumes,
  openShare,
}: {
  engine: SyncEngine;
  sessionName: string;
  pageSize: PageSize;
  snapshotting: boolean;
  toast(t: Omit<Toast, "id">): void;
  onSnapshot(): void;
  onResolve(): void;
  onNewSession(): void;
  openResumes(): void;
  openShare(): void;
}) {
  const { exportFile, exporting } = useExport();
  const text = engine.text;
  // An empty resume has nothing to export (the API refuses blank text).
  const hasText = text.trim() !== "";

  const exportAs = async (format: ExportFormat) => {
    if (exporting !== null) return;
    try {
      const file = await exportFile({ text: engine.text, format, pageSize });
      toast({ message: `Exported ${file.fileName} (${file.readBack.summary}).` });
    } catch (error) {
      toast({ message: `Export failed: ${describeError(error)}`, error: true });
    }
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Resume actions">
      <button type="button" onClick={openResumes} className="session-name" title="My resumes">
        {sessionName} ▾
      </button>
      <StatusLine engine={engine} onResolve={onResolve} />
      <span className="spacer" />
      <button type="button" onClick={onSnapshot} disabled={snapshotting || !hasText} aria-keyshortcuts="Control+S Meta+S">
        Snapshot
      </button>
      <button type="button" onClick={() => downloadText(text, `${fileSlug(sessionName)}.txt`)} disabled={!hasText}>
        Export .txt
      </button>
      {EXPORTS.map(({ format, title }) => (
        <button
          key={format}
          type="button"
          onClick={() => void exportAs(format)}
          disabled={exporting !== null || !hasText}
          aria-busy={exporting === format}
          title={format === "pdf" ? `${title} (${pageSize === "a4" ? "A4" : "Letter"}), as the Preview shows it` : title}
        >
          Export .{format}
        </button>
      ))}
      <button type="button" onClick={onNewSession}>
        New resume
      </button>
      <button type="button" onClick={openShare}>
        Open on another device
      </button>
    </div>
  );
}
