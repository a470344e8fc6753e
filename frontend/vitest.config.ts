import { defineConfig } from "vitest/config";
import { reactOnPreact } from "./vite.config";

export default defineConfig({
  resolve: { alias: reactOnPreact },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
