// Print the gzip size of the built JavaScript (initial chunks and total) and fail over either budget: what every
// visit downloads before the editor works (first load), and everything including the panels loaded on demand.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url).pathname;
const firstLoadBudgetKb = Number(process.env.BUNDLE_FIRST_LOAD_BUDGET_KB ?? 40);
const budgetKb = Number(process.env.BUNDLE_BUDGET_KB ?? 70);
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]));

const kb = (n) => (n / 1024).toFixed(1);
let total = 0;
let initialTotal = 0;
for (const name of readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js")).sort()) {
  const file = `assets/${name}`;
  const gz = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += gz;
  if (initial.has(file)) initialTotal += gz;
  console.log(`  ${file.padEnd(44)} ${kb(gz).padStart(6)} KB gz${initial.has(file) ? "  (initial)" : ""}`);
}
console.log(
  `JS bundle: ${kb(initialTotal)} KB gz on first load (budget ${firstLoadBudgetKb} KB), ` +
    `${kb(total)} KB gz in total (budget ${budgetKb} KB)`,
);
if (initialTotal / 1024 > firstLoadBudgetKb) {
  console.error(`JS bundle's first load is over its budget of ${firstLoadBudgetKb} KB gz`);
  process.exit(1);
}
if (total / 1024 > budgetKb) {
  console.error(`JS bundle is over its budget of ${budgetKb} KB gz`);
  process.exit(1);
}
