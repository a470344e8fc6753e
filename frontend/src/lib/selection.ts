/** What "the selected bullet" is, and putting a suggestion in its place. */

import { lineAt } from "./resume";

export interface TextRange {
  start: number;
  end: number;
  text: string;
}

/**
 * The selection, trimmed; with nothing selected, the line under the caret without its bullet marker.
 * Null when that is empty.
 */
export function bulletAt(text: string, start: number, end: number): TextRange | null {
  if (start !== end) {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    return trimmed ? { start: start + lead, end: start + lead + trimmed.length, text: trimmed } : null;
  }
  // The line under the caret, its marker left out as the resume model reads it.
  const line = lineAt(text, start);
  return line && line.text ? { start: line.contentStart, end: line.contentStart + line.text.length, text: line.text } : null;
}

/** Where `range` is now: at its old place if the text there is unchanged, else its nearest occurrence. */
export function locate(text: string, range: TextRange): TextRange | null {
  if (text.slice(range.start, range.end) === range.text) return range;
  let best = -1;
  for (let at = text.indexOf(range.text); at !== -1; at = text.indexOf(range.text, at + 1)) {
    if (best === -1 || Math.abs(at - range.start) < Math.abs(best - range.start)) best = at;
  }
  return best === -1 ? null : { start: best, end: best + range.text.length, text: range.text };
}

export function replaceRange(text: string, range: TextRange, replacement: string): string {
  return text.slice(0, range.start) + replacement + text.slice(range.end);
}
