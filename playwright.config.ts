import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

// Debian's Chromium, never a downloaded browser. The flags keep it off the (closed) network.
const chromium = {
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two cores: one worker keeps the server responsive and the timings meaningful.
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: { baseURL, trace: "retain-on-failure", launchOptions: chromium },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium }, grepInvert: /@phone/ },
    {
      name: "phone",
      use: { ...devices["Pixel 7"], viewport: { width: 375, height: 800 }, launchOptions: chromium },
      grep: /@phone/,
    },
  ],
  webServer: {
    command: "npx tsx scripts/test/e2e-server.ts",
    url: `${baseURL}/api/health/live`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: { PORT: String(port), LOG_LEVEL: "warn", OPSDECK_TRACE_EXPORT: "true" },
    stdout: "pipe",
    stderr: "pipe",
  },
});
