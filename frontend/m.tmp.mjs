import { build } from "vite";
import { gzipSync } from "node:zlib";
for (const mp of [undefined, { polyfill: false }, false]) {
const out = await build({ logLevel: "silent", build: { write: false, modulePreload: mp } });
let t = 0, first = 0;
for (const c of (Array.isArray(out) ? out[0] : out).output.filter((c) => c.type === "chunk")) { const g = gzipSync(c.code, {level: 9}).length; t += g; if (c.isEntry) first += g; }
console.log(JSON.stringify(mp), "total", (t/1024).toFixed(2), "entry", (first/1024).toFixed(2));
}
