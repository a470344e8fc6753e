/** The optimizer's report (typed by the API contract) shaped for the result view. */
import type { BulletChange, OptimizeReport } from "../api/types";

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

/** What a listed change says under its diff: its section, the job terms it gained, where it moved. */
export function changeNote(change: BulletChange): string {
  const move = moveOf(change);
  const terms = change.addedTerms ?? [];
  return [
    change.section,
    terms.length > 0 && `Adds ${terms.join(", ")}`,
    move && `moved from position ${move.from + 1} to ${move.to + 1}`,
  ]
    .filter(Boolean)
    .join(" · ");
}
