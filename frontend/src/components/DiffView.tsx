import { Fragment } from "react";
import { type DiffPart, diffLines, diffWords, lineStats, lineTokens } from "../lib/diff";
import { type Flag, highlight } from "../lib/flags";
import { plural } from "../format";

/** Words removed struck through, words added highlighted; flagged figures marked in the added text. */
export function InlineDiff({ before, after, flags }: { before: string; after: string; flags?: Flag[] }) {
  return (
    <span className="inline-diff">
      {diffWords(before, after).map((part, i) => {
        if (part.kind === "delete") return <del key={i}>{part.text}</del>;
        const content = <Highlighted text={part.text} flags={flags} />;
        return part.kind === "insert" ? <ins key={i}>{content}</ins> : <Fragment key={i}>{content}</Fragment>;
      })}
    </span>
  );
}

export function Highlighted({ text, flags }: { text: string; flags?: Flag[] }) {
  return (
    <>
      {highlight(text, flags).map((segment, i) =>
        segment.flag ? (
          <mark key={i} className="flag" title={segment.flag}>
            {segment.text}
          </mark>
        ) : (
          <Fragment key={i}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}

interface Row {
  kind: DiffPart["kind"];
  line: string;
  pair?: string; // the line it replaced (or was replaced by), for word-level marks
}

function rows(parts: DiffPart[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const lines = lineTokens(part.text).map((l) => l.replace(/\n$/, ""));
    const next = parts[i + 1];
    if (part.kind === "delete" && next?.kind === "insert") {
      const added = lineTokens(next.text).map((l) => l.replace(/\n$/, ""));
      lines.forEach((line, j) => out.push({ kind: "delete", line, pair: added[j] }));
      added.forEach((line, j) => out.push({ kind: "insert", line, pair: lines[j] }));
      i++;
      continue;
    }
    for (const line of lines) out.push({ kind: part.kind, line });
  }
  return out;
}

const CONTEXT = 2;

/** A unified line diff, unchanged stretches folded, changed words marked inside changed lines. */
export function DiffView({
  before,
  after,
  beforeLabel,
  afterLabel,
}: {
  before: string;
  after: string;
  beforeLabel: string;
  afterLabel: string;
}) {
  const parts = diffLines(before, after);
  const stats = lineStats(parts);
  const all = rows(parts);
  const near = all.map((_, i) => all.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((r) => r.kind !== "equal"));
  const shown: (Row | { folded: number })[] = [];
  for (let i = 0; i < all.length; i++) {
    if (near[i]) {
      shown.push(all[i]);
      continue;
    }
    let j = i;
    while (j < all.length && !near[j]) j++;
    shown.push({ folded: j - i });
    i = j - 1;
  }
  return (
    <figure className="diff">
      <figcaption>
        <span className="diff-del-label">− {beforeLabel}</span> <span className="diff-ins-label">+ {afterLabel}</span>{" "}
        <span className="muted">
          ({plural(stats.added, "line")} added, {stats.removed} removed)
        </span>
      </figcaption>
      {stats.added + stats.removed === 0 ? (
        <p className="muted">No differences.</p>
      ) : (
        <pre className="diff-body">
          {shown.map((row, i) =>
            "folded" in row ? (
              <div key={i} className="diff-fold">
                ⋯ {row.folded} unchanged {row.folded === 1 ? "line" : "lines"}
              </div>
            ) : (
              <div key={i} className={`diff-line diff-${row.kind}`}>
                <span className="diff-sign" aria-hidden="true">
                  {row.kind === "insert" ? "+" : row.kind === "delete" ? "−" : " "}
                </span>
                <span className="sr-only">{row.kind === "insert" ? "added: " : row.kind === "delete" ? "removed: " : ""}</span>
                <LineContent row={row} />
              </div>
            ),
          )}
        </pre>
      )}
    </figure>
  );
}

function LineContent({ row }: { row: Row }) {
  if (row.pair === undefined || row.kind === "equal") return <>{row.line || " "}</>;
  const parts = row.kind === "delete" ? diffWords(row.line, row.pair) : diffWords(row.pair, row.line);
  const own = row.kind === "delete" ? "delete" : "insert";
  return (
    <>
      {parts
        .filter((p) => p.kind === "equal" || p.kind === own)
        .map((p, i) => (p.kind === "equal" ? <Fragment key={i}>{p.text}</Fragment> : <strong key={i}>{p.text}</strong>))}
    </>
  );
}
