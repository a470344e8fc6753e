// The web app's own merge and polling schedule for Python tools (the load test's two-writer scenario, `bench`):
// one JSON request per line on stdin, one JSON answer per line on stdout. The TypeScript sources are transpiled
// at start, so each algorithm has one implementation: frontend/src/lib/merge.ts and freshness.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import ts from "typescript";

const lib = new URL("../src/lib/", import.meta.url);
const out = mkdtempSync(join(tmpdir(), "rc-weblogic-"));
for (const name of ["diff", "merge", "freshness"]) {
  const source = readFileSync(new URL(`${name}.ts`, lib), "utf8");
  const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
  const js = ts.transpileModule(source, { compilerOptions: options }).outputText;
  writeFileSync(join(out, `${name}.mjs`), js.replace(/from "\.\/(\w+)"/g, 'from "./$1.mjs"'));
}
const load = (name) => import(pathToFileURL(join(out, `${name}.mjs`)).href);
const { merge3, mergedText } = await load("merge");
const { FRESHNESS, pollDelay } = await load("freshness");
rmSync(out, { recursive: true, force: true });

const operations = {
  /** Three-way merge; every conflicting passage settled by `choice` (default "both": nothing dropped). */
  merge({ base, mine, theirs, choice = "both" }) {
    const merge = merge3(base, mine, theirs);
    return { text: mergedText(merge, Array(merge.conflicts).fill(choice)), conflicts: merge.conflicts };
  },
  pollDelay: ({ idleMs }) => ({ delayMs: pollDelay(idleMs) }),
  policy: () => FRESHNESS,
};

for await (const line of createInterface({ input: process.stdin })) {
  let answer;
  try {
    const request = JSON.parse(line);
    answer = operations[request.op](request);
  } catch (error) {
    answer = { error: String(error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
