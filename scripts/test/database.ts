import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";

/**
 * Throwaway databases on the machine's real PostgreSQL for tests. Refuses anything but a local
 * server, so a misconfigured environment can never point a test at a shared database.
 */
export const TEST_SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`tests only run against a local PostgreSQL, not ${host}`);
  }
}

export async function createTestDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  assertLocal(TEST_SERVER_URL);
  const name = `opsdeck_${label}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_SERVER_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
