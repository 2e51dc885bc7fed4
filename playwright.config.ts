import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
// A second Opsdeck with a real OpenID provider as its issuer (the IdP listens on ssoPort + 1).
const ssoPort = port + 1;
const ssoBaseURL = `http://localhost:${ssoPort}`;
/** Where the setup project leaves the signed-in admin's cookies for the other projects. */
const adminState = ".data/e2e/admin-state.json";

// Debian's Chromium, never a downloaded browser. The flags keep it off the (closed) network.
const chromium = {
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

const server = (args: string, serverPort: number) => ({
  command: `npx tsx scripts/test/e2e-server.ts ${args}`.trim(),
  url: `http://localhost:${serverPort}/api/health/live`,
  timeout: 180_000,
  reuseExistingServer: false,
  // OTLP_GRPC_PORT 0: several test servers on one machine must not contend for 4317.
  env: { PORT: String(serverPort), LOG_LEVEL: "warn", OPSDECK_TRACE_EXPORT: "true", OTLP_GRPC_PORT: "0" },
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  // SIGTERM, not the default SIGKILL: the server then stops Opsdeck and drops its test database.
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
});

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
    { name: "setup", testMatch: /auth\.setup\.ts/, use: { ...devices["Desktop Chrome"], launchOptions: chromium } },
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], launchOptions: chromium, storageState: adminState },
      dependencies: ["setup"],
      testIgnore: /(sso|incidents|fuzz)\.spec\.ts/,
      grepInvert: /@phone/,
    },
    {
      name: "phone",
      use: { ...devices["Pixel 7"], viewport: { width: 375, height: 800 }, launchOptions: chromium, storageState: adminState },
      dependencies: ["setup"],
      testIgnore: /sso\.spec\.ts/,
      grep: /@phone/,
    },
    // incidents.spec.ts: alert links opened signed out go through the IdP; its @phone check runs in "phone".
    {
      name: "sso",
      testMatch: /(sso|incidents)\.spec\.ts/,
      grepInvert: /@phone/,
      use: { ...devices["Desktop Chrome"], launchOptions: chromium, baseURL: ssoBaseURL },
    },
    // Last, after every other project, so the fuzz's valid writes cannot disturb another spec (e2e/fuzz.spec.ts).
    { name: "fuzz", testMatch: /fuzz\.spec\.ts/, dependencies: ["desktop", "phone", "sso"] },
  ],
  webServer: [server("", port), server("--sso", ssoPort)],
});
