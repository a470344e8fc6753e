import { defineConfig } from "vite";

// `npm run dev` serves the SPA and forwards /api to the local runtime (`make dev`, port 8000).
const apiTarget = process.env.API_PROXY_TARGET ?? "http://127.0.0.1:8000";

// The app is written against React's API (and typed with @types/react) but runs on Preact through preact/compat:
// ~10 KB gz instead of React 18's ~46, which keeps both bundle budgets (docs/decisions.md, "Web app").
// The JSX is compiled by Vite itself (tsconfig `react-jsx`); React's Fast Refresh plugin has no Preact renderer to
// refresh, so a change in dev reloads the page.
export const reactOnPreact = [
  { find: /^react$/, replacement: "preact/compat" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
  { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
  { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
];

export default defineConfig({
  resolve: { alias: reactOnPreact },
  // No modulepreload polyfill: browsers without <link rel="modulepreload"> (Firefox < 115, Safari < 17) load the
  // same modules without the hint; the 0.2 KB gz it cost is what keeps the bundle in its budget (docs/performance.md).
  build: {
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // swr marks its modules "use client" for React Server Components; a browser-only bundle has nothing to keep.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE" || !warning.message.includes('"use client"')) warn(warning);
      },
    },
  },
  server: { host: "127.0.0.1", proxy: { "/api": apiTarget } },
});
