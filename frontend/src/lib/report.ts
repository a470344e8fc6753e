/**
 * The optimizer's report, read defensively: the result view shows what is there and never breaks on a shape it
 * does not know. Coverage figures are percentages (0-100).
 */

export interface BulletChange {
  before: string;
  after: string;
  reason?: string;
  section?: string;
  /** Position in its list before and after reordering (0-based), when the bullet moved. */
  moved?: { from: number; to: number };
}

export interface OptimizeReport {
  coverageBefore?: number;
  coverageAfter?: number;
  matched: string[];
  missing: string[];
  changes: BulletChange[];
  optimizedText?: string;
  notes: string[];
  flags: Flag[];
}

import type { Flag } from "./flags";

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === "object" && value !== null && !Array.isArray(value);

function pick(source: Loose, ...keys: string[]): unknown {
  for (const key of keys) if (source[key] !== undefined && source[key] !== null) return source[key];
  return undefined;
}

function percent(value: unknown): number | undefined {
  if (isObject(value)) value = pick(value, "percent", "score", "ratio", "value");
  const n = typeof value === "string" ? Number.parseFloat(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) return undefined;
  return Math.round((n <= 1 ? n * 100 : n) * 10) / 10;
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => (typeof item === "string" ? item : isObject(item) ? pick(item, "keyword", "term", "text") : undefined))
    .filter((item): item is string => typeof item === "string" && item.length > 0);
}

export function readReport(raw: unknown): OptimizeReport {
  const report: OptimizeReport = { matched: [], missing: [], changes: [], notes: [], flags: [] };
  if (!isObject(raw)) return report;
  const coverage = pick(raw, "coverage", "keywordCoverage");
  const cov = isObject(coverage) ? coverage : {};
  const before = pick(raw, "coverageBefore", "beforeCoverage") ?? pick(cov, "before", "original");
  const after = pick(raw, "coverageAfter", "afterCoverage") ?? pick(cov, "after", "optimized");
  const afterObject = isObject(after) ? after : {};
  report.coverageBefore = percent(before);
  report.coverageAfter = percent(after);
  report.matched = strings(
    pick(raw, "matchedKeywords", "matched") ?? pick(afterObject, "matched") ?? pick(cov, "matched", "matchedAfter"),
  );
  report.missing = strings(
    pick(raw, "missingKeywords", "missing") ?? pick(afterObject, "missing") ?? pick(cov, "missing", "missingAfter"),
  );
  const changes = pick(raw, "changes", "bulletChanges", "rewrites");
  if (Array.isArray(changes)) {
    for (const change of changes) {
      if (!isObject(change)) continue;
      const before = pick(change, "before", "original", "old", "from");
      const after = pick(change, "after", "revised", "rewritten", "new", "to");
      const reason = pick(change, "reason", "why", "addedTerms", "keywords");
      const section = pick(change, "section");
      const from = pick(change, "movedFrom");
      const to = pick(change, "movedTo");
      const moved = typeof from === "number" && typeof to === "number" && from !== to ? { from, to } : undefined;
      // A bullet that neither changed nor moved is not a change worth listing.
      if (typeof before === "string" && typeof after === "string" && (before !== after || moved)) {
        report.changes.push({
          before,
          after,
          reason:
            typeof reason === "string"
              ? reason
              : Array.isArray(reason) && reason.length > 0
                ? `Adds ${strings(reason).join(", ")}`
                : undefined,
          section: typeof section === "string" ? section : undefined,
          moved,
        });
      }
    }
  }
  const text = pick(raw, "optimizedText", "optimizedResume", "text", "resumeText");
  if (typeof text === "string") report.optimizedText = text;
  const explanation = pick(raw, "explanation", "summary");
  report.notes = [...(typeof explanation === "string" ? [explanation] : []), ...strings(pick(raw, "notes", "warnings"))];
  const flags = pick(raw, "flags");
  if (Array.isArray(flags)) {
    report.flags = flags.filter(
      (f): f is Flag => isObject(f) && typeof f.text === "string" && typeof f.kind === "string",
    );
  }
  return report;
}

/** Rebuild the optimized text from the source and the change list (when the report carries no full text). */
export function applyChanges(source: string, changes: readonly BulletChange[]): string {
  let text = source;
  for (const change of changes) {
    if (change.before && text.includes(change.before)) text = text.replace(change.before, change.after);
  }
  return text;
}
