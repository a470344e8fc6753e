/**
 * Three-way merge of resume texts, line by line (the one implementation: the web app uses it on a 409 and on a
 * newer version seen while polling; the load test runs this file through node).
 *
 * base = the text both sides started from, mine = this device's text, theirs = what the server holds now.
 * Each side's changes are the line diff base → side. Changes of the two sides that touch different base lines
 * (adjacent is fine) are both applied; changes over the same base lines, or insertions at the same place, form a
 * conflict hunk unless both sides wrote the same lines. A conflict keeps both sides' lines until the person picks.
 */
import { editScript } from "./diff";

interface Change {
  /** Base lines [start, end) are replaced by `lines` (start === end: an insertion before base line `start`). */
  start: number;
  end: number;
  lines: string[];
}

export type Hunk =
  | { kind: "same"; lines: string[] }
  | { kind: "conflict"; base: string[]; mine: string[]; theirs: string[] };

export interface Merge {
  hunks: Hunk[];
  conflicts: number;
  /** Whether the merged text ends with a line break, and which line break it uses. */
  finalNewline: boolean;
  eol: "\n" | "\r\n";
}

export type HunkChoice = "mine" | "theirs" | "both";

interface Lines {
  lines: string[];
  finalNewline: boolean;
}

/** Lines without their breaks (CRLF, CR and LF all end a line); "" has no lines. */
function splitLines(text: string): Lines {
  const normal = text.replace(/\r\n?/g, "\n");
  if (normal === "") return { lines: [], finalNewline: false };
  const finalNewline = normal.endsWith("\n");
  return { lines: (finalNewline ? normal.slice(0, -1) : normal).split("\n"), finalNewline };
}

function changes(base: string[], side: string[]): Change[] {
  // Tokens end in "\n" so that no line can equal another line's prefix.
  const script = editScript(
    base.map((l) => `${l}\n`),
    side.map((l) => `${l}\n`),
  );
  const out: Change[] = [];
  let at = 0;
  let open: Change | null = null;
  for (const [kind, token] of script) {
    if (kind === "equal") {
      open = null;
      at += 1;
      continue;
    }
    if (!open) {
      open = { start: at, end: at, lines: [] };
      out.push(open);
    }
    if (kind === "delete") {
      at += 1;
      open.end = at;
    } else {
      open.lines.push(token.slice(0, -1));
    }
  }
  return out;
}

/** Whether change `c` touches the base range [start, end) so that applying both is ambiguous. */
function overlaps(c: Change, start: number, end: number): boolean {
  if (c.start < end && c.end > start) return true;
  // Two insertions at the same place: which goes first is a question for the person.
  return c.start === c.end && start === end && c.start === start;
}

/** The base range [start, end) as one side wrote it, given that side's changes inside the range (in order). */
function applyWithin(base: string[], start: number, end: number, own: Change[]): string[] {
  const out: string[] = [];
  let at = start;
  for (const c of own) {
    out.push(...base.slice(at, c.start), ...c.lines);
    at = c.end;
  }
  out.push(...base.slice(at, end));
  return out;
}

const sameLines = (a: string[], b: string[]) => a.length === b.length && a.every((line, i) => line === b[i]);

function sortKey(c: Change): number {
  // At one position, an insertion comes before a change that replaces lines from there.
  return c.start * 2 + (c.start === c.end ? 0 : 1);
}

export function merge3(base: string, mine: string, theirs: string): Merge {
  const b = splitLines(base);
  const m = splitLines(mine);
  const t = splitLines(theirs);
  const ours = changes(b.lines, m.lines);
  const other = changes(b.lines, t.lines);
  const hunks: Hunk[] = [];
  const emit = (lines: string[]) => lines.length > 0 && hunks.push({ kind: "same", lines });
  let conflicts = 0;
  let at = 0;
  let i = 0;
  let j = 0;
  while (i < ours.length || j < other.length) {
    const takeOurs = j >= other.length || (i < ours.length && sortKey(ours[i]) <= sortKey(other[j]));
    const first = takeOurs ? ours[i++] : other[j++];
    const mineIn = takeOurs ? [first] : [];
    const theirsIn = takeOurs ? [] : [first];
    const start = first.start;
    let end = first.end;
    // Grow the cluster while a change of either side overlaps it.
    for (;;) {
      if (i < ours.length && overlaps(ours[i], start, end)) {
        mineIn.push(ours[i]);
        end = Math.max(end, ours[i++].end);
      } else if (j < other.length && overlaps(other[j], start, end)) {
        theirsIn.push(other[j]);
        end = Math.max(end, other[j++].end);
      } else break;
    }
    emit(b.lines.slice(at, start));
    at = end;
    const mineLines = applyWithin(b.lines, start, end, mineIn);
    const theirLines = applyWithin(b.lines, start, end, theirsIn);
    if (theirsIn.length === 0 || sameLines(mineLines, theirLines)) emit(mineLines);
    else if (mineIn.length === 0) emit(theirLines);
    else {
      conflicts += 1;
      hunks.push({ kind: "conflict", base: b.lines.slice(start, end), mine: mineLines, theirs: theirLines });
    }
  }
  emit(b.lines.slice(at));
  // The final line break is a change like any other: a side that changed it wins.
  const finalNewline = m.finalNewline !== b.finalNewline ? m.finalNewline : t.finalNewline;
  const eol = mine.includes("\r\n") || (!mine.includes("\n") && theirs.includes("\r\n")) ? "\r\n" : "\n";
  return { hunks, conflicts, finalNewline, eol };
}

/** The merged text, each conflict settled by `choices[k]` for the k-th conflict ("mine" when missing). */
export function mergedText(merge: Merge, choices: readonly HunkChoice[] = []): string {
  const lines: string[] = [];
  let k = 0;
  for (const hunk of merge.hunks) {
    if (hunk.kind === "same") {
      lines.push(...hunk.lines);
      continue;
    }
    const choice = choices[k++] ?? "mine";
    if (choice !== "theirs") lines.push(...hunk.mine);
    if (choice !== "mine") lines.push(...hunk.theirs);
  }
  if (lines.length === 0) return "";
  return lines.join(merge.eol) + (merge.finalNewline ? merge.eol : "");
}
