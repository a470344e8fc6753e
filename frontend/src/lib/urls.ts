/** Which URLs from server answers the app opens: http(s) on this origin, the API's configured origin, or S3.

Download links come from the server (`optimizedResumeUrl`, an export's `url`); a tampered or buggy answer must
never make the app follow a `javascript:`, `data:` or foreign link. */
import { API_BASE } from "./http";

// S3 presigned URLs (AWS): virtual-hosted or path style, any region.
const S3_HOST = /^(?:[a-z0-9.-]+\.)?s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/;

/** The absolute URL to open, or null when the app must not open it. */
export function openableUrl(url: string, here: string = globalThis.location?.origin ?? "http://localhost"): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, here);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  const configured = API_BASE ? new URL(API_BASE, here).origin : here;
  if (parsed.origin === new URL(here).origin || parsed.origin === configured) return parsed.href;
  return parsed.protocol === "https:" && S3_HOST.test(parsed.hostname) ? parsed.href : null;
}

export class UnsafeUrlError extends Error {
  constructor() {
    super("The server sent a download link this app does not open. Please try again.");
    this.name = "UnsafeUrlError";
  }
}
