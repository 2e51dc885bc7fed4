import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { startPrivatePostgres } from "@/scripts/test/postgres-server";
import { expect, test } from "./fixtures";

/**
 * The production start with its database stopped: pages say the database is away (never a 500),
 * API routes answer 503, and both recover by themselves when PostgreSQL returns. A cluster of the
 * test's own (initdb), never the machine's.
 */
test.use({ storageState: { cookies: [], origins: [] } });

const port = Number(process.env.E2E_PORT ?? 3100) + 30;
const pgPort = Number(process.env.OUTAGE_PG_PORT ?? 5447);
const base = `http://127.0.0.1:${port}`;

test("pages and API answer a database outage with what happened, not a 500, and recover when it returns", async () => {
  test.setTimeout(180_000);
  const postgres = await startPrivatePostgres(pgPort);
  const env = { ...process.env, DATABASE_URL: postgres.url, AUTH_SECRET: randomBytes(32).toString("hex") };
  const cookie = (name: string) => execFileSync(process.execPath, ["--import", "tsx", "scripts/test/session-cookie.ts", "viewer", name], { env, encoding: "utf8" });
  // One person who opened a page before the outage, one whose session Opsdeck never checked.
  const [seen, unseen] = [cookie("seen"), cookie("unseen")];
  let server: ChildProcess | undefined;
  try {
    server = spawn(process.execPath, ["dist/launcher.js"], {
      env: { ...env, PORT: String(port), HOST: "127.0.0.1", OPSDECK_DEV_LOGIN: "false", LOG_LEVEL: "warn", ALERTS_EVALUATOR: "false" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await expect.poll(() => fetch(`${base}/api/health/live`).then((response) => response.status, () => 0), { timeout: 60_000 }).toBe(200);
    const page = (cookie: string) => fetch(`${base}/flags`, { headers: { cookie } });
    expect((await page(seen)).status).toBe(200);

    await postgres.stop();
    const away = await page(unseen);
    expect(away.status).toBe(200);
    expect(await away.text()).toContain("Opsdeck cannot reach its database");
    // The person checked a moment ago keeps the console (the last known session), whose data calls say 503.
    const known = await page(seen);
    expect(known.status).toBe(200);
    expect(await known.text()).not.toContain("Opsdeck cannot reach its database");
    const api = await fetch(`${base}/api/admin/feature-flags`, { headers: { cookie: unseen, "sec-fetch-site": "same-origin" } });
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).not.toBeNull();
    expect((await fetch(`${base}/api/health/ready`)).status).toBe(503);

    await postgres.start();
    await expect.poll(async () => (await page(unseen)).text(), { timeout: 30_000 }).not.toContain("Opsdeck cannot reach its database");
    expect((await fetch(`${base}/api/health/ready`)).status).toBe(200);
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server?.once("exit", resolve));
    }
    await postgres.destroy();
  }
});
