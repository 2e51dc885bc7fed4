import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listTokens } from "@/app/api/admin/tokens/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { GET as deps } from "@/app/api/health/deps/route";
import { GET as live } from "@/app/api/health/live/route";
import { resetConfigForTests } from "@/lib/config";
import { closeDatabase } from "@/lib/db";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { call, tokenFor } from "@/scripts/test/requests";

/** Stops and restarts a real (embedded) PostgreSQL under a running Opsdeck. */
describe("when the database goes away", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "opsdeck-outage-"));
  const port = 55000 + Math.floor(Math.random() * 5000);
  const sharedUrl = process.env.DATABASE_URL;
  let server: EmbeddedDatabase;

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir, port });
    await migrate(server.url);
    await closeDatabase();
    process.env.DATABASE_URL = server.url;
    resetConfigForTests();
  });

  afterAll(async () => {
    await closeDatabase();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.env.DATABASE_URL = sharedUrl;
    resetConfigForTests();
  });

  it("answers 503 with the error shape, stays live, and recovers by itself when it returns", async () => {
    const admin = await tokenFor("admin");
    expect((await call(ready, { token: admin })).status).toBe(200);
    expect((await call(listTokens, { token: admin })).status).toBe(200);

    await server.stop();
    const down = await call(listTokens, { token: admin });
    expect(down.status).toBe(503);
    expect(down.json.error.code).toBe("database_unavailable");
    expect(down.headers.get("retry-after")).toBeTruthy();
    expect((await call(live)).status).toBe(200);

    server = await startEmbeddedPostgres({ dataDir, port });
    const recovered = await call(listTokens, { token: admin });
    expect(recovered.status).toBe(200);
    expect((await call(ready, { token: admin })).status).toBe(200);
    const health = await call(deps, { token: admin });
    expect(health.json.dependencies.database.status).toBe("ok");
  });
});
