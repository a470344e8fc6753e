/** Export the editor text as a Word document: the server renders it (headings, bullets) and answers a URL. */
import { api } from "../api/client";
import type { ExportResponse } from "../api/types";
import { downloadUrl } from "../format";
import { openableUrl, UnsafeUrlError } from "./urls";

export async function exportDocx(
  text: string,
  name: string,
  download: (url: string, fileName: string) => void = downloadUrl,
): Promise<ExportResponse> {
  const file = await api.exportResume({ text, format: "docx", fileName: name });
  const url = openableUrl(file.url);
  if (url === null) throw new UnsafeUrlError();
  download(url, file.fileName);
  return file;
}
