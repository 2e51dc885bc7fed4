/**
 * The server the end-to-end tests run against: a fresh database on the local PostgreSQL,
 * demo data, one API token per role (written to .data/e2e/tokens.json for the tests), and the
 * production build served by the same launcher as `npm start`.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { systemActor } from "@/lib/audit";
import { ROLES } from "@/lib/auth/roles";
import { createApiToken } from "@/lib/auth/tokens";
import { closeDatabase } from "@/lib/db";
import { createTestDatabase } from "./database";

const database = await createTestDatabase("e2e");
process.env.DATABASE_URL = database.url;
const tokens = Object.fromEntries(
  await Promise.all(ROLES.map(async (role) => [role, (await createApiToken({ name: `e2e-${role}`, role }, systemActor("e2e"))).token])),
);
await closeDatabase();
mkdirSync(".data/e2e", { recursive: true });
writeFileSync(".data/e2e/tokens.json", JSON.stringify(tokens));

const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: database.url, OPSDECK_DEMO: "true" },
});
async function stop() {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await database.drop().catch(() => undefined);
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
server.on("exit", (code) => {
  void database.drop().finally(() => process.exit(code ?? 1));
});
