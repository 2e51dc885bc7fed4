/**
 * The server the end-to-end tests run against: a fresh database on the local PostgreSQL,
 * demo data, one API token per role (written to .data/e2e/tokens.json for the tests), and the
 * production build served by the same launcher as `npm start` (dist/launcher.js, Next's standalone
 * server) with a flag edge beside it on PORT+10, with the development sign-in.
 *   --sso   instead: a real OpenID provider on 127.0.0.1 (port PORT+1) and Opsdeck configured
 *           with it as its issuer, for the single sign-on tests; its tokens go to .data/e2e/sso-tokens.json.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { systemActor } from "@/lib/audit";
import { ROLES } from "@/lib/auth/roles";
import { createApiToken } from "@/lib/auth/tokens";
import { closeDatabase } from "@/lib/db";
import { createTestDatabase } from "./database";
import { IDP_CLIENT, IDP_ROLE_MAP, startOidcProvider } from "./oidc-provider";

const { values: flags } = parseArgs({ options: { sso: { type: "boolean", default: false } } });
const port = Number(process.env.PORT ?? 3100);

const database = await createTestDatabase(flags.sso ? "e2e_sso" : "e2e");
process.env.DATABASE_URL = database.url;
let authEnv: Record<string, string> = {};
let closeIdp = async () => undefined as void;
if (flags.sso) {
  const idp = await startOidcProvider({ port: port + 1, redirectUri: `http://localhost:${port}/api/auth/callback/oidc` });
  closeIdp = idp.close;
  authEnv = { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: IDP_CLIENT.id, OIDC_CLIENT_SECRET: IDP_CLIENT.secret, OIDC_ROLE_MAP: IDP_ROLE_MAP };
}
// Alert webhooks and other machine callers authenticate with tokens on the SSO server too.
const tokens = Object.fromEntries(
  await Promise.all(ROLES.map(async (role) => [role, (await createApiToken({ name: `e2e-${role}`, role }, systemActor("e2e"))).token])),
);
mkdirSync(".data/e2e", { recursive: true });
writeFileSync(flags.sso ? ".data/e2e/sso-tokens.json" : ".data/e2e/tokens.json", JSON.stringify(tokens));
const edgePort = port + 10;
writeFileSync(flags.sso ? ".data/e2e/sso-edge.json" : ".data/e2e/edge.json", JSON.stringify({ url: `http://127.0.0.1:${edgePort}` }));
await closeDatabase();

const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
  stdio: "inherit",
  env: { ...process.env, ...authEnv, DATABASE_URL: database.url, OPSDECK_DEMO: "true", FLAG_EDGE_PORT: String(edgePort) },
});
async function cleanUp() {
  await closeIdp().catch(() => undefined);
  await database.drop().catch(() => undefined);
}
async function stop() {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await cleanUp();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
server.on("exit", (code) => {
  void cleanUp().finally(() => process.exit(code ?? 1));
});
