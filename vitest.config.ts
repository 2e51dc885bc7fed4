import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}"], exclude: ["**/*.integration.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["lib/**/*.integration.test.ts", "app/**/*.integration.test.ts", "scripts/**/*.integration.test.ts"],
          globalSetup: ["scripts/test/global-setup.ts"],
          setupFiles: ["scripts/test/integration-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses; Vite resolves it.
          server: { deps: { inline: ["next-auth"] } },
        },
      },
    ],
  },
});
