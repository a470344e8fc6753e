/** A piece of the text by position, found again after edits moved it, and replaced. */

export interface TextRange {
  start: number;
  end: number;
  text: string;
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
