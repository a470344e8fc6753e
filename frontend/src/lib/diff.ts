/** Myers' O(ND) diff over tokens (words or lines), with helpers to render inline and line diffs. */

export type DiffKind = "equal" | "insert" | "delete";

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

/** Edit distance beyond which we stop looking for the shortest script and report a plain replacement. */
const MAX_EDITS = 2000;

export function wordTokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

export function lineTokens(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function diffWords(before: string, after: string): DiffPart[] {
  return diffTokens(wordTokens(before), wordTokens(after));
}

export function diffLines(before: string, after: string): DiffPart[] {
  return diffTokens(lineTokens(before), lineTokens(after));
}

export function diffTokens(a: readonly string[], b: readonly string[]): DiffPart[] {
  return coalesce(editScript(a, b));
}

/** The shortest edit script token by token: every token of `a` once (equal or delete), every one of `b` once. */
export function editScript(a: readonly string[], b: readonly string[]): [DiffKind, string][] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return [
    ...a.slice(0, start).map((t): [DiffKind, string] => ["equal", t]),
    ...shortestScript(a.slice(start, endA), b.slice(start, endB)),
    ...a.slice(endA).map((t): [DiffKind, string] => ["equal", t]),
  ];
}

function coalesce(steps: [DiffKind, string][]): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const [kind, text] of steps) {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  }
  return parts;
}

function shortestScript(a: readonly string[], b: readonly string[]): [DiffKind, string][] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((t) => ["insert", t]);
  if (m === 0) return a.map((t) => ["delete", t]);
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset);
    }
  }
  // Too different to be worth the work: one deletion, one insertion.
  return [...a.map((t): [DiffKind, string] => ["delete", t]), ...b.map((t): [DiffKind, string] => ["insert", t])];
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[], offset: number): [DiffKind, string][] {
  const steps: [DiffKind, string][] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push(["equal", a[x - 1]]);
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) steps.push(["insert", b[y - 1]]);
      else steps.push(["delete", a[x - 1]]);
    }
    x = prevX;
    y = prevY;
  }
  return steps.reverse();
}

export interface DiffStats {
  added: number;
  removed: number;
}

/** Lines added and removed (for headings such as "+3 −1"). */
export function lineStats(parts: readonly DiffPart[]): DiffStats {
  const count = (kind: DiffKind) =>
    parts.filter((p) => p.kind === kind).reduce((sum, p) => sum + lineTokens(p.text).length, 0);
  return { added: count("insert"), removed: count("delete") };
}
