/** Export the editor text as a PDF or Word document: the server renders it, reads it back, and answers a URL. */
import { api } from "../api/client";
import type { ExportResponse } from "../api/types";
import { downloadUrl } from "../format";
import { openableUrl, UnsafeUrlError } from "./urls";
import type { PageSize } from "./preview";

export type ExportFormat = "pdf" | "docx";

export async function exportResume(
  text: string,
  format: ExportFormat,
  pageSize: PageSize,
  download: (url: string, fileName: string) => void = downloadUrl,
): Promise<ExportResponse> {
  // No file name: the server names the file after the person ("jordan-alvarez-resume.pdf").
  const file = await api.exportResume({ text, format, pageSize });
  const url = openableUrl(file.url);
  if (url === null) throw new UnsafeUrlError();
  download(url, file.fileName);
  return file;
}
