// Fail when src/api/schema.d.ts is not what openapi-typescript generates from docs/openapi.json now.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "api-types-"));
try {
  const fresh = join(dir, "schema.d.ts");
  execFileSync(join(root, "node_modules/.bin/openapi-typescript"), ["../docs/openapi.json", "-o", fresh], {
    cwd: root,
    stdio: "ignore",
  });
  if (readFileSync(fresh, "utf8") !== readFileSync(join(root, "src/api/schema.d.ts"), "utf8")) {
    console.error("src/api/schema.d.ts is stale: run `npm run api-types` in frontend/ (or `make api-types`)");
    process.exit(1);
  }
  console.log("API types match docs/openapi.json");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
