/** Flagged numbers and placeholders ([X%], [N], [$X]) the person must check or fill in. */

export interface Flag {
  kind: string;
  text: string;
  placeholder?: string | null;
}

export interface Segment {
  text: string;
  flag?: string; // why it is highlighted
}

const PLACEHOLDER_REASON = "Placeholder: put in the real figure";
const UNVERIFIED_REASON = "This number is not in your resume: check it is true";

export const PLACEHOLDER = /\[(?:\$?[A-Z]{1,2}[%+]?|\$?[A-Z]{1,2}[KMB]|[A-Z]{1,2}%)\]/g;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Cut `text` into plain and highlighted segments: the server's flags, plus any placeholder pattern. */
export function highlight(text: string, flags: readonly Flag[] = []): Segment[] {
  const reasons = new Map<string, string>();
  for (const flag of flags) {
    if (flag.placeholder && text.includes(flag.placeholder)) reasons.set(flag.placeholder, PLACEHOLDER_REASON);
    if (flag.text && text.includes(flag.text)) reasons.set(flag.text, UNVERIFIED_REASON);
  }
  const alternatives = [...reasons.keys()].sort((a, b) => b.length - a.length).map(escape);
  alternatives.push(PLACEHOLDER.source);
  const pattern = new RegExp(alternatives.join("|"), "g");
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (!match[0]) continue;
    const at = match.index ?? 0;
    if (at > last) segments.push({ text: text.slice(last, at) });
    segments.push({ text: match[0], flag: reasons.get(match[0]) ?? PLACEHOLDER_REASON });
    last = at + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

export interface PlaceholderHit {
  text: string;
  start: number;
  end: number;
}

/** Placeholders still in the resume text, to fill in. */
export function placeholdersIn(text: string): PlaceholderHit[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({
    text: m[0],
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
}
