/** The optimizer's report (typed by the API contract) shaped for the result view. */
import type { BulletChange, OptimizeReport } from "../api/types";
import { LIST_SPLIT, parseResume } from "./resume";

export interface Move {
  from: number;
  to: number;
}

/** Where a bullet moved in its list (0-based positions), if it moved. */
export function moveOf(change: BulletChange): Move | undefined {
  const { movedFrom: from, movedTo: to } = change;
  return from != null && to != null && from !== to ? { from, to } : undefined;
}

/** The bullets worth listing: those the optimizer rewrote or moved. */
export function listedChanges(report: OptimizeReport): BulletChange[] {
  return report.changes.filter((change) => change.original !== change.revised || moveOf(change));
}

/** What a listed change says under its diff: its section, why it changed, the job terms it gained, where it moved. */
export function changeNote(change: BulletChange): string {
  const move = moveOf(change);
  const terms = change.addedTerms ?? [];
  return [
    change.section,
    change.reason,
    terms.length > 0 && `Adds ${terms.join(", ")}`,
    move && `moved from position ${move.from + 1} to ${move.to + 1}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

/**
 * The resume text with `term` added to its Skills line (found by the resume model: the first skills line of the
 * Skills section, else the first skills line not listing languages or interests); a Skills section is added at
 * the end when there is none. Unchanged when the line already lists the term.
 */
export function addToSkills(text: string, term: string): string {
  const lines = parseResume(text).filter((line) => line.kind === "skills");
  const line =
    lines.find((l) => l.section === "skills") ??
    lines.find((l) => l.section !== "languages" && l.section !== "interests");
  if (!line) {
    const body = text.replace(/\s+$/u, "");
    return `${body}${body ? "\n\n" : ""}Skills\n${term}\n`;
  }
  const content = text.slice(line.contentStart, line.end).replace(/\r$/u, "");
  const listed = content
    .replace(/^[^:]{1,40}:/u, "")
    .split(LIST_SPLIT)
    .map((item) => item.trim().toLowerCase());
  if (listed.includes(term.toLowerCase())) return text;
  const kept = content.replace(/[\s,;]+$/u, "");
  return `${text.slice(0, line.contentStart)}${kept}, ${term}${text.slice(line.contentStart + content.length)}`;
}
