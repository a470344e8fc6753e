import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` serves the SPA with hot reload and forwards /api to the local runtime (`make dev`, port 8000).
const apiTarget = process.env.API_PROXY_TARGET ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  // No modulepreload polyfill: browsers without <link rel="modulepreload"> (Firefox < 115, Safari < 17) load the
  // same modules without the hint; the 0.2 KB gz it cost is what keeps the bundle in its budget (docs/performance.md).
  build: { modulePreload: { polyfill: false } },
  server: { host: "127.0.0.1", proxy: { "/api": apiTarget } },
});
