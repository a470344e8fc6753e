import { defineConfig } from "vitest/config";

export default defineConfig({
  // A browser resolves the API's relative URLs against the page; under Node the client needs an absolute base.
  test: { environment: "node", include: ["src/**/*.test.ts"], env: { VITE_API_BASE_URL: "http://api.test" } },
});
