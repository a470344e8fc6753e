/**
 * Chat as the assistant panel shows it. Suggestions are data from the server: each carries the resume line it
 * replaces (its number when it was made, and its text), so a card diffs against its own line and Apply finds that
 * line again, also after a reload.
 */
import type { SuggestionTarget } from "../api/types";
import { lineAt, parseResume } from "./resume";
import { locate, type TextRange } from "./selection";

export const ACTION_LABELS = { rephrase: "Rephrase", shorten: "Shorten", quantify: "Quantify", star: "STAR" } as const;
export type BulletAction = keyof typeof ACTION_LABELS;

export function isBulletAction(action: string | null | undefined): action is BulletAction {
  return !!action && action in ACTION_LABELS;
}

/** What the history keeps for a bullet action the person started. */
export function actionText(action: BulletAction, bullet: string): string {
  return `${ACTION_LABELS[action]}: ${bullet}`;
}

/**
 * Where a suggestion's line is now: at its number if that line still reads the same, else the nearest line that
 * does, else the nearest place the text appears. Null when it is gone (edited since).
 */
export function lineOf(text: string, target: SuggestionTarget): TextRange | null {
  if (!target.text) return null;
  const lines = parseResume(text);
  const same = lines.filter((line) => line.text === target.text);
  const wanted = target.line ?? 0;
  const line = same.reduce<(typeof same)[number] | null>(
    (best, l) => (best === null || Math.abs(l.number - wanted) < Math.abs(best.number - wanted) ? l : best),
    null,
  );
  if (line) return { start: line.contentStart, end: line.contentStart + line.text.length, text: line.text };
  const near = target.line !== null && target.line !== undefined ? (lines[target.line]?.start ?? 0) : 0;
  return locate(text, { start: near, end: near, text: target.text });
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
